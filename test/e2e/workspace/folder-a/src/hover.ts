import { readFileSync } from 'node:fs';
import { fetchOrders, fetchUser } from './api.js';

export async function loadDashboard(id: number) {
  const user = await fetchUser(id);
  const orders = await fetchOrders(id);
  const banner = readFileSync('banner.txt', 'utf8');
  return { user, orders, banner };
}
