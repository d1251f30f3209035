/**
 * The hover's parts built from the user's own code: the preferred fix's before and after,
 * shortened to the changed lines, and the timeline named with the awaited calls.
 */
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/text.ts';
import { beforeAndAfter, hoverAt, timelineOf } from '../../server/src/lsp/hover.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { findingsOf, sharedLinter } from '../helpers/lint.ts';

const PY_SEQUENTIAL = `import json


async def fetch_user(uid):
    return await http.get(f"/users/{uid}")


async def fetch_orders(uid):
    return await http.get(f"/orders/{uid}")


async def dashboard(uid):
    user = await fetch_user(uid)
    orders = await fetch_orders(uid)
    return json.dumps([user, orders])
`;

describe('hover from the user’s code', () => {
  // The Python grammar loads asynchronously, once.
  before(() => sharedLinter().prepare());

  it('Python sequential-awaits: the import added at the top and the rewrite are two pieces, joined by …', () => {
    const [finding] = findingsOf(PY_SEQUENTIAL, 'sequential-awaits', { fileName: 'app.py' });
    assert.ok(finding);
    const { before, after } = beforeAndAfter(PY_SEQUENTIAL, finding.fixes[0]!);
    assert.equal(before, 'import json\n…\nuser = await fetch_user(uid)\norders = await fetch_orders(uid)');
    assert.equal(after, 'import asyncio\nimport json\n…\nuser, orders = await asyncio.gather(fetch_user(uid), fetch_orders(uid))');
    assert.equal(timelineOf(PY_SEQUENTIAL, finding), 'now    fetch_user ├──┤ fetch_orders ├──┤\nfixed  fetch_user   ├──┤\n       fetch_orders ├──┤');
  });

  it('TypeScript await-in-loop: the loop and its rewrite, the timeline named with the awaited call', () => {
    const code = [
      'declare function fetchPage(url: string): Promise<string>;',
      'export async function all(urls: string[]) {',
      '  const pages: string[] = [];',
      '  for (const url of urls) {',
      '    pages.push(await fetchPage(url));',
      '  }',
      '  return pages;',
      '}',
      '',
    ].join('\n');
    const [finding] = findingsOf(code, 'await-in-loop');
    assert.ok(finding, 'await-in-loop reports the loop');
    const timeline = timelineOf(code, finding)!;
    assert.equal(timeline.split('\n')[0], 'now    fetchPage ├──┤ fetchPage ├──┤ fetchPage ├──┤ …  one item after another');
    assert.equal(timeline.split('\n')[1], 'fixed  fetchPage ├──┤  every item at once');
    assert.deepEqual(beforeAndAfter(code, finding.fixes[0]!), {
      before: 'for (const url of urls) {\n  pages.push(await fetchPage(url));\n}',
      after: 'pages.push(...(await Promise.all(urls.map((url) => fetchPage(url)))));',
    });
  });

  it('a rule without a fix (async-promise-executor) shows its docs example instead, and no timeline', () => {
    const code = 'export function start() {\n  return new Promise(async (resolve) => {\n    resolve(1);\n  });\n}\n';
    const [finding] = findingsOf(code, 'async-promise-executor');
    assert.ok(finding);
    const metas = new Map(allRuleMetas().map((m) => [m.id, m]));
    const doc = { uri: 'file:///x.ts', version: 1, fileName: '/x.ts', text: code, findings: [finding], index: new LineIndex(code) };
    const value = (hoverAt(doc, finding.start, (id) => metas.get(id), true)!.contents as { value: string }).value;
    assert.equal(finding.fixes.length, 0);
    assert.ok(value.includes(`For example, instead of:\n\`\`\`ts\n${metas.get('async-promise-executor')!.docs.examples[0]!.bad.trimEnd().split('\n')[0]}`), value);
    assert.doesNotMatch(value, /Before:/);
    assert.equal(timelineOf(code, finding), undefined, 'no timeline for rules that are not about concurrency');
  });

  it('an edit that takes whole lines with their line breaks (found by the fuzzer: it threw)', () => {
    const text = 'keep\ndrop me\nkeep too\n';
    const fix = { title: 'drop', applicability: 'safe' as const, edits: [{ start: 5, end: 13, newText: '' }] };
    assert.deepEqual(beforeAndAfter(text, fix), { before: 'drop me', after: '' });
    assert.deepEqual(beforeAndAfter(text, { ...fix, edits: [{ start: 0, end: text.length, newText: 'all new\n' }] }), { before: 'keep\ndrop me\nkeep too', after: 'all new' });
  });
});
