/** Small helpers over tree-sitter-python nodes. Every cursor created here is deleted before returning. */
import type { Node, Tree } from 'web-tree-sitter';

export type { Node, Tree } from 'web-tree-sitter';

/**
 * Pre-order walk in document order, without recursion. `enter` gets the node's parent (cheap here,
 * unlike `node.parent`, which web-tree-sitter finds by descending from the root); returning false
 * skips the node's children. `leave` is called after them.
 */
export function walk(
  root: Node,
  enter: (node: Node, parent: Node | undefined) => boolean | void,
  leave?: (node: Node) => void,
  options: { namedOnly?: boolean } = {},
): void {
  const cursor = root.walk();
  /** Entered ancestors of the cursor's node. */
  const stack: Node[] = [];
  try {
    let node: Node | undefined = cursor.currentNode;
    let descend = enter(node, undefined) !== false;
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        stack.push(node!);
      } else {
        if (node && leave) leave(node);
        for (;;) {
          if (stack.length === 0) return;
          if (cursor.gotoNextSibling()) break;
          cursor.gotoParent();
          const up = stack.pop()!;
          if (leave) leave(up);
        }
      }
      // Anonymous nodes (punctuation, keywords) are leaves: skipping them avoids creating most node objects.
      if (options.namedOnly && !cursor.nodeIsNamed) {
        node = undefined;
        descend = false;
        continue;
      }
      node = cursor.currentNode;
      descend = enter(node, stack[stack.length - 1]) !== false;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Parents recorded by the engine's walk of the file being linted, so rules can climb from a node
 * without `node.parent`'s cost. Falls back to `node.parent` for nodes not recorded.
 */
let parents: Map<number, Node> | undefined;
/** With the parent index, per node id: the async def found climbing from it (null: none). */
let asyncDefFrom: Map<number, Node | null> | undefined;

export function withParentIndex<T>(index: Map<number, Node>, fn: () => T): T {
  const outer = [parents, asyncDefFrom] as const;
  parents = index;
  asyncDefFrom = new Map();
  try {
    return fn();
  } finally {
    [parents, asyncDefFrom] = outer;
  }
}

export function parentOf(node: Node): Node | null {
  return parents?.get(node.id) ?? node.parent;
}

export interface PySyntaxError {
  start: number;
  end: number;
  message: string;
}

/** ERROR and MISSING nodes, visiting only subtrees that contain one. */
export function findSyntaxErrors(root: Node): PySyntaxError[] {
  const out: PySyntaxError[] = [];
  if (!root.hasError) return out;
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
    return node.hasError;
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

/** The `async def` whose body runs `node` directly (not in a nested function, lambda or class), if any. */
export function enclosingAsyncDef(node: Node): Node | undefined {
  // Memoized per ancestor while a file is walked: deep nesting would make it quadratic.
  const climbed: number[] = [];
  let found: Node | null = null;
  for (let n = parentOf(node); n; n = parentOf(n)) {
    const known = asyncDefFrom?.get(n.id);
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
  if (asyncDefFrom) for (const id of climbed) asyncDefFrom.set(id, found);
  return found ?? undefined;
}

/** Inside a generator expression (between `node` and its code boundary), where `await` would change what it produces. */
export function inGeneratorExpression(node: Node): boolean {
  for (let n = parentOf(node); n && !isCodeBoundary(n); n = parentOf(n)) {
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
  const parent = parentOf(node);
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

const statementsOfTree = new WeakMap<Tree, Node[]>();
const importsOfTree = new WeakMap<Tree, Node[]>();

/** The module's top-level import statements, in order, computed once per tree. */
export function topLevelImports(root: Node): Node[] {
  let list = importsOfTree.get(root.tree);
  if (!list) {
    list = topLevelStatements(root).filter((c) => c.type === 'import_statement' || c.type === 'import_from_statement');
    importsOfTree.set(root.tree, list);
  }
  return list;
}

/** The module's named children (statements and comments), computed once per tree. */
export function topLevelStatements(root: Node): Node[] {
  let list = statementsOfTree.get(root.tree);
  if (!list) {
    list = root.namedChildren.filter((c): c is Node => !!c);
    statementsOfTree.set(root.tree, list);
  }
  return list;
}

/** The block of an except clause (tree-sitter-python 0.25 gives it no field name). */
export function clauseBlock(clause: Node): Node | undefined {
  for (let i = clause.namedChildCount - 1; i >= 0; i--) {
    const child = clause.namedChild(i);
    if (child?.type === 'block') return child;
  }
  return undefined;
}
