// The blocking calls issue 15 found missing (peers' suites): processes, httpx clients reached
// through annotations, file objects, shutil, and disk-touching pathlib/os.path calls.
import assert from 'node:assert/strict';
import { applyPyFix, lines, preparePython, pyFindings, pySyntaxErrors } from './harness.ts';

const RULE = 'blocking-call';

function fixedText(code: string, line: number): string {
  const found = pyFindings(code, RULE);
  const finding = found.find((f) => code.slice(0, f.start).split('\n').length === line);
  assert.ok(finding, `a finding on line ${line}`);
  const fixed = applyPyFix(code, finding);
  assert.equal(pySyntaxErrors(fixed), 0);
  return fixed;
}

describe('python blocking-call: the catalogue of issue 15', () => {
  before(() => preparePython());

  it('os.spawn* in P_WAIT mode (also when no mode is given) waits: fixed with to_thread', () => {
    const code = 'import os\n\n\nasync def run():\n    P_WAIT = os.P_WAIT\n    os.spawnl(P_WAIT, "/bin/true", "true")\n    os.spawnv(mode=os.P_WAIT, path="/bin/true", args=["true"])\n    os.spawnlp()\n';
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [6, 7, 8]);
    assert.equal(
      fixedText(code, 6),
      'import asyncio\nimport os\n\n\nasync def run():\n    P_WAIT = os.P_WAIT\n    await asyncio.to_thread(os.spawnl, P_WAIT, "/bin/true", "true")\n    os.spawnv(mode=os.P_WAIT, path="/bin/true", args=["true"])\n    os.spawnlp()\n',
    );
  });

  it('subprocess.Popen, os.posix_spawn and os.spawn* with P_NOWAIT start a process: reported without a fix', () => {
    const code = 'import os\nimport subprocess\n\n\nasync def run():\n    subprocess.Popen(["ls"])\n    os.posix_spawn("/bin/ls", ["ls"], {})\n    os.posix_spawnp("ls", ["ls"], {})\n    os.spawnl(os.P_NOWAIT, "/bin/ls", "ls")\n    os.spawnl(mode=os.P_NOWAIT)\n';
    const found = pyFindings(code, RULE);
    assert.deepEqual(lines(code, found), [6, 7, 8, 9, 10]);
    assert.deepEqual(found.map((f) => f.fixes.length), [0, 0, 0, 0, 0]);
    assert.match(found[0]!.message, /starts the process synchronously.*asyncio\.create_subprocess_exec/);
  });

  it('sync httpx: client.stream() is reported without a fix, client.close() with one', () => {
    const code = 'import httpx\n\n\nasync def fetch(url):\n    client = httpx.Client()\n    with client.stream("GET", url) as r:\n        pass\n    client.close()\n    client.build_request("GET", url)\n';
    const found = pyFindings(code, RULE);
    assert.deepEqual(lines(code, found), [6, 8]);
    assert.deepEqual(found.map((f) => f.fixes.length), [0, 1]);
    assert.equal(
      fixedText(code, 8),
      'import asyncio\nimport httpx\n\n\nasync def fetch(url):\n    client = httpx.Client()\n    with client.stream("GET", url) as r:\n        pass\n    await asyncio.to_thread(client.close)\n    client.build_request("GET", url)\n',
    );
  });

  it('clients declared by annotation: `httpx.Client | None`, `Optional[httpx.Client]`, `client: httpx.Client = ...`', () => {
    const code = [
      'from typing import Optional',
      'import httpx',
      'async def a(client: httpx.Client | None):',
      '    client.get("u")',
      'async def b(client: Optional[httpx.Client] = None):',
      '    client.get("u")',
      'async def c():',
      '    client: httpx.Client = ...',
      '    client.get("u")',
      'async def d(client: httpx.Client | int):',
      '    client.get("u")',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [4, 6, 9]);
    assert.equal(fixedText(code, 4), code.replace('async def a(client: httpx.Client | None):\n    client.get("u")', 'async def a(client: httpx.Client | None):\n    await asyncio.to_thread(client.get, "u")').replace('from typing import Optional', 'import asyncio\nfrom typing import Optional'));
  });

  it('methods of sync file objects: annotated, opened, or bound by with', () => {
    const code = [
      'import io',
      'async def a(f: io.TextIOWrapper):',
      '    f.read()',
      '    f.fileno()',
      'async def b():',
      '    with open("p") as f:',
      '        data = f.readlines()',
      '    g = open("p")',
      '    g.write("x")',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [3, 6, 7, 8, 9]);
    assert.equal(fixedText(code, 3), 'import asyncio\n' + code.replace('    f.read()', '    await asyncio.to_thread(f.read)'));
    assert.equal(fixedText(code, 7), 'import asyncio\n' + code.replace('data = f.readlines()', 'data = await asyncio.to_thread(f.readlines)'));
  });

  it('os.fdopen and io.open_code open files: reported without a fix', () => {
    const code = 'import io\nimport os\n\n\nasync def a(fd):\n    os.fdopen(fd)\n    io.open_code("m.py")\n';
    const found = pyFindings(code, RULE);
    assert.deepEqual(lines(code, found), [6, 7]);
    assert.deepEqual(found.map((f) => f.fixes.length), [0, 0]);
  });

  it('shutil calls wait for the file system', () => {
    const code = 'import shutil\n\n\nasync def clean(d):\n    shutil.rmtree(d, ignore_errors=True)\n    shutil.copyfile("a", "b")\n';
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [5, 6]);
    assert.equal(fixedText(code, 5), 'import asyncio\nimport shutil\n\n\nasync def clean(d):\n    await asyncio.to_thread(shutil.rmtree, d, ignore_errors=True)\n    shutil.copyfile("a", "b")\n');
  });

  it('pathlib and os.path calls that touch the disk are reported; the pure ones stay silent', () => {
    const code = [
      'import os.path',
      'from pathlib import Path',
      'async def a(p: Path, name):',
      '    p.exists()',
      '    p.is_file()',
      '    p.resolve()',
      '    p.mkdir(parents=True)',
      '    for child in p.iterdir():',
      '        pass',
      '    os.path.isdir(name)',
      '    p.joinpath("x").relative_to(p).as_posix()',
      '    p.is_absolute()',
      '    os.path.normpath(name)',
      '    os.path.relpath(name)',
      '    os.path.join(name, "x")',
      '    os.path.abspath(name)',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [4, 5, 6, 7, 8, 10]);
    assert.equal(fixedText(code, 7), 'import asyncio\n' + code.replace('p.mkdir(parents=True)', 'await asyncio.to_thread(p.mkdir, parents=True)'));
  });

  it('paths bound by tuple unpacking or a conditional expression', () => {
    const code = [
      'from pathlib import Path',
      'async def a(flag):',
      '    (p1, p2) = (Path("a"), Path("b"))',
      '    p2.read_text()',
      '    q = Path("a") if flag else None',
      '    q.unlink()',
      '    r = Path("a") if flag else "b"',
      '    r.unlink()',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [4, 6]);
    assert.equal(fixedText(code, 6), 'import asyncio\n' + code.replace('    q.unlink()', '    await asyncio.to_thread(q.unlink)'));
  });

  it('an awaited call, a wrapped file and a module used without its import', () => {
    const code = 'import anyio\n\n\nasync def a():\n    await open("x")\n    await anyio.wrap_file(open("x"))\n    subprocess.run(["ls"])\n';
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [7]);
  });
});
