import assert from 'node:assert/strict';
import { applyPyFix, describe1, lines, preparePython, pyFindings, pySyntaxErrors } from './harness.ts';

const RULE = 'dangling-task';

describe('python dangling-task', () => {
  before(() => preparePython());

  const code = [
    'import asyncio',
    '',
    '',
    'async def notify(user):',
    '    await asyncio.sleep(0)',
    '',
    '',
    'async def handle(user):',
    '    asyncio.create_task(notify(user))  # fire',
    '    print("handled")',
    '    return user',
    '',
  ].join('\n');

  it('reports a dropped task with the keep-in-a-set fix first and the TaskGroup fix second', () => {
    const [f, ...rest] = pyFindings(code, RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(describe1(code, [f!]), [
      '9: The task from `asyncio.create_task(...)` is not kept: the event loop references tasks only weakly, so it can be garbage-collected before it finishes, and its errors go unseen.',
    ]);
    assert.deepEqual(f!.fixes.map((x) => x.applicability), ['safe', 'unsafe']);
    const kept = applyPyFix(code, f!, 0);
    assert.equal(
      kept,
      [
        'import asyncio',
        '',
        '_background_tasks = set()',
        '',
        '',
        'async def notify(user):',
        '    await asyncio.sleep(0)',
        '',
        '',
        'async def handle(user):',
        '    task = asyncio.create_task(notify(user))  # fire',
        '    _background_tasks.add(task)',
        '    task.add_done_callback(_background_tasks.discard)',
        '    print("handled")',
        '    return user',
        '',
      ].join('\n'),
    );
    assert.equal(pySyntaxErrors(kept), 0);
    assert.deepEqual(pyFindings(kept, RULE), []);
    const grouped = applyPyFix(code, f!, 1);
    assert.equal(
      grouped,
      [
        'import asyncio',
        '',
        '',
        'async def notify(user):',
        '    await asyncio.sleep(0)',
        '',
        '',
        'async def handle(user):',
        '    async with asyncio.TaskGroup() as tg:',
        '        tg.create_task(notify(user))  # fire',
        '        print("handled")',
        '        return user',
        '',
      ].join('\n'),
    );
    assert.equal(pySyntaxErrors(grouped), 0);
    assert.deepEqual(pyFindings(grouped, RULE), []);
  });

  it('reuses an existing module-level task set and knows loop.create_task and ensure_future', () => {
    const src = [
      'import asyncio',
      '_background_tasks = set()',
      'async def job():',
      '    pass',
      'async def main():',
      '    loop = asyncio.get_running_loop()',
      '    loop.create_task(job())',
      '    asyncio.ensure_future(job())',
      '',
    ].join('\n');
    const found = pyFindings(src, RULE);
    assert.deepEqual(lines(src, found), [7, 8]);
    assert.equal(
      applyPyFix(src, found[0]!),
      src.replace('    loop.create_task(job())', '    task = loop.create_task(job())\n    _background_tasks.add(task)\n    task.add_done_callback(_background_tasks.discard)'),
    );
    assert.deepEqual(found[1]!.fixes.map((x) => x.applicability), ['safe'], 'no TaskGroup fix for ensure_future');
  });

  it('does not report kept tasks, awaited tasks or TaskGroup tasks', () => {
    const src = [
      'import asyncio',
      'async def job():',
      '    pass',
      'async def main():',
      '    t = asyncio.create_task(job())',
      '    await asyncio.create_task(job())',
      '    tasks = [asyncio.create_task(job()) for _ in range(3)]',
      '    async with asyncio.TaskGroup() as tg:',
      '        tg.create_task(job())',
      '    await asyncio.gather(t, *tasks)',
      '',
    ].join('\n');
    assert.deepEqual(pyFindings(src, RULE), []);
  });

  it('offers no set fix when the statement shares its line with other code', () => {
    const src = 'import asyncio\nasync def job():\n    pass\nasync def main(x):\n    if x: asyncio.create_task(job())\n';
    const [f] = pyFindings(src, RULE);
    assert.deepEqual(f!.fixes, []);
  });
});
