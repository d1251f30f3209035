"""Simulated asyncio crawler with the pitfalls async-lint finds."""
import asyncio
import time


async def fetch(url: str) -> str:
    await asyncio.sleep(0.1)
    return f"<html>{url}</html>"


async def save(page: str) -> None:
    await asyncio.sleep(0.01)


async def crawl(url: str) -> str:
    page = await fetch(url)
    # Blocks the event loop: every other task waits for this sleep.
    time.sleep(0.5)
    # The coroutine is created but never runs: the page is never saved.
    save(page)
    return page


async def main() -> None:
    # The task may be garbage-collected before it finishes: nothing keeps a reference.
    asyncio.create_task(crawl("https://example.com/a"))
    try:
        await crawl("https://example.com/b")
    except asyncio.CancelledError:
        # Swallowing cancellation makes this task impossible to cancel.
        print("cancelled")


if __name__ == "__main__":
    asyncio.run(main())
