// Simulated network calls.
export interface User { id: number; name: string }
export interface Order { id: number; total: number }

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function fetchUser(id: number): Promise<User> {
  await delay(100);
  return { id, name: `user ${id}` };
}

export async function fetchOrders(userId: number): Promise<Order[]> {
  await delay(100);
  return [{ id: userId * 10, total: 42 }];
}

export async function fetchSettings(userId: number): Promise<Record<string, string>> {
  await delay(100);
  return { theme: userId % 2 ? 'dark' : 'light' };
}

export async function saveAudit(entry: string): Promise<void> {
  await delay(10);
  void entry;
}
