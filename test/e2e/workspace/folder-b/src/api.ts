export interface User {
  id: number;
  name: string;
}

export async function fetchUser(id: number): Promise<User> {
  await new Promise((resolve) => setTimeout(resolve, 1)); // stands for the I/O
  return { id, name: `user ${id}` };
}

export async function fetchOrders(userId: number): Promise<number[]> {
  await new Promise((resolve) => setTimeout(resolve, 1)); // stands for the I/O
  return [userId, userId + 1];
}

export async function fetchSettings(userId: number): Promise<Record<string, string>> {
  return { theme: userId % 2 === 0 ? 'dark' : 'light' };
}
