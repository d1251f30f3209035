import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertCompiles, runPeak } from './awaits-helpers.ts';
import { applyPyFix, describe1, lines, preparePython, pyFindings, pyProject, type PyLintOptions } from './harness.ts';

const RULE = 'sequential-awaits';

const src = (...l: string[]) => l.join('\n') + '\n';

function lineNumbers(code: string, options: PyLintOptions = {}): number[] {
  return lines(code, pyFindings(code, RULE, options));
}

describe('python sequential-awaits', function () {
  this.timeout(60_000);
  before(() => preparePython());

  it('combines bound awaits into gather, keeping names, order, annotations, comments and indentation', () => {
    const code = src(
      'import asyncio',
      '',
      '',
      'class Profile:',
      '    async def load(self, api, uid):',
      '        # both come from the API',
      '        user = await api.get_user(uid)  # by id',
      '        # then the orders',
      '        orders: list[str] = await api.get_orders(uid)',
      '        self.avatar = await api.get_avatar(uid)',
      '        (first, second), *rest = await api.get_history(uid)',
      '        return user, orders, first, second, rest',
    );
    const [f, ...more] = pyFindings(code, RULE);
    assert.equal(more.length, 0);
    assert.deepEqual(describe1(code, [f!]), [
      '7: 4 independent awaits run one after another (api.get_user, api.get_orders, api.get_avatar, api.get_history); run them together with asyncio.gather. gather starts every call at once, so they overlap, and one that fails no longer stops the later ones from starting.',
    ]);
    assert.equal(f!.severity, 'warning');
    assert.deepEqual(f!.fixes.map((x) => [x.title, x.applicability]), [
      ['Run them together with asyncio.gather (all start at once; a failure does not cancel the others)', 'unsafe'],
    ]);
    const fixed = applyPyFix(code, f!);
    assert.equal(
      fixed,
      src(
        'import asyncio',
        '',
        '',
        'class Profile:',
        '    async def load(self, api, uid):',
        '        # both come from the API',
        '        # by id',
        '        # then the orders',
        '        orders: list[str]',
        '        user, orders, self.avatar, ((first, second), *rest) = await asyncio.gather(',
        '            api.get_user(uid),',
        '            api.get_orders(uid),',
        '            api.get_avatar(uid),',
        '            api.get_history(uid),',
        '        )',
        '        return user, orders, first, second, rest',
      ),
    );
    assertCompiles(fixed);
    assert.deepEqual(pyFindings(fixed, RULE), []);
  });

  it('adds import asyncio when missing, after the docstring', () => {
    const code = src('"""Module."""', 'from api import a, b', '', '', 'async def main():', '    x = await a()', '    y = await b()', '    return x + y');
    const [f] = pyFindings(code, RULE);
    const fixed = applyPyFix(code, f!);
    assert.equal(fixed, src('"""Module."""', 'import asyncio', 'from api import a, b', '', '', 'async def main():', '    x, y = await asyncio.gather(a(), b())', '    return x + y'));
    assertCompiles(fixed);
  });

  it('offers the TaskGroup form second when pyproject.toml requires Python 3.11+, or the option says so', () => {
    const code = src(
      'import asyncio',
      '',
      '',
      'async def main(fetch, obj):',
      '    page: str = await fetch("a")',
      '    obj.size = await fetch("b")',
      '    return page',
    );
    const files = { 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.11,<4"\n' };
    const [f] = pyFindings(code, RULE, { files });
    assert.equal(f!.fixes.length, 2);
    assert.equal(f!.fixes[1]!.title, 'Run them together in an asyncio.TaskGroup (a failure cancels the others)');
    const grouped = applyPyFix(code, f!, 1);
    assert.equal(
      grouped,
      src(
        'import asyncio',
        '',
        '',
        'async def main(fetch, obj):',
        '    async with asyncio.TaskGroup() as tg:',
        '        task_page = tg.create_task(fetch("a"))',
        '        task_size = tg.create_task(fetch("b"))',
        '    page: str = task_page.result()',
        '    obj.size = task_size.result()',
        '    return page',
      ),
    );
    assertCompiles(grouped);
    assert.equal(applyPyFix(code, f!, 0), src('import asyncio', '', '', 'async def main(fetch, obj):', '    page: str', '    page, obj.size = await asyncio.gather(fetch("a"), fetch("b"))', '    return page'));
    // Unknown or older targets get gather only; the option wins over pyproject.toml.
    assert.equal(pyFindings(code, RULE)[0]!.fixes.length, 1);
    assert.equal(pyFindings(code, RULE, { files: { 'pyproject.toml': 'requires-python = ">=3.9"\n' } })[0]!.fixes.length, 1);
    assert.equal(pyFindings(code, RULE, { files, settings: { rules: { [RULE]: ['warning', { targetPython: '3.10' }] } } })[0]!.fixes.length, 1);
    assert.equal(pyFindings(code, RULE, { settings: { rules: { [RULE]: ['warning', { targetPython: '3.12' }] } } })[0]!.fixes.length, 2);
  });

  it('bare awaits are judged by what the callee does, not its name: the tutorials\' fetch is reported, an unknown client is not', () => {
    const unknown = src('import asyncio', '', '', 'async def warm(client):', '    await client.fetch("/a")', '    await client.fetch("/b")');
    assert.deepEqual(pyFindings(unknown, RULE), []);
    const api = src('async def fetch(session, url):', '    async with session.get(url) as resp:', '        return await resp.text()', '', '', 'async def save(session, url):', '    async with session.post(url) as resp:', '        return await resp.text()');
    const code = src('import asyncio', 'import aiohttp', 'from api import fetch, save', '', '', 'async def main():', '    async with aiohttp.ClientSession() as session:', '        await fetch(session, "a")', '        await fetch(session, "b")', '        await fetch(session, "a")', '        await save(session, "c")', '        await fetch(session, "d")');
    const [f, ...more] = pyFindings(code, RULE, { files: { 'api.py': api } });
    assert.equal(more.length, 0);
    assert.equal(f!.severity, 'warning');
    assert.deepEqual(describe1(code, [f!]), [
      '8: 3 independent awaits run one after another: fetch only reads: session.get, resp body; run them together with asyncio.gather. gather starts every call at once, so they overlap, and one that fails no longer stops the later ones from starting.',
    ]);
    const fixed = applyPyFix(code, f!);
    assert.equal(fixed, src('import asyncio', 'import aiohttp', 'from api import fetch, save', '', '', 'async def main():', '    async with aiohttp.ClientSession() as session:', '        await asyncio.gather(fetch(session, "a"), fetch(session, "b"), fetch(session, "a"))', '        await save(session, "c")', '        await fetch(session, "d")'));
    assertCompiles(fixed);
  });

  it('calls on one connection or session are never candidates; a helper that writes or does no I/O ends a group', () => {
    const api = src('import asyncio', '', '', 'async def load(key):', '    await asyncio.sleep(0.1)', '    return key', '', '', 'async def config():', '    return {}', '', '', 'async def store(conn, key):', '    await conn.execute("INSERT INTO t VALUES ($1)", key)');
    const code = src('from api import load, config, store', '', '', 'async def main(conn, pool):', '    a = await conn.fetchval("SELECT 1")', '    b = await conn.fetchval("SELECT 2")', '    c = await config()', '    d = await config()', '    e = await store(pool, "x")', '    f = await load("y")', '    return a, b, c, d, e, f');
    assert.deepEqual(pyFindings(code, RULE, { files: { 'api.py': api } }), []);
  });

  it('reports calls that create resources without a fix', () => {
    const code = src('import asyncio', '', '', 'async def serve(make, host, factory):', '    server = await factory.make_server(make, host, 80)', '    admin = await factory.make_server(make, host, 81)', '    return server, admin');
    const [f] = pyFindings(code, RULE);
    assert.match(f!.message, /No fix is offered: a call creates a resource, and gather would not stop it when the other call fails\.$/);
    assert.deepEqual(f!.fixes, []);
  });

  it('does not report dependent awaits, started tasks, or awaits of combinators', () => {
    assert.deepEqual(
      lineNumbers(
        src(
          'import asyncio',
          '',
          '',
          'async def main(api, cfg):',
          '    user = await api.get_user(cfg.id)',
          '    orders = await api.get_orders(user)',
          '    task = asyncio.create_task(api.get_a())',
          '    other = asyncio.create_task(api.get_b())',
          '    a = await task',
          '    b = await other',
          '    both = await asyncio.gather(api.get_c(), api.get_d())',
          '    e = await asyncio.wait_for(api.get_e(), 1)',
          '    cfg.name = await api.get_name()',
          '    f = await api.get_f(cfg)',
          '    g = await api.get_g(x := 1)',
          '    h = await api.get_h()',
          '    return orders, a, b, both, e, f, g, h, x',
        ),
      ),
      [],
    );
  });

  it('does not report protocol steps, locks, sleeps, polling, executor calls or an earlier receiver\'s state', () => {
    assert.deepEqual(
      lineNumbers(
        src(
          'import asyncio',
          '',
          '',
          'async def talk(reader, writer, lock, loop, conn, fn, fwd, a, b):',
          '    n = await writer.write_frame(b"x")',
          '    m = await writer.drain()',
          '    sent = await conn.send_json({"op": 1})',
          '    reply = await conn.receive_json()',
          '    line = await reader.readline()',
          '    more = await reader.readline()',
          '    held = await lock.acquire()',
          '    slept = await asyncio.sleep(1)',
          '    first = await conn.poll_status()',
          '    r1 = await loop.run_in_executor(None, fn)',
          '    r2 = await asyncio.to_thread(fn)',
          '    rows = await conn.fetch_rows()',
          '    state = await fn(conn.status)',
          '    await conn.ping()',
          '    p = await conn.fetch_page()',
          '    q = await conn.fetch_page()',
          '    x = await fwd.forward_response(a, b)',
          '    y = await fwd.forward_response(b, a)',
          '    return n, m, sent, reply, line, more, held, slept, first, r1, r2, rows, state, p, q, x, y',
        ),
      ),
      [],
    );
  });

  it('follows self fields through methods, transitively, and treats unknown methods as dependent', () => {
    const code = src(
      'class Session:',
      '    def _headers(self):',
      '        return self._auth()',
      '',
      '    def _auth(self):',
      '        return {"token": self.token}',
      '',
      '    async def refresh(self, api):',
      '        self.token = await api.get_token()',
      '        user = await api.get_user(self._headers())',
      '        self.extra = await api.get_extra()',
      '        other = await api.get_other(self.inherited_helper())',
      '        return user, other',
      '',
      '    async def independent(self, api):',
      '        self.token = await api.get_token()',
      '        user = await api.get_user(self.name)',
      '        return user',
    );
    // 9-10: `_headers` reads `token` through `_auth`; 12: an inherited method could read `extra`.
    assert.deepEqual(lineNumbers(code), [10, 16]);
  });

  it('respects comments that say the order matters, async with, and async for bodies', () => {
    assert.deepEqual(
      lineNumbers(
        src(
          'async def main(api, stream):',
          '    # one at a time: the API rate-limits us',
          '    a = await api.get_a()',
          '    b = await api.get_b()',
          '    async with api.session() as s:',
          '        c = await s.get_c()',
          '        d = await s.get_d()',
          '    e = await api.get_e()',
          '    async with api.session():',
          '        pass',
          '    f = await api.get_f()',
          '    async for item in stream:',
          '        g = await api.get_g(item)',
          '        h = await api.get_h(item)',
          '    return a, b, c, d, e, f',
        ),
      ),
      [6],
    );
  });

  it('skips test files, test functions, Test classes, TestCase subclasses and fixtures unless includeTests', () => {
    const body = ['    a = await api.get_a()', '    b = await api.get_b()', '    return a, b'];
    const code = src(
      'import pytest',
      '',
      '',
      'async def test_things(api):',
      ...body,
      '',
      '',
      '@pytest.fixture',
      'async def things(api):',
      ...body,
      '',
      '',
      'class TestApi:',
      '    async def helper(self, api):',
      ...body.map((l) => '    ' + l),
      '',
      '',
      'class ApiTests(unittest.IsolatedAsyncioTestCase):',
      '    async def check(self, api):',
      ...body.map((l) => '    ' + l),
    );
    assert.deepEqual(lineNumbers(code), []);
    assert.deepEqual(lineNumbers(code, { settings: { rules: { [RULE]: ['warning', { includeTests: true }] } } }), [5, 12, 19, 26]);
    const plain = src('async def main(api):', ...body);
    assert.deepEqual(lineNumbers(plain, { fileName: 'tests/test_api.py' }), []);
    assert.deepEqual(lineNumbers(plain, { fileName: 'tests/test_api.py', settings: { includeTests: true } }), [2]);
  });

  it('runnable fixture: same output after the fix, and the lookups now overlap', () => {
    const code = readFileSync(new URL('../../fixtures/python/gather_sequential.py', import.meta.url), 'utf8');
    const [f, ...more] = pyFindings(code, RULE);
    assert.equal(more.length, 0);
    const fixed = applyPyFix(code, f!);
    assert.match(fixed, /\n    # orders come from another service\n    user, orders = await asyncio\.gather\(lookup\("user", user_id\), lookup\("orders", user_id\)\)\n/);
    assertCompiles(fixed);
    const dir = pyProject({ 'before.py': code, 'after.py': fixed });
    const before = runPeak(path.join(dir, 'before.py'));
    const after = runPeak(path.join(dir, 'after.py'));
    assert.equal(after.stdout, before.stdout);
    assert.equal(before.stdout, "('user:7', 'orders:7')\n");
    assert.equal(before.peak, 1);
    assert.equal(after.peak, 2);
  });
});
