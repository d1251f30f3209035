/**
 * Data attributes of workspace classes: what `self.session = aiohttp.ClientSession()` in any method
 * (or `session: aiohttp.ClientSession` in the class body) makes `self.session` in every method.
 * Writes are recorded while scopes are built; their value is found on demand. Precision first: an
 * attribute has a value only when every write in the class, its workspace bases and the subclasses
 * in the linted file agrees on it.
 */
import type { AttributeWrite, Binding, ClassSummary, Scope } from './scopeModel.ts';
import { declaredTypeShape, shapeOf, type ExprShape } from './shapes.ts';
import { stripParens, type Node } from './syntax.ts';

/** What is written to a target: an expression, or something not followed. */
export type Written = { node: Node | null; annotation?: Node | null } | 'unknown';

/**
 * Records the attribute writes `target` makes from `scope`: names in a class body (`classBody`), and
 * `receiver.x` in a method whose first parameter is `receiver` (also from functions nested in it).
 */
export function recordAttributeWrites(scope: Scope, classBody: ClassSummary | undefined, target: Node, written: Written): void {
  const t = stripParens(target);
  if (!isUnpacking(t)) {
    recordOne(scope, classBody, t, writeOf(written));
    return;
  }
  t.namedChildren.forEach((element, i) => {
    if (!element) return;
    const e = stripParens(element);
    if (e.type === 'list_splat_pattern' || isUnpacking(e)) {
      // `*self.rest` and nested unpacking: written, but not followed.
      for (const inner of e.type === 'list_splat_pattern' ? e.namedChildren : [e]) if (inner) recordAttributeWrites(scope, classBody, inner, 'unknown');
    } else {
      recordOne(scope, classBody, e, writeOf(written, i));
    }
  });
}

function isUnpacking(node: Node): boolean {
  return node.type === 'pattern_list' || node.type === 'tuple_pattern' || node.type === 'list_pattern' || node.type === 'tuple' || node.type === 'list';
}

function writeOf(written: Written, element?: number): Omit<AttributeWrite, 'scope'> {
  if (written === 'unknown') return {};
  const annotation = written.annotation ? declaredTypeShape(written.annotation) : undefined;
  if (!written.node) return { declarationOnly: true, annotation };
  if (element === undefined && stripParens(written.node).type === 'none') return { isNone: true, annotation };
  return { value: shapeOf(written.node), element, annotation };
}

function recordOne(scope: Scope, classBody: ClassSummary | undefined, target: Node, write: Omit<AttributeWrite, 'scope'>): void {
  const t = stripParens(target);
  if (classBody) {
    if (t.type === 'identifier') addWrite(classBody, t.text, { ...write, scope });
    return;
  }
  if (t.type !== 'attribute') return;
  const object = t.childForFieldName('object');
  const name = t.childForFieldName('attribute')?.text;
  const cls = object?.type === 'identifier' ? receiverClass(scope, object.text) : undefined;
  if (cls && name) addWrite(cls, name, { ...write, scope });
}

function addWrite(cls: ClassSummary, name: string, write: AttributeWrite): void {
  const list = cls.attributes.get(name);
  if (list) list.push(write);
  else cls.attributes.set(name, [write]);
}

/** The class whose instance (or class, in a classmethod) `name` is in `scope`: a method's first parameter. */
function receiverClass(scope: Scope, name: string): ClassSummary | undefined {
  for (let s: Scope | undefined = scope; s && (s.kind === 'function' || s.kind === 'lambda'); s = s.parent) {
    if (s.method) return s.method.receiver === name ? s.method.cls : undefined;
    if (s.bindings.has(name)) return undefined; // a nested function's own `self`
  }
  return undefined;
}

/** What attribute lookup needs from the semantics (kept there: it follows names across modules). */
export interface AttributeSemantics<V> {
  evaluate(shape: ExprShape, scope: Scope): V | undefined;
  /** Element `index` of a tuple value. */
  elementOf(value: V, index: number): V | undefined;
  /** An instance of the class an annotation names. */
  declaredInstance(annotation: ExprShape, scope: Scope): V | undefined;
  sameValue(a: V, b: V): boolean;
  /**
   * The class's bases that are workspace classes. Library bases and bases not followed are left
   * out: one writing the same attribute as its workspace subclass, with another class, is too rare
   * to give up every class with such a base.
   */
  workspaceBases(cls: ClassSummary): ClassSummary[];
  /** Classes of the linted file that inherit from `cls`: `self` in its methods may be one of them. */
  subclassesOf(cls: ClassSummary): ClassSummary[];
}

/** Class bodies bind names other than data attributes this way (a method, a nested class, an import). */
function isNonDataMember(binding: Binding): boolean {
  return binding.kind !== 'value' && binding.kind !== 'unknown';
}

/**
 * The value of data attribute `name` on instances of `cls`: `{ value }` (undefined when the writes
 * disagree or are not followed), or undefined when no class in the chain writes `name` (it may be
 * a method: the caller looks it up as one).
 */
export function attributeValue<V>(semantics: AttributeSemantics<V>, cls: ClassSummary, name: string): { value: V | undefined } | undefined {
  const writes: AttributeWrite[] = [];
  let alsoMember = false;
  const seen = new Set<ClassSummary>();
  const collect = (c: ClassSummary): void => {
    seen.add(c);
    writes.push(...(c.attributes.get(name) ?? []));
    if (c.members.get(name)?.some(isNonDataMember)) alsoMember = true;
  };
  const visit = (c: ClassSummary, depth: number): void => {
    if (seen.has(c) || depth > 10) return;
    collect(c);
    for (const base of semantics.workspaceBases(c)) visit(base, depth + 1);
  };
  visit(cls, 0);
  if (writes.length === 0) return undefined;
  // A subclass that writes the attribute with another class changes what `self.x` is in inherited methods.
  for (const sub of semantics.subclassesOf(cls)) if (!seen.has(sub)) collect(sub);
  if (alsoMember) return { value: undefined };

  let declared: V | undefined;
  for (const write of writes) {
    const type = write.annotation && semantics.declaredInstance(write.annotation, write.scope);
    if (!type) continue;
    if (declared && !semantics.sameValue(declared, type)) return { value: undefined };
    declared = type;
  }
  let assigned: V | undefined;
  for (const write of writes) {
    if (write.isNone || write.declarationOnly) continue;
    const whole = write.value && semantics.evaluate(write.value, write.scope);
    const value = whole && write.element !== undefined ? semantics.elementOf(whole, write.element) : whole;
    // A write not followed is trusted only when an annotation declares the attribute's class.
    if (!value) {
      if (declared) continue;
      return { value: undefined };
    }
    if ((assigned && !semantics.sameValue(assigned, value)) || (declared && !semantics.sameValue(declared, value))) return { value: undefined };
    assigned = value;
  }
  return { value: declared ?? assigned };
}
