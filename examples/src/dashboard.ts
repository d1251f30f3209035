import { readFileSync } from 'node:fs';
import { fetchOrders, fetchSettings, fetchUser, saveAudit } from './api.js';

// Three independent requests, awaited one after another: 300 ms instead of 100 ms.
export async function loadDashboard(userId: number) {
  const user = await fetchUser(userId);
  const orders = await fetchOrders(userId);
  const settings = await fetchSettings(userId);
  return { user, orders, settings };
}

// One request per id, each waiting for the previous one.
export async function loadUsers(ids: number[]) {
  const users = [];
  for (const id of ids) {
    users.push(await fetchUser(id));
  }
  return users;
}

// The audit write is never awaited: its failure is unhandled and the caller cannot wait for it.
export async function logView(userId: number) {
  saveAudit(`viewed ${userId}`);
}

// Reading a file synchronously blocks every other request on this process.
export async function loadTemplate(name: string) {
  const template = readFileSync(`templates/${name}.html`, 'utf8');
  return template.replace('{{name}}', name);
}

// An async callback to forEach: nothing waits for the saves, and errors are lost.
export async function auditAll(ids: number[]) {
  ids.forEach(async (id) => {
    await saveAudit(`bulk ${id}`);
  });
}

// Dependent awaits are NOT reported: the second call needs the first result.
export async function loadFirstOrder(userId: number) {
  const user = await fetchUser(userId);
  const orders = await fetchOrders(user.id);
  return orders[0];
}
