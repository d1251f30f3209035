import asyncio


async def fetch_user(user_id: int) -> str:
    await asyncio.sleep(0.01)
    return f"user {user_id}"


async def fetch_orders(user_id: int) -> list[int]:
    await asyncio.sleep(0.01)
    return [user_id]


async def load(user_id: int) -> tuple[str, list[int]]:
    user = await fetch_user(user_id)
    orders = await fetch_orders(user_id)
    return user, orders
