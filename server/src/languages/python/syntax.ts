/** Small helpers over the copied Python syntax tree (syntaxTree.ts). */
import type { PyNode, PySyntaxTree } from './syntaxTree.ts';

export type Node = PyNode;

/**
 * Pre-order walk in document order, without recursion (files nest 20,000 deep). `enter` gets the
 * node's parent; returning false skips the node's children. `leave` is called after them.
 * `namedOnly` skips anonymous nodes (punctuation, keywords) and what they hold (`not in` holds `not`).
 */
export function walk(
  root: Node,
  enter: (node: Node, parent: Node | undefined) => boolean | void,
  leave?: (node: Node) => void,
  options: { namedOnly?: boolean } = {},
): void {
  const namedOnly = options.namedOnly === true;
  if (enter(root, undefined) === false || root.children.length === 0) {
    leave?.(root);
    return;
  }
  /** Entered ancestors, and the index of the child of each to visit next. */
  const stack: Node[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top]!;
    const child = node.children[next[top]!++];
    if (!child) {
      stack.pop();
      next.pop();
      leave?.(node);
      continue;
    }
    if (namedOnly && !child.isNamed) continue;
    if (enter(child, node) === false || child.children.length === 0) {
      leave?.(child);
      continue;
    }
    stack.push(child);
    next.push(0);
  }
}

export interface PySyntaxError {
  start: number;
  end: number;
  message: string;
}

/** ERROR and MISSING nodes, outermost ones only. */
export function findSyntaxErrors(root: Node): PySyntaxError[] {
  const out: PySyntaxError[] = [];
  if (!root.tree.hasError) return out;
  walk(root, (node) => {
    if (node.isMissing) {
      out.push({ start: node.startIndex, end: node.endIndex, message: `syntax error: missing ${node.type}` });
      return false;
    }
    if (node.isError) {
      const text = node.text.split(/\r?\n/)[0]!.slice(0, 40);
      out.push({ start: node.startIndex, end: node.endIndex, message: `syntax error: unexpected ${JSON.stringify(text)}` });
      return false;
    }
  });
  return out;
}

export function isAsyncDef(node: Node): boolean {
  return node.type === 'function_definition' && node.firstChild?.type === 'async';
}

export function isAsyncWith(node: Node): boolean {
  return node.type === 'with_statement' && node.firstChild?.type === 'async';
}

/** Function, lambda and class boundaries: code inside them does not run in the enclosing body. */
export function isCodeBoundary(node: Node): boolean {
  return node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition';
}

/** Per tree, per node id: the async def found climbing from that node (null: none). */
const asyncDefsOfTree = new WeakMap<PySyntaxTree, Map<number, Node | null>>();

/** The `async def` whose body runs `node` directly (not in a nested function, lambda or class), if any. */
export function enclosingAsyncDef(node: Node): Node | undefined {
  // Memoized per ancestor: climbing from every call of a deeply nested file would be quadratic.
  let asyncDefFrom = asyncDefsOfTree.get(node.tree);
  if (!asyncDefFrom) asyncDefsOfTree.set(node.tree, (asyncDefFrom = new Map()));
  const climbed: number[] = [];
  let found: Node | null = null;
  for (let n = node.parent; n; n = n.parent) {
    const known = asyncDefFrom.get(n.id);
    if (known !== undefined) {
      found = known;
      break;
    }
    climbed.push(n.id);
    if (isCodeBoundary(n)) {
      found = isAsyncDef(n) ? n : null;
      break;
    }
  }
  for (const id of climbed) asyncDefFrom.set(id, found);
  return found ?? undefined;
}

/** Inside a generator expression (between `node` and its code boundary), where `await` would change what it produces. */
export function inGeneratorExpression(node: Node): boolean {
  for (let n = node.parent; n && !isCodeBoundary(n); n = n.parent) {
    if (n.type === 'generator_expression') return true;
  }
  return false;
}

export function stripParens(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  return n;
}

/** The statement position test: `node` is the whole expression of an expression statement. */
export function isExpressionStatementValue(node: Node): boolean {
  const parent = node.parent;
  return parent?.type === 'expression_statement' && parent.namedChildCount === 1;
}

/** `a.b.c` as ['a', 'b', 'c'], or undefined for anything that is not a plain dotted name. */
export function dottedParts(node: Node): string[] | undefined {
  const n = stripParens(node);
  if (n.type === 'identifier') return [n.text];
  if (n.type === 'attribute') {
    const object = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute');
    const head = object && dottedParts(object);
    return head && attr ? [...head, attr.text] : undefined;
  }
  return undefined;
}

/** The statement directly under the module that contains `offset`. */
export function topLevelStatementAt(root: Node, offset: number): Node | undefined {
  const statements = topLevelStatements(root);
  let lo = 0;
  let hi = statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = statements[mid]!;
    if (offset < s.startIndex) hi = mid - 1;
    else if (offset > s.endIndex) lo = mid + 1;
    else return s;
  }
  return undefined;
}

const importsOfTree = new WeakMap<PySyntaxTree, Node[]>();

/** The module's top-level import statements, in order, computed once per tree. */
export function topLevelImports(root: Node): Node[] {
  let list = importsOfTree.get(root.tree);
  if (!list) {
    list = topLevelStatements(root).filter((c) => c.type === 'import_statement' || c.type === 'import_from_statement');
    importsOfTree.set(root.tree, list);
  }
  return list;
}

/** The module's named children (statements and comments). */
export function topLevelStatements(root: Node): readonly Node[] {
  return root.namedChildren;
}

/** The block of an except clause (tree-sitter-python 0.25 gives it no field name). */
export function clauseBlock(clause: Node): Node | undefined {
  for (let i = clause.namedChildCount - 1; i >= 0; i--) {
    const child = clause.namedChild(i);
    if (child?.type === 'block') return child;
  }
  return undefined;
}
