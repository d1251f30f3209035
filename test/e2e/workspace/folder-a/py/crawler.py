import asyncio
import time


async def fetch(url: str) -> str:
    await asyncio.sleep(0.01)
    return f"<html>{url}</html>"


async def crawl(url: str) -> str:
    page = await fetch(url)
    time.sleep(0.5)
    return page
