/**
 * The one way to walk a TypeScript tree, and what a function boundary is. Without recursion: files
 * nest 20,000 deep (`((((...))))`), far beyond the call stack.
 */
import { SyntaxKind, ts, type Node } from './ast.ts';

/**
 * Visits the descendants of `root` (not `root` itself) in document order, depth first. When `visit`
 * returns false, the node's own descendants are skipped.
 */
export function forEachDescendant(root: Node, visit: (node: Node) => boolean | void): void {
  const stack: Node[] = [];
  const children: Node[] = [];
  // One callback for the whole walk, not one per node; it must return nothing, or forEachChild stops.
  const collect = (child: Node): undefined => {
    children.push(child);
  };
  const pushChildren = (node: Node) => {
    children.length = 0;
    node.forEachChild(collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) !== false) pushChildren(node);
  }
}

/** `root` and then its descendants, as `forEachDescendant`. */
export function forEachNode(root: Node, visit: (node: Node) => boolean | void): void {
  if (visit(root) !== false) forEachDescendant(root, visit);
}

/** The descendants of `root` that run as part of its own body: nested functions and classes are not entered. */
export function forEachInSameFunction(root: Node, visit: (node: Node) => void): void {
  forEachDescendant(root, (node) => {
    visit(node);
    return !isFunctionBoundary(node) && !ts.isClassDeclaration(node) && !ts.isClassExpression(node);
  });
}

/** The descendants of `root` that share its `this`: arrow functions are entered, other functions and classes are not. */
export function forEachInSameThisScope(root: Node, visit: (node: Node) => void): void {
  forEachDescendant(root, (node) => {
    visit(node);
    const opensScope = isFunctionBoundary(node) && !ts.isArrowFunction(node);
    return !opensScope && !ts.isClassDeclaration(node) && !ts.isClassExpression(node);
  });
}

/**
 * Nodes whose body is code of its own: `await`, `return`, `yield` and (but for arrow functions)
 * `this` inside them belong to them, not to the code around. A class field's initializer is such a
 * body too: it runs when the instance is built, with the instance as `this`.
 */
export function isFunctionBoundary(node: Node): boolean {
  switch (node.kind) {
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.Constructor:
    case SyntaxKind.ClassStaticBlockDeclaration:
    case SyntaxKind.PropertyDeclaration:
      return true;
    default:
      return false;
  }
}
