import assert from 'node:assert/strict';
import { applyPyFix, describe1, lines, preparePython, pyFindings, pySyntaxErrors } from './harness.ts';

const RULE = 'event-loop-misuse';

describe('python event-loop-misuse', () => {
  before(() => preparePython());

  it('replaces asyncio.run(coro) and loop.run_until_complete(coro) inside a coroutine with await', () => {
    const code = [
      'import asyncio',
      '',
      '',
      'async def refresh():',
      '    return 1',
      '',
      '',
      'async def main(loop):',
      '    asyncio.run(refresh())',
      '    value = loop.run_until_complete(refresh()).real',
      '    loop.run_forever()',
      '    return value',
      '',
    ].join('\n');
    const found = pyFindings(code, RULE);
    assert.deepEqual(describe1(code, found), [
      '9: `asyncio.run()` inside a coroutine raises RuntimeError: an event loop is already running. Await the coroutine instead.',
      '10: `run_until_complete()` inside a coroutine raises RuntimeError: an event loop is already running in this thread. Await the coroutine instead.',
      '11: `run_forever()` inside a coroutine raises RuntimeError: an event loop is already running in this thread.',
    ]);
    assert.equal(applyPyFix(code, found[0]!), code.replace('    asyncio.run(refresh())', '    await refresh()'));
    const second = applyPyFix(code, found[1]!);
    assert.equal(second, code.replace('loop.run_until_complete(refresh()).real', '(await refresh()).real'));
    assert.equal(pySyntaxErrors(second), 0);
    assert.deepEqual(found[2]!.fixes, []);
  });

  it('rewrites get_event_loop() to get_running_loop() as a safe fix, adding the import when needed', () => {
    const code = 'from asyncio import get_event_loop\n\n\nasync def main():\n    loop = get_event_loop()\n    return loop\n';
    const [f] = pyFindings(code, RULE);
    assert.deepEqual(lines(code, [f!]), [5]);
    assert.equal(f!.fixes[0]!.applicability, 'safe');
    assert.equal(applyPyFix(code, f!), 'import asyncio\nfrom asyncio import get_event_loop\n\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    return loop\n');
  });

  it('does not report the same calls in synchronous code or nested sync functions', () => {
    const code = [
      'import asyncio',
      'async def job():',
      '    pass',
      'def main():',
      '    loop = asyncio.get_event_loop()',
      '    loop.run_until_complete(job())',
      '    asyncio.run(job())',
      'async def outer():',
      '    def in_thread():',
      '        asyncio.run(job())',
      '    await asyncio.to_thread(in_thread)',
      'if __name__ == "__main__":',
      '    asyncio.run(outer())',
      '',
    ].join('\n');
    assert.deepEqual(pyFindings(code, RULE), []);
  });
});
