// Recall candidates in Python, found without the linter's code: web-tree-sitter +
// tree-sitter-python's prebuilt grammar.
//  - pairs: adjacent statements of one block in an `async def`, each awaiting a call —
//    `await f()`, `x = await f()`, `x: T = await f()`, `o.p = await f()`, `a, b = await f()` —
//    the second not mentioning a name the first bound;
//  - loops: `for` loops (not `async for`) whose body awaits a call outside nested functions.
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

let parser;

export async function initPython() {
  if (parser) return;
  const require = createRequire(import.meta.url);
  const runtime = require.resolve('web-tree-sitter/tree-sitter.wasm');
  await Parser.init({ locateFile: (file) => (file === 'tree-sitter.wasm' ? runtime : file) });
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  parser = new Parser();
  parser.setLanguage(language);
}

const isAsync = (node) => node.children[0]?.type === 'async';

function unwrap(node) {
  while (node && node.type === 'parenthesized_expression') node = node.namedChildren[0];
  return node;
}

function isAwaitedCall(node) {
  node = unwrap(node);
  if (!node || node.type !== 'await') return false;
  const arg = unwrap(node.namedChildren[0]);
  return arg?.type === 'call';
}

/** The names an awaited-call statement binds, or undefined when it is not one. */
function awaitedCallStatement(stmt) {
  if (stmt.type !== 'expression_statement' || stmt.namedChildren.length !== 1) return undefined;
  const e = stmt.namedChildren[0];
  if (isAwaitedCall(e)) return [];
  if (e.type === 'assignment' && isAwaitedCall(e.childForFieldName('right'))) return targetNames(e.childForFieldName('left'));
  return undefined;
}

/** Identifiers of an assignment target; for `a.b.c = ...` and `a[i] = ...`, its root `a`. */
function targetNames(node, out = []) {
  if (!node) return out;
  if (node.type === 'identifier') out.push(node.text);
  else if (node.type === 'attribute' || node.type === 'subscript') {
    let o = node;
    while (o.type === 'attribute' || o.type === 'subscript') o = o.namedChildren[0];
    if (o.type === 'identifier') out.push(o.text);
  } else for (const c of node.namedChildren) targetNames(c, out);
  return out;
}

function mentions(node, names) {
  if (names.length === 0) return false;
  const wanted = new Set(names);
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n.type === 'identifier' && wanted.has(n.text)) return true;
    for (const c of n.namedChildren) stack.push(c);
  }
  return false;
}

function awaitsCall(node) {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') continue;
    if (n.type === 'await' && isAwaitedCall(n)) return true;
    for (const c of n.namedChildren) stack.push(c);
  }
  return false;
}

/** Candidates of one file: [{ rule, line, endLine?, column }], lines 1-based. */
export function pythonCandidates(text) {
  if (!parser) throw new Error('call initPython() first');
  const tree = parser.parse(text);
  const out = [];
  try {
    const stack = [[tree.rootNode, false]];
    while (stack.length > 0) {
      const [node, asyncContext] = stack.pop();
      const inner = node.type === 'function_definition' ? isAsync(node) : node.type === 'lambda' ? false : asyncContext;
      if (inner && node.type === 'block') {
        const statements = node.namedChildren.filter((c) => c.type !== 'comment');
        for (let i = 0; i + 1 < statements.length; i++) {
          const bound = awaitedCallStatement(statements[i]);
          if (bound === undefined || awaitedCallStatement(statements[i + 1]) === undefined) continue;
          if (mentions(statements[i + 1], bound)) continue;
          out.push({ rule: 'sequential-awaits', line: statements[i].startPosition.row + 1, endLine: statements[i + 1].startPosition.row + 1, column: statements[i].startPosition.column + 1 });
        }
      }
      if (inner && node.type === 'for_statement' && !isAsync(node) && awaitsCall(node.childForFieldName('body'))) {
        out.push({ rule: 'await-in-loop', line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
      }
      for (const c of node.namedChildren) stack.push([c, inner]);
    }
  } finally {
    tree.delete();
  }
  return out.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}
