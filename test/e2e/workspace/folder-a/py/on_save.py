import asyncio


async def schedule_refresh() -> None:
    loop = asyncio.get_event_loop()
    loop.call_later(1.0, print, "refresh")
