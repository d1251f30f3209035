import assert from 'node:assert/strict';
import { applyPyFix, describe1, lines, preparePython, pyFindings, pySyntaxErrors } from './harness.ts';

const RULE = 'swallowed-cancellation';

describe('python swallowed-cancellation', () => {
  before(() => preparePython());

  it('reports except CancelledError that does not re-raise, and adds raise at the end of the handler', () => {
    const code = [
      'import asyncio',
      '',
      '',
      'async def worker(queue):',
      '    try:',
      '        await queue.get()',
      '    except asyncio.CancelledError as error:',
      '        if error:',
      '            print("stopping")  # bye',
      '    print("after")',
      '',
    ].join('\n');
    const [f, ...rest] = pyFindings(code, RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(describe1(code, [f!]), [
      '7: `except CancelledError` in a coroutine swallows asyncio.CancelledError: the task can no longer be cancelled (timeouts and TaskGroups stop working). Re-raise it.',
    ]);
    assert.equal(code.slice(f!.start, f!.end), 'except asyncio.CancelledError as error');
    const fixed = applyPyFix(code, f!);
    assert.equal(fixed, code.replace('print("stopping")  # bye\n', 'print("stopping")  # bye\n        raise\n'));
    assert.equal(pySyntaxErrors(fixed), 0);
    assert.deepEqual(pyFindings(fixed, RULE), []);
  });

  it('reports bare except and BaseException (also in tuples and one-line handlers)', () => {
    const code = [
      'from asyncio import CancelledError',
      'async def a(x):',
      '    try:',
      '        await x',
      '    except: pass',
      'async def b(x):',
      '    try:',
      '        async with x:',
      '            pass',
      '    except (ValueError, BaseException):',
      '        return_value = None',
      'async def c(x):',
      '    try:',
      '        await x',
      '    except CancelledError:',
      '        pass',
      '',
    ].join('\n');
    const found = pyFindings(code, RULE);
    assert.deepEqual(lines(code, found), [5, 10, 15]);
    assert.equal(applyPyFix(code, found[0]!), code.replace('    except: pass', '    except: pass; raise'));
    assert.equal(pySyntaxErrors(applyPyFix(code, found[0]!)), 0);
  });

  it('does not report handlers that re-raise or leave deliberately, sync code, except Exception, or a try that never awaits', () => {
    const code = [
      'import asyncio',
      'def sync(x):',
      '    try:',
      '        x()',
      '    except BaseException:',
      '        pass',
      'async def a(x):',
      '    try:',
      '        await x',
      '    except asyncio.CancelledError:',
      '        cleanup = 1',
      '        raise',
      '    except Exception:',
      '        pass',
      '    try:',
      '        await x',
      '    except asyncio.CancelledError:',
      '        return None',
      '    while True:',
      '        try:',
      '            await x',
      '        except asyncio.CancelledError:',
      '            break',
      '    try:',
      '        x()',
      '    except:',
      '        pass',
      '    try:',
      '        await x',
      '    except asyncio.CancelledError:',
      '        asyncio.current_task().uncancel()',
      '    try:',
      '        await x',
      '    except asyncio.CancelledError:',
      '        raise',
      '    except BaseException:',
      '        pass',
      '',
    ].join('\n');
    assert.deepEqual(pyFindings(code, RULE), []);
  });
});
