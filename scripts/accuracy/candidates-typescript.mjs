// Recall candidates in TypeScript/JavaScript, found without the linter's code (it must not share
// the linter's blind spots): @babel/parser's AST, since typescript@7 ships no standalone parser.
//  - pairs: adjacent statements of one block in an async function (or a module's top level),
//    each awaiting a call — `await f()`, `x = await f()`, `const x = await f()`, `o.p = await f()`
//    — the second not mentioning a name the first bound;
//  - loops: `for`, `for...of` and `for...in` loops (not `for await`) whose body awaits a call
//    outside nested functions.
import { parse } from '@babel/parser';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
const LOOP_TYPES = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement']);

function parseSource(text, fileName) {
  const typescript = /\.[cm]?tsx?$/.test(fileName);
  const plugins = typescript ? ['typescript', 'decorators-legacy'] : ['jsx', 'decorators-legacy'];
  if (/\.tsx$/.test(fileName)) plugins.push('jsx');
  const options = { sourceType: 'unambiguous', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, errorRecovery: true, plugins };
  try {
    return parse(text, options);
  } catch {
    // A .js file with JSX-like generics or Flow: try the other dialect once.
    return parse(text, { ...options, plugins: typescript ? ['jsx', 'decorators-legacy'] : ['typescript', 'decorators-legacy'] });
  }
}

function* children(node) {
  for (const k of Object.keys(node)) {
    if (k === 'loc' || k === 'leadingComments' || k === 'trailingComments' || k === 'innerComments' || k === 'extra') continue;
    const v = node[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === 'string') yield c;
    } else if (v && typeof v.type === 'string') yield v;
  }
}

function unwrap(e) {
  while (e && (e.type === 'TSAsExpression' || e.type === 'TSNonNullExpression' || e.type === 'TSSatisfiesExpression' || e.type === 'ParenthesizedExpression' || e.type === 'TSTypeAssertion')) e = e.expression;
  return e;
}

const isAwaitedCall = (e) => {
  e = unwrap(e);
  if (!e || e.type !== 'AwaitExpression') return false;
  const arg = unwrap(e.argument);
  return arg?.type === 'CallExpression' || arg?.type === 'OptionalCallExpression' || arg?.type === 'NewExpression';
};

/** The names a statement binds if it is an awaited-call statement, else undefined. */
function awaitedCallStatement(stmt) {
  if (stmt.type === 'ExpressionStatement') {
    const e = unwrap(stmt.expression);
    if (isAwaitedCall(e)) return [];
    if (e.type === 'AssignmentExpression' && isAwaitedCall(e.right)) return patternNames(e.left);
    return undefined;
  }
  if (stmt.type === 'VariableDeclaration' && stmt.declarations.length === 1 && stmt.kind !== 'await using' && stmt.kind !== 'using') {
    const d = stmt.declarations[0];
    if (d.init && isAwaitedCall(d.init)) return patternNames(d.id);
  }
  return undefined;
}

/** Identifiers a binding or assignment target introduces; for `a.b.c = ...`, its root `a`. */
function patternNames(p, out = []) {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name);
      break;
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      let o = p;
      while (o.type === 'MemberExpression' || o.type === 'OptionalMemberExpression') o = o.object;
      if (o.type === 'Identifier') out.push(o.name);
      else if (o.type === 'ThisExpression') out.push('this');
      break;
    }
    case 'ObjectPattern':
      for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternNames(el, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
  }
  return out;
}

function mentions(node, names) {
  if (names.length === 0) return false;
  const wanted = new Set(names);
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if ((n.type === 'Identifier' && wanted.has(n.name)) || (n.type === 'ThisExpression' && wanted.has('this'))) return true;
    for (const c of children(n)) stack.push(c);
  }
  return false;
}

/** Whether `node` (a loop body) awaits a call outside nested functions. */
function awaitsCall(node) {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (FUNCTION_TYPES.has(n.type)) continue;
    if (n.type === 'AwaitExpression' && isAwaitedCall(n)) return true;
    for (const c of children(n)) stack.push(c);
  }
  return false;
}

/** Candidates of one file: [{ rule, line, endLine?, column }], lines 1-based. */
export function typescriptCandidates(text, fileName) {
  const ast = parseSource(text, fileName);
  const out = [];
  // Walk with the nearest enclosing function's async-ness; the module's top level counts as async.
  const stack = [[ast.program, true]];
  while (stack.length > 0) {
    const [node, asyncContext] = stack.pop();
    const inner = FUNCTION_TYPES.has(node.type) ? node.async === true : asyncContext;
    {
      const statements = node.type === 'BlockStatement' || node.type === 'Program' || node.type === 'StaticBlock' ? node.body : node.type === 'SwitchCase' ? node.consequent : undefined;
      if (statements && inner) {
        for (let i = 0; i + 1 < statements.length; i++) {
          const bound = awaitedCallStatement(statements[i]);
          if (bound === undefined || awaitedCallStatement(statements[i + 1]) === undefined) continue;
          if (mentions(statements[i + 1], bound)) continue;
          out.push({ rule: 'sequential-awaits', line: statements[i].loc.start.line, endLine: statements[i + 1].loc.start.line, column: statements[i].loc.start.column + 1 });
        }
      }
      if (inner && LOOP_TYPES.has(node.type) && !node.await && awaitsCall(node.body)) {
        out.push({ rule: 'await-in-loop', line: node.loc.start.line, column: node.loc.start.column + 1 });
      }
    }
    // StaticBlock is not async; a function node starts its own context.
    const next = node.type === 'StaticBlock' ? false : inner;
    for (const c of children(node)) stack.push([c, next]);
  }
  return out.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}
