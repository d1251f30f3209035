import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertCompiles, runPeak } from './awaits-helpers.ts';
import { applyPyFix, describe1, lines, preparePython, pyFindings, pyProject, type PyLintOptions } from './harness.ts';

const RULE = 'await-in-loop';

const src = (...l: string[]) => l.join('\n') + '\n';

function lineNumbers(code: string, options: PyLintOptions = {}): number[] {
  return lines(code, pyFindings(code, RULE, options));
}

/** The only finding's first fix applied. */
function fixedOnly(code: string): string {
  const found = pyFindings(code, RULE);
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  return applyPyFix(code, found[0]!);
}

describe('python await-in-loop', function () {
  this.timeout(60_000);
  before(() => preparePython());

  it('rewrites a bare awaited call per item into gather over a generator, keeping comments', () => {
    const code = src(
      'import asyncio',
      '',
      '',
      'async def resize_all(paths, resize):',
      '    for path in paths:',
      '        # each image on its own',
      '        await resize(path, 2)  # half size',
      '    return len(paths)',
    );
    const [f] = pyFindings(code, RULE);
    assert.deepEqual(describe1(code, [f!]), [
      '5: Each iteration awaits `resize(...)` before the next starts, though the iterations are independent; run them together with asyncio.gather. It starts every call at once (unbounded concurrency), so side effects overlap, and the first failure no longer stops the remaining calls.',
    ]);
    assert.deepEqual(f!.fixes.map((x) => [x.title, x.applicability]), [['Run the iterations together with asyncio.gather (unbounded concurrency)', 'unsafe']]);
    const fixed = applyPyFix(code, f!);
    assert.equal(
      fixed,
      src(
        'import asyncio',
        '',
        '',
        'async def resize_all(paths, resize):',
        '    # each image on its own',
        '    # half size',
        '    await asyncio.gather(*(resize(path, 2) for path in paths))',
        '    return len(paths)',
      ),
    );
    assertCompiles(fixed);
    assert.deepEqual(pyFindings(fixed, RULE), []);
  });

  it('in a CRLF file, moving a trailing comment to its own line keeps CRLF everywhere', () => {
    const code = src('import asyncio', '', '', 'async def f(x):', '    await asyncio.sleep(0)', '    return x', '', '', 'async def main(xs):', '    out = []', '    for x in xs: out.append(await f(x))  # note', '    return out').replace(/\n/g, '\r\n');
    assert.equal(
      fixedOnly(code),
      src('import asyncio', '', '', 'async def f(x):', '    await asyncio.sleep(0)', '    return x', '', '', 'async def main(xs):', '    out = []', '    # note', '    out.extend(await asyncio.gather(*(f(x) for x in xs)))', '    return out').replace(/\n/g, '\r\n'),
    );
  });

  it('collects with extend for both append forms, keeps tuple targets, and parenthesises the iterable when needed', () => {
    const appended = fixedOnly(src('async def load(client, ids, out):', '    for k, v in ids.items():', '        out.append(await client.get(k, v))'));
    assert.equal(appended, src('import asyncio', 'async def load(client, ids, out):', '    out.extend(await asyncio.gather(*(client.get(k, v) for k, v in ids.items())))'));
    assertCompiles(appended);
    const temporary = fixedOnly(
      src('import asyncio', '', '', 'class Loader:', '    async def load(self, ids, extra):', '        for i in ids if extra else []:', '            row = await self.db.get_row(i)', '            self.rows.append(row)'),
    );
    assert.equal(
      temporary,
      src('import asyncio', '', '', 'class Loader:', '    async def load(self, ids, extra):', '        self.rows.extend(await asyncio.gather(*(self.db.get_row(i) for i in (ids if extra else []))))'),
    );
    assertCompiles(temporary);
  });

  it('reports without a fix when the loop variable is read after the loop', () => {
    const code = src('async def load(client, ids):', '    for i in ids:', '        await client.get(i)', '    return i');
    const [f] = pyFindings(code, RULE);
    assert.deepEqual(f!.fixes, []);
  });

  it('does not report while, async for, range counters, cursors, early exits or accumulators', () => {
    assert.deepEqual(
      lineNumbers(
        src(
          'import asyncio',
          '',
          '',
          'async def main(api, xs, stream, out):',
          '    cursor = None',
          '    while cursor:',
          '        cursor = await api.get_page(cursor)',
          '    for x in xs:',
          '        cursor = await api.get_page(cursor, x)',
          '    async for item in stream:',
          '        await api.get_item(item)',
          '    for _ in range(3):',
          '        await api.get_ping()',
          '    for x in xs:',
          '        if await api.get_done(x):',
          '            break',
          '    for x in xs:',
          '        out.append(await api.get_item(x, out))',
          '    for x in xs:',
          '        await api.get_item(n := x)',
          '    for x in xs:',
          '        await api.get_item(x)',
          '    else:',
          '        pass',
          '    for x in xs:',
          '        await api.get_all()',
          '    return n',
        ),
      ),
      [],
    );
  });

  it('does not report stream steps, writes, locks, sleeps, dispatch, executor calls, or async with in the body', () => {
    assert.deepEqual(
      lineNumbers(
        src(
          'import asyncio',
          '',
          '',
          'async def main(writer, conn, lock, loop, fn, handlers, hooks, xs):',
          '    for chunk in xs:',
          '        await writer.write(chunk)',
          '    for msg in xs:',
          '        await conn.send_json(msg)',
          '    for key in xs:',
          '        await conn.recv_for(key)',
          '    for item in xs:',
          '        await conn.save(item)',
          '    for lk in xs:',
          '        await lk.acquire()',
          '    for delay in xs:',
          '        await asyncio.sleep(delay)',
          '    for handler in handlers:',
          '        await handler(conn)',
          '    for h in hooks:',
          '        await conn.get_with(h)',
          '    for x in xs:',
          '        await loop.run_in_executor(None, fn, x)',
          '    for x in xs:',
          '        await asyncio.to_thread(fn, x)',
          '    for x in xs:',
          '        async with lock:',
          '            await conn.get(x)',
          '    for c in xs:',
          '        await c.aclose()',
        ),
      ),
      [],
    );
  });

  it('respects comments that say the order matters and skips test code unless includeTests', () => {
    const loop = ['    for x in xs:', '        await api.get(x)'];
    assert.deepEqual(lineNumbers(src('async def main(api, xs):', '    # sequentially, to spare the server', ...loop)), []);
    assert.deepEqual(lineNumbers(src('async def main(api, xs):', '    for x in xs:  # noqa: no-await-in-loop', '        await api.get(x)')), []);
    const test = src('async def test_get(api, xs):', ...loop);
    assert.deepEqual(lineNumbers(test), []);
    assert.deepEqual(lineNumbers(test, { settings: { rules: { [RULE]: ['warning', { includeTests: true }] } } }), [2]);
    const plain = src('async def main(api, xs):', ...loop);
    assert.deepEqual(lineNumbers(plain), [2]);
    assert.deepEqual(lineNumbers(plain, { fileName: 'test_api.py' }), []);
  });

  it('runnable fixture: same output after the fix, and the downloads now overlap', () => {
    const code = readFileSync(new URL('../../fixtures/python/gather_loop.py', import.meta.url), 'utf8');
    const fixed = fixedOnly(code);
    assert.match(fixed, /\n    results = \[\]\n    results\.extend\(await asyncio\.gather\(\*\(download\(name, size\) for name, size in files\.items\(\)\)\)\)\n/);
    assertCompiles(fixed);
    const dir = pyProject({ 'before.py': code, 'after.py': fixed });
    const before = runPeak(path.join(dir, 'before.py'));
    const after = runPeak(path.join(dir, 'after.py'));
    assert.equal(after.stdout, before.stdout);
    assert.equal(before.stdout, "['a.txt=3', 'b.txt=1', 'c.txt=2']\n");
    assert.equal(before.peak, 1);
    assert.equal(after.peak, 3);
  });
});
