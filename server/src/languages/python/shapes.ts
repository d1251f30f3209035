/**
 * Node-free descriptions of expressions (`ExprShape`), so scope summaries of other modules can be
 * kept and followed after their trees are freed.
 */
import { stripParens, type Node } from './syntax.ts';

/** What a bound expression looks like, enough to follow names, attributes, calls and awaits. */
export type ExprShape =
  | { kind: 'name'; name: string }
  | { kind: 'attr'; of: ExprShape; name: string }
  | { kind: 'call'; callee: ExprShape }
  | { kind: 'await'; of: ExprShape }
  /** `left / right`: what `pathlib.Path` division gives. */
  | { kind: 'div'; left: ExprShape }
  /** `(a, b)` or `a, b`: what unpacking an element of it binds. */
  | { kind: 'tuple'; items: ExprShape[] }
  /** `a if c else b`: known when the branches agree (a `None` branch never has methods called on it). */
  | { kind: 'either'; options: ExprShape[] }
  | { kind: 'none' }
  | { kind: 'unknown' };

/** Deeper expressions are not followed (files nest 20,000 deep; nothing real is followed that far). */
const MAX_SHAPE_DEPTH = 100;

export function shapeOf(node: Node | null | undefined, depth = 0): ExprShape {
  if (!node || depth > MAX_SHAPE_DEPTH) return { kind: 'unknown' };
  const n = stripParens(node);
  switch (n.type) {
    case 'identifier':
      return { kind: 'name', name: n.text };
    case 'attribute': {
      const attr = n.childForFieldName('attribute');
      return attr ? { kind: 'attr', of: shapeOf(n.childForFieldName('object'), depth + 1), name: attr.text } : { kind: 'unknown' };
    }
    case 'call':
      return { kind: 'call', callee: shapeOf(n.childForFieldName('function'), depth + 1) };
    case 'await':
      return { kind: 'await', of: shapeOf(n.namedChild(0), depth + 1) };
    case 'type':
      return shapeOf(n.namedChild(0), depth + 1);
    case 'tuple':
    case 'expression_list':
      return n.namedChildren.some((c) => c?.type === 'list_splat' || c?.type === 'comment')
        ? { kind: 'unknown' }
        : { kind: 'tuple', items: n.namedChildren.map((c) => shapeOf(c, depth + 1)) };
    case 'conditional_expression': {
      const [then, , otherwise] = n.namedChildren;
      return { kind: 'either', options: [shapeOf(then, depth + 1), shapeOf(otherwise, depth + 1)] };
    }
    case 'none':
      return { kind: 'none' };
    case 'binary_operator':
      return n.childForFieldName('operator')?.type === '/' ? { kind: 'div', left: shapeOf(n.childForFieldName('left'), depth + 1) } : { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

/**
 * The class an annotation declares, with `Optional[...]`, `X | None` and `None | X` removed: a
 * method call on the attribute only runs when it is not None, so that part never matters to it.
 */
export function declaredTypeShape(annotation: Node | null | undefined): ExprShape {
  if (!annotation) return { kind: 'unknown' };
  const n = annotation.type === 'type' && annotation.namedChild(0) ? annotation.namedChild(0)! : stripParens(annotation);
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '|') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (right?.type === 'none') return declaredTypeShape(left);
    if (left?.type === 'none') return declaredTypeShape(right);
    return { kind: 'unknown' };
  }
  if (n.type === 'generic_type') {
    // `Optional[X]` as an annotation parses as a generic type: (identifier) (type_parameter (type X)).
    const [name, parameter] = n.namedChildren;
    const only = parameter?.type === 'type_parameter' && parameter.namedChildCount === 1 ? parameter.namedChild(0) : undefined;
    return name?.text === 'Optional' && only ? declaredTypeShape(only) : { kind: 'unknown' };
  }
  if (n.type === 'subscript') {
    // `typing.Optional[X]` parses as a subscript.
    const value = n.childForFieldName('value');
    const subscripts = n.childrenForFieldName('subscript');
    const optional = value?.text === 'Optional' || value?.text === 'typing.Optional' || value?.text === 'typing_extensions.Optional';
    return optional && subscripts.length === 1 && subscripts[0] ? declaredTypeShape(subscripts[0]) : { kind: 'unknown' };
  }
  return shapeOf(n);
}
