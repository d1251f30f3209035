import assert from 'node:assert/strict';
import { applyPyFix, describe1, lines, preparePython, pyFindings, pySyntaxErrors } from './harness.ts';

const RULE = 'unawaited-coroutine';
const never = (call: string) => `\`${call}\` creates a coroutine that is never awaited, so its body never runs.`;

describe('python: clients kept on self attributes', () => {
  before(() => preparePython());

  it('follows an aiohttp session assigned in __init__, also through async with, and fixes with await', () => {
    const code = [
      'import aiohttp',
      '',
      '',
      'class Api:',
      '    def __init__(self):',
      '        self.session = aiohttp.ClientSession()',
      '',
      '    async def fetch(self, url):',
      '        self.session.get(url)',
      '        async with self.session.get(url) as resp:',
      '            resp.json()',
      '',
    ].join('\n');
    const found = pyFindings(code, RULE);
    assert.deepEqual(describe1(code, found), [`9: ${never('self.session.get(...)')}`, `11: ${never('resp.json()')}`]);
    assert.equal(
      applyPyFix(code, found[1]!),
      [
        'import aiohttp',
        '',
        '',
        'class Api:',
        '    def __init__(self):',
        '        self.session = aiohttp.ClientSession()',
        '',
        '    async def fetch(self, url):',
        '        self.session.get(url)',
        '        async with self.session.get(url) as resp:',
        '            await resp.json()',
        '',
      ].join('\n'),
    );
  });

  it('follows an httpx.AsyncClient attribute and offers a kept task as the second fix', () => {
    const code = 'import httpx\n\n\nclass Api:\n    def __init__(self):\n        self.client = httpx.AsyncClient()\n\n    async def ping(self, url):\n        self.client.get(url)\n';
    const [f, ...rest] = pyFindings(code, RULE);
    assert.equal(rest.length, 0);
    assert.deepEqual(describe1(code, [f!]), [`9: ${never('self.client.get(...)')}`]);
    assert.equal(applyPyFix(code, f!, 0), code.replace('        self.client.get(url)', '        await self.client.get(url)'));
    const asTask = applyPyFix(code, f!, 1);
    assert.equal(
      asTask,
      'import asyncio\nimport httpx\n\n\nclass Api:\n    def __init__(self):\n        self.client = httpx.AsyncClient()\n\n    async def ping(self, url):\n        task = asyncio.create_task(self.client.get(url))\n',
    );
    assert.equal(pySyntaxErrors(asTask), 0);
  });

  it('follows a workspace class with async methods, assigned in any method, and inherited attributes', () => {
    const files = { 'repo.py': 'class Repo:\n    async def save(self, x):\n        pass\n\n    def save_sync(self, x):\n        pass\n' };
    const code = [
      'from repo import Repo',
      'class Base:',
      '    def __init__(self):',
      '        self.repo = Repo()',
      'class Service(Base):',
      '    def connect(self):',
      '        self.backup = Repo()',
      '    async def run(self, x):',
      '        self.repo.save(x)',
      '        self.repo.save_sync(x)',
      '        self.backup.save(x)',
      '        def later():',
      '            self.repo.save(x)',
      '        return later',
      '',
    ].join('\n');
    assert.deepEqual(describe1(code, pyFindings(code, RULE, { files })), [
      `9: ${never('self.repo.save(...)')}`,
      `11: ${never('self.backup.save(...)')}`,
      `13: ${never('self.repo.save(...)')}`,
    ]);
  });

  it('uses annotations: class-body declarations, dataclass fields, Optional and "| None", a None start value', () => {
    const code = [
      'import typing',
      'from dataclasses import dataclass',
      'from typing import Optional',
      'import aiohttp',
      'import httpx',
      'class Api:',
      '    session: aiohttp.ClientSession',
      '    def __init__(self, session):',
      '        self.session = session',
      '    async def a(self):',
      '        self.session.post("u")',
      '@dataclass',
      'class Settings:',
      '    client: httpx.AsyncClient',
      '    async def b(self):',
      '        self.client.get("u")',
      'class Lazy:',
      '    def __init__(self):',
      '        self._session: aiohttp.ClientSession | None = None',
      '        self._other: Optional[httpx.AsyncClient] = None',
      '        self._third: typing.Optional[httpx.AsyncClient] = None',
      '        self._late = None',
      '    async def start(self):',
      '        self._late = httpx.AsyncClient()',
      '    async def c(self):',
      '        self._session.close()',
      '        self._other.aclose()',
      '        self._third.aclose()',
      '        self._late.aclose()',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [11, 16, 26, 27, 28, 29]);
  });

  it('follows attributes unpacked from an awaited tuple', () => {
    const code = [
      'import asyncio',
      'class Conn:',
      '    async def open(self, host):',
      '        self.reader, self.writer = await asyncio.open_connection(host, 80)',
      '    async def send(self, data):',
      '        self.writer.write(data)',
      '        self.writer.drain()',
      '        self.reader.readline()',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [7, 8]);
  });

  it('also lets blocking-call see a synchronous client kept on self', () => {
    const code = 'import requests\n\n\nclass Api:\n    def __init__(self):\n        self.http = requests.Session()\n\n    async def get(self, url):\n        return self.http.get(url)\n';
    const found = pyFindings(code, 'blocking-call');
    assert.deepEqual(lines(code, found), [9]);
    assert.match(found[0]!.message, /^`self\.http\.get\(\.\.\.\)` in coroutine `get` waits for the HTTP response/);
  });

  it('does not report look-alikes: two different types, a sync client, unknown or shadowed writes', () => {
    const code = [
      'import aiohttp',
      'import httpx',
      'import requests',
      'def make_client():',
      '    return httpx.AsyncClient()',
      'class Api:',
      '    declared: httpx.AsyncClient',
      '    def __init__(self, session, cache):',
      '        self.http = httpx.AsyncClient()',
      '        self.sync = httpx.Client()',
      '        self.passed = session',
      '        self.made = make_client()',
      '        self.counter = aiohttp.ClientSession()',
      '        self.counter += 1',
      '        self.declared = httpx.Client()',
      '        self.both = aiohttp.ClientSession()',
      '        cache.store = httpx.AsyncClient()',
      '    def reset(self):',
      '        self.http = requests.Session()',
      '    def both(self):',
      '        pass',
      '    async def run(self, url):',
      '        self.http.get(url)',
      '        self.sync.get(url)',
      '        self.passed.get(url)',
      '        self.made.get(url)',
      '        self.counter.close()',
      '        self.declared.get(url)',
      '        self.both.close()',
      '        self.missing.get(url)',
      '',
    ].join('\n');
    assert.deepEqual(pyFindings(code, RULE), []);
  });

  it('follows the attribute on an instance created elsewhere, and gives up when a subclass in the file writes another class', () => {
    const code = [
      'import httpx',
      'class Api:',
      '    def __init__(self):',
      '        self.client = httpx.AsyncClient()',
      '    async def ping(self):',
      '        self.client.get("u")',
      'class Other:',
      '    def __init__(self):',
      '        self.client = httpx.AsyncClient()',
      '    async def ping(self):',
      '        self.client.get("u")',
      'class SyncOther(Other):',
      '    def __init__(self):',
      '        self.client = httpx.Client()',
      'async def main():',
      '    api = Api()',
      '    api.client.get("u")',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [6, 17]);
  });

  it('does not count writes to a nested function\'s own self parameter', () => {
    const code = [
      'import httpx',
      'import requests',
      'class Api:',
      '    def __init__(self):',
      '        def helper(self):',
      '            self.client = requests.Session()',
      '        self.client = httpx.AsyncClient()',
      '        cb = lambda self: setattr(self, "client", None)',
      '    async def run(self, url):',
      '        self.client.get(url)',
      '',
    ].join('\n');
    assert.deepEqual(lines(code, pyFindings(code, RULE)), [10]);
  });
});
