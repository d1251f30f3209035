import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lintPythonFile, pythonDependentsOf } from '../../../server/src/rules/pythonEngine.ts';
import { applyPyFix, configFor, describe1, lines, preparePython, pyFindings, pyProject, pySyntaxErrors, readDisk } from './harness.ts';

const RULE = 'unawaited-coroutine';

describe('python unawaited-coroutine', () => {
  before(() => preparePython());

  it('reports a dropped coroutine of the same module and fixes it with await or a kept task', () => {
    const code = 'async def save(x):\n    pass\n\n\nasync def main():\n    save(1)\n';
    const [f, ...rest] = pyFindings(code, RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(describe1(code, [f!]), ['6: `save(...)` creates a coroutine that is never awaited, so its body never runs.']);
    assert.equal(f!.severity, 'error');
    assert.deepEqual(f!.fixes.map((x) => [x.title, x.applicability]), [['Add await', 'unsafe'], ['Run it as a task kept in `task`', 'unsafe']]);
    assert.equal(applyPyFix(code, f!, 0), 'async def save(x):\n    pass\n\n\nasync def main():\n    await save(1)\n');
    const asTask = applyPyFix(code, f!, 1);
    assert.equal(asTask, 'import asyncio\nasync def save(x):\n    pass\n\n\nasync def main():\n    task = asyncio.create_task(save(1))\n');
    assert.equal(pySyntaxErrors(asTask), 0);
  });

  it('reports coroutines used as booleans', () => {
    const code = [
      'import asyncio',
      'async def ready():',
      '    return True',
      'async def main():',
      '    if ready():',
      '        pass',
      '    while not (ready()):',
      '        break',
      '    x = ready() or False',
      '    assert ready()',
      '    return x',
      '',
    ].join('\n');
    const found = pyFindings(code, RULE);
    assert.deepEqual(lines(code, found), [5, 7, 9, 10]);
    assert.match(found[0]!.message, /is a coroutine, which is always true/);
    assert.equal(found[0]!.fixes.length, 1);
    assert.equal(applyPyFix(code, found[1]!), code.replace('not (ready())', 'not (await ready())'));
  });

  it('knows methods on self, cls and instances created in the same scope, and inherited ones', () => {
    const code = [
      'class Base:',
      '    async def close(self):',
      '        pass',
      'class Client(Base):',
      '    async def fetch(self):',
      '        pass',
      '    def fetch_sync(self):',
      '        pass',
      '    @classmethod',
      '    async def create(cls):',
      '        cls.create()',
      '    async def run(self):',
      '        self.fetch()',
      '        self.fetch_sync()',
      '        self.close()',
      'async def main():',
      '    c = Client()',
      '    c.fetch()',
      '    c.fetch_sync()',
      '    Client().fetch()',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [11, 13, 15, 18, 20]);
  });

  it('knows library coroutines, also through async with and await bindings', () => {
    const code = [
      'import asyncio',
      'import aiohttp',
      'import asyncpg',
      'from httpx import AsyncClient as HttpClient',
      'async def main(pool: asyncpg.Pool):',
      '    asyncio.sleep(1)',
      '    async with aiohttp.ClientSession() as session:',
      '        session.get("https://example.com")',
      '        async with session.get("https://example.com") as resp:',
      '            resp.text()',
      '    async with HttpClient() as client:',
      '        client.get("u")',
      '    conn = await asyncpg.connect()',
      '    conn.execute("select 1")',
      '    async with pool.acquire() as c2:',
      '        c2.fetch("select 1")',
      '    q = asyncio.Queue()',
      '    q.put(1)',
      '    q.put_nowait(1)',
      '    reader, writer = await asyncio.open_connection("h", 1)',
      '    writer.drain()',
      '    writer.write(b"x")',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [6, 8, 10, 12, 14, 16, 18, 21]);
  });

  it('follows imports across the workspace: relative, absolute, packages, aliases and re-exports', () => {
    const files = {
      'app/__init__.py': 'from .store import save as persist\n',
      'app/store.py': 'async def save(x):\n    pass\n\ndef save_sync(x):\n    pass\n',
      'app/sub/__init__.py': '',
    };
    const code = [
      'import app.store',
      'import app.store as st',
      'from app import persist',
      'from .. import store',
      'from ..store import save, save_sync',
      'async def main():',
      '    app.store.save(1)',
      '    st.save(1)',
      '    persist(1)',
      '    store.save(1)',
      '    save(1)',
      '    save_sync(1)',
      '    st.save_sync(1)',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE, { files, fileName: 'app/sub/main.py' })), [7, 8, 9, 10, 11]);
  });

  it('does not report a sync function that shares a coroutine\'s name, shadowing, or unknown decorators', () => {
    const files = { 'other.py': 'async def fetch():\n    pass\n', 'helpers.py': 'def fetch():\n    pass\n' };
    const code = [
      'from helpers import fetch',
      'import other',
      'async def save():',
      '    pass',
      'def decorate(f):',
      '    return f',
      '@decorate',
      'async def wrapped():',
      '    pass',
      'async def main(save=None):',
      '    fetch()',
      '    save()',
      '    wrapped()',
      '    x = other.fetch()',
      '    await other.fetch()',
      '    task = asyncio.create_task(other.fetch())',
      '    return [x, task]',
      'async def main2():',
      '    save = lambda: None',
      '    save()',
      '',
    ].join('\n');
    assert.deepEqual(pyFindings(code, RULE, { files }), []);
  });

  it('reports in sync code without a fix (await is not allowed there)', () => {
    const code = 'async def main():\n    pass\n\n\nmain()\n';
    const [f] = pyFindings(code, RULE);
    assert.deepEqual(lines(code, [f!]), [5]);
    assert.deepEqual(f!.fixes, []);
  });

  it('sees a change to an imported module on the next lint, and lists the importer as its dependent', () => {
    const dir = pyProject({ 'lib.py': 'def work():\n    pass\n' });
    const main = path.join(dir, 'main.py');
    const code = 'from lib import work\n\n\nasync def main():\n    work()\n';
    const lint = () => lintPythonFile({ fileName: main, text: code }, configFor([RULE]), { readFile: readDisk }).findings.length;
    assert.equal(lint(), 0);
    assert.deepEqual(pythonDependentsOf(path.join(dir, 'lib.py')), [main]);
    writeFileSync(path.join(dir, 'lib.py'), 'async def work():\n    pass\n');
    assert.equal(lint(), 1);
  });

  it('honours directives in # comments', () => {
    const code = 'async def save():\n    pass\n\n\nasync def main():\n    save()  # async-lint-disable-line unawaited-coroutine\n    # async-lint-disable-next-line unawaited-coroutine -- fire and forget on purpose\n    save()\n    save()\n';
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [9]);
  });
});
