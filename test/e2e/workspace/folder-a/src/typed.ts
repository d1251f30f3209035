import { fetchUser } from './api.js';

export async function refresh(id: number): Promise<void> {
  fetchUser(id);
}
