import assert from 'node:assert/strict';
import path from 'node:path';
import type { Node as TsNode } from 'web-tree-sitter';
import { PythonParseCache } from '../../../server/src/languages/python/parseCache.ts';
import { parsePython, parserInput } from '../../../server/src/languages/python/parser.ts';
import { copyTree, type PyNode } from '../../../server/src/languages/python/syntaxTree.ts';
import { configFor, lintPyFile, preparePython, pyLinter, pyProject, readDisk } from './harness.ts';

/** Sources that exercise what the copy must get right: fields, aliases, keywords, errors, offsets. */
const SOURCES: Record<string, string> = {
  plain: 'import asyncio\nfrom .. import a as b, c\n\n@dec\nasync def f(self, x: int = 1, *a, **k) -> None:\n    async with g() as h:\n        y = await h.get(x / 2)\n    return [i async for i in y if i not in x and i is not None]\n',
  classes: 'class A(B, metaclass=M):\n    x: "T | None" = None\n    def m(self):\n        self.x, (self.y, *z) = 1, (2, 3)\n        try:\n            pass\n        except (E, F) as e:  # note\n            raise\n',
  errors: 'def f(:\n    x = (1 +\nclass\nfrom . import (a, b,\n',
  missing: 'def f():\n    return (1, 2\n',
  // An ERROR node whose children keep the fields of the rule they were parsed in.
  'fields inside an ERROR': 'from . import (a, b,\n',
  'lone CR line breaks': 'async def f():\r    x = 1\r    if x:\r        await g()\r',
  match: 'match p:\n    case [1, *rest] if rest:\n        pass\n    case {"k": v} | Point(x=0) as q:\n        pass\n',
  'astral characters': 's = "😀é"  # 😀\nasync def f():\n    await g("𝔘", x)\n',
  empty: '',
};

function same(copy: PyNode | null | undefined, original: TsNode | null | undefined): boolean {
  if (!copy || !original) return !copy && !original;
  return copy.type === original.type && copy.startIndex === original.startIndex && copy.endIndex === original.endIndex;
}

function describeNode(n: { type: string; startIndex: number; endIndex: number } | null | undefined): string {
  return n ? `${n.type}@${n.startIndex}-${n.endIndex}` : 'none';
}

/** Every node of the copy answers as web-tree-sitter's node does. */
function assertSameTree(name: string, text: string): void {
  const tree = parsePython(text);
  try {
    const copy = copyTree(tree, parserInput(text));
    const fields = tree.language.fields.filter((f): f is string => !!f);
    const pairs: [PyNode, TsNode][] = [[copy.root, tree.rootNode]];
    while (pairs.length > 0) {
      const [c, o] = pairs.pop()!;
      const where = `${name}: ${describeNode(o)}`;
      assert.ok(same(c, o), `${where} copied as ${describeNode(c)}`);
      assert.deepEqual([c.isNamed, c.isMissing, c.isError, c.text], [o.isNamed, o.isMissing, o.isError, o.text], where);
      for (const [what, a, b] of [
        ['parent', c.parent, o.parent],
        ['firstChild', c.firstChild, o.firstChild],
        ['previousSibling', c.previousSibling, o.previousSibling],
      ] as const) {
        assert.ok(same(a, b), `${where}: ${what} ${describeNode(a)}, expected ${describeNode(b)}`);
      }
      assert.deepEqual(c.namedChildren.map(describeNode), o.namedChildren.map(describeNode), `${where}: named children`);
      for (const field of fields) {
        if (c.type === 'match_statement' && field === 'alternative') continue; // the one difference, asserted below
        assert.ok(same(c.childForFieldName(field), o.childForFieldName(field)), `${where}: field ${field}`);
        assert.deepEqual(c.childrenForFieldName(field).map(describeNode), o.childrenForFieldName(field).map(describeNode), `${where}: fields ${field}`);
      }
      assert.equal(c.children.length, o.childCount, `${where}: children`);
      c.children.forEach((child, i) => pairs.push([child, o.child(i)!]));
    }
    for (let offset = 0; offset <= text.length; offset++) {
      assert.ok(same(copy.root.descendantForIndex(offset), tree.rootNode.descendantForIndex(offset)), `${name}: descendantForIndex(${offset})`);
    }
  } finally {
    tree.delete();
  }
}

describe('python syntax tree copy', () => {
  before(() => preparePython());

  for (const [name, text] of Object.entries(SOURCES)) {
    it(`answers as web-tree-sitter does: ${name}`, () => assertSameTree(name, text));
  }

  it("finds a match statement's case clauses in its block only", () => {
    const text = SOURCES.match!;
    const tree = parsePython(text);
    try {
      const match = copyTree(tree, parserInput(text)).root.namedChild(0)!;
      assert.equal(match.childForFieldName('alternative'), null);
      assert.deepEqual(match.childForFieldName('body')!.childrenForFieldName('alternative').map((c) => c.type), ['case_clause', 'case_clause']);
      assert.equal(tree.rootNode.namedChild(0)!.childForFieldName('alternative')?.type, 'case_clause', 'where tree-sitter looks into the block');
    } finally {
      tree.delete();
    }
  });

  it('marks trees with ERROR or MISSING nodes', () => {
    const flags = Object.entries(SOURCES).map(([name, text]) => {
      const tree = parsePython(text);
      try {
        return [name, copyTree(tree, parserInput(text)).hasError];
      } finally {
        tree.delete();
      }
    });
    assert.deepEqual(Object.fromEntries(flags), { ...Object.fromEntries(Object.keys(SOURCES).map((n) => [n, false])), errors: true, missing: true, 'fields inside an ERROR': true });
  });

  it('the parse cache copies once per parse, and an edited text gets a fresh copy while the old one stays readable', () => {
    const cache = new PythonParseCache();
    const v1 = 'async def main():\n    x = 1\n';
    const v2 = 'async def main():\n    x = await fetch("é")\n';
    const first = cache.syntax('a.py', v1);
    assert.equal(cache.syntax('a.py', v1), first, 'same text, same copy');
    const second = cache.syntax('a.py', v2);
    assert.notEqual(second, first);
    assert.deepEqual(cache.stats, { full: 1, incremental: 1 });
    assert.equal(second.root.descendantForIndex(v2.indexOf('fetch')).text, 'fetch');
    assert.equal(first.root.descendantForIndex(v1.indexOf('1')).text, '1', 'a copy outlives the tree it was made from');
    cache.clear();
  });

  it('a module read for another file and then linted itself is parsed once', () => {
    const dir = pyProject({ 'helpers.py': 'async def fetch():\n    pass\n' });
    const main = path.join(dir, 'main.py');
    const helpers = path.join(dir, 'helpers.py');
    const config = configFor(['unawaited-coroutine']);
    const before = pyLinter().python.parseStats.full;
    const result = lintPyFile({ fileName: main, text: 'from helpers import fetch\n\nasync def main():\n    fetch()\n' }, config);
    assert.equal(result.findings.length, 1, 'the import was followed');
    assert.equal(pyLinter().python.parseStats.full, before + 2, 'main.py, and helpers.py for its summary');
    lintPyFile({ fileName: helpers, text: readDisk(helpers)! }, config);
    assert.equal(pyLinter().python.parseStats.full, before + 2, 'helpers.py is not parsed again');
  });
});
