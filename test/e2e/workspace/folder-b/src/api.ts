export interface User {
  id: number;
  name: string;
}

export async function fetchUser(id: number): Promise<User> {
  return { id, name: `user ${id}` };
}

export async function fetchOrders(userId: number): Promise<number[]> {
  return [userId, userId + 1];
}

export async function fetchSettings(userId: number): Promise<Record<string, string>> {
  return { theme: userId % 2 === 0 ? 'dark' : 'light' };
}
