import assert from 'node:assert/strict';
import { applyPyFix, describe1, lines, preparePython, pyFindings, pySyntaxErrors } from './harness.ts';

const RULE = 'blocking-call';

describe('python blocking-call', () => {
  before(() => preparePython());

  it('rewrites time.sleep to await asyncio.sleep, adding the import', () => {
    const code = 'from time import sleep\n\n\nasync def poll():\n    sleep(0.5)\n    return "done"\n';
    const [f, ...rest] = pyFindings(code, RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(describe1(code, [f!]), [
      '5: `sleep(...)` in coroutine `poll` sleeps on the event loop thread; every other task on the event loop waits meanwhile.',
    ]);
    const fixed = applyPyFix(code, f!);
    assert.equal(fixed, 'import asyncio\nfrom time import sleep\n\n\nasync def poll():\n    await asyncio.sleep(0.5)\n    return "done"\n');
    assert.equal(pySyntaxErrors(fixed), 0);
    assert.deepEqual(pyFindings(fixed, RULE), []);
  });

  it('offloads other calls with asyncio.to_thread, keeping arguments and receivers', () => {
    const code = [
      'import asyncio as aio',
      'import requests',
      'import subprocess',
      'from pathlib import Path',
      'async def main(url):',
      '    data = requests.get(url, timeout=5).json()',
      '    s = requests.Session()',
      '    s.post(url, json={"a": 1})',
      '    text = (Path("a") / "b").read_text(encoding="utf-8")',
      '    subprocess.run(["ls", "-l"], check=True)',
      '    return data, text',
      '',
    ].join('\n');
    const found = pyFindings(code, RULE);
    assert.deepEqual(lines(code, found), [6, 8, 9, 10]);
    assert.match(found[3]!.message, /asyncio\.create_subprocess_exec/);
    const fixed = found.map((f) => applyPyFix(code, f));
    assert.equal(fixed[0], code.replace('requests.get(url, timeout=5).json()', '(await aio.to_thread(requests.get, url, timeout=5)).json()'));
    assert.equal(fixed[1], code.replace('    s.post(url, json={"a": 1})', '    await aio.to_thread(s.post, url, json={"a": 1})'));
    assert.equal(fixed[2], code.replace('(Path("a") / "b").read_text(encoding="utf-8")', 'await aio.to_thread((Path("a") / "b").read_text, encoding="utf-8")'));
    assert.equal(fixed[3], code.replace('subprocess.run(["ls", "-l"], check=True)', 'await aio.to_thread(subprocess.run, ["ls", "-l"], check=True)'));
    for (const text of fixed) assert.equal(pySyntaxErrors(text), 0);
  });

  it('reports open() without a fix, and input, os.system, sockets and hashlib with one', () => {
    const code = [
      'import asyncio, hashlib, os, socket',
      'async def main():',
      '    with open("f") as f:',
      '        f.read()',
      '    name = input("name? ")',
      '    os.system("true")',
      '    sock = socket.create_connection(("h", 80))',
      '    sock.sendall(b"x")',
      '    hashlib.pbkdf2_hmac("sha256", b"p", b"s", 100000)',
      '    return name',
      '',
    ].join('\n');
    const found = pyFindings(code, RULE);
    // Line 4: the file object `with open(...) as f` binds is a sync file, whose read() blocks too.
    assert.deepEqual(lines(code, found), [3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(found.map((f) => f.fixes.length), [0, 1, 1, 1, 1, 1, 1]);
    assert.equal(applyPyFix(code, found[2]!), code.replace('input("name? ")', 'await asyncio.to_thread(input, "name? ")'));
  });

  it('does not report sync functions, nested functions, lambdas, offloaded work, non-blocking sockets or look-alikes', () => {
    const code = [
      'import asyncio, time, socket',
      'import aiofiles',
      'from aiofiles import open',
      'def sync():',
      '    time.sleep(1)',
      'class Clock:',
      '    def sleep(self, s):',
      '        pass',
      'async def main(loop):',
      '    def helper():',
      '        time.sleep(1)',
      '    await asyncio.to_thread(time.sleep, 1)',
      '    await loop.run_in_executor(None, lambda: time.sleep(1))',
      '    await asyncio.to_thread(helper)',
      '    async with open("f") as f:',
      '        await f.read()',
      '    Clock().sleep(1)',
      '    sock = socket.socket()',
      '    sock.setblocking(False)',
      '    sock.recv(10)',
      '    await asyncio.sleep(1)',
      '',
    ].join('\n');
    assert.deepEqual(pyFindings(code, RULE), []);
  });
});
