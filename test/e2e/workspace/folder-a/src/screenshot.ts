import { fetchOrders, fetchSettings, fetchUser } from './api.js';

export async function loadDashboard(id: number) {
  const user = await fetchUser(id);
  const orders = await fetchOrders(id);
  const settings = await fetchSettings(id);
  return { user, orders, settings };
}
