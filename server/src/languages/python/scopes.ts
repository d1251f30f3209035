/**
 * Python scopes as plain data: which names each module, class, function and lambda binds, and to
 * what (as an `ExprShape`, a node-free description of the bound expression). Built in one walk of a
 * tree; the result holds no tree nodes, so summaries of other modules outlive their trees.
 */
import { recordAttributeWrites, type Written } from './attributes.ts';
import type { Binding, CallKind, ClassSummary, MethodRole, Placed, Scope, ScopeTable } from './scopeModel.ts';
import { declaredTypeShape, shapeOf, type ExprShape } from './shapes.ts';
import { isAsyncDef, stripParens, walk, type Node } from './syntax.ts';

export { shapeOf, type ExprShape } from './shapes.ts';

export type { AttributeWrite, Binding, CallKind, ClassSummary, MethodRole, Placed, Scope, ScopeTable } from './scopeModel.ts';

export function scopeKey(node: Node): string {
  return `${node.type}@${node.startIndex}`;
}

/** Decorators that leave a function's calling behaviour alone. */
const TRANSPARENT_DECORATORS = new Set([
  'staticmethod', 'classmethod', 'abstractmethod', 'abc.abstractmethod', 'override', 'typing.override',
  'typing_extensions.override', 'overload', 'typing.overload',
]);

function add(scope: Scope, name: string, binding: Binding): void {
  const list = scope.bindings.get(name);
  if (list) list.push(binding);
  else scope.bindings.set(name, [binding]);
}

function newScope(kind: Scope['kind'], file: string, start: number, parent: Scope | undefined, isAsync = false): Scope {
  return { kind, file, start, bindings: new Map(), globals: new Set(), nonlocals: new Set(), parent, isAsync };
}

function decoratorNames(def: Node, parent: Node | undefined): string[] {
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren
    .filter((c): c is Node => c?.type === 'decorator')
    .map((d) => d.namedChild(0)?.text.replace(/\s+/g, '') ?? '');
}

function callKindOf(def: Node, parent: Node | undefined): CallKind {
  const decorators = decoratorNames(def, parent);
  if (decorators.some((d) => !TRANSPARENT_DECORATORS.has(d))) return 'unknown';
  return isAsyncDef(def) ? 'async' : 'sync';
}

function roleOf(def: Node, parent: Node | undefined): MethodRole {
  const decorators = decoratorNames(def, parent);
  if (decorators.includes('staticmethod')) return 'static';
  if (decorators.includes('classmethod')) return 'class';
  return 'instance';
}

/** Binds every name a target (`x`, `a, b`, `[a, *b]`, `x.y` binds nothing) introduces. */
function bindTarget(scope: Scope, target: Node, binding: (element?: number) => Binding): void {
  const t = stripParens(target);
  if (t.type === 'identifier') {
    add(scope, t.text, binding());
  } else if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern' || t.type === 'tuple' || t.type === 'list') {
    t.namedChildren.forEach((element, i) => {
      if (!element) return;
      if (stripParens(element).type === 'identifier') add(scope, stripParens(element).text, binding(i));
      else bindTarget(scope, element, () => ({ kind: 'unknown' }));
    });
  } else if (t.type === 'list_splat_pattern' || t.type === 'as_pattern_target') {
    for (const c of t.namedChildren) if (c) bindTarget(scope, c, () => ({ kind: 'unknown' }));
  }
}

/** Binds the parameters; returns the first one's name when it is a plain parameter (a method's receiver). */
function bindParameters(scope: Scope, parameters: Node | null, place: Placed = {}): string | undefined {
  if (!parameters) return undefined;
  let first: string | undefined;
  let index = 0;
  for (const p of parameters.namedChildren) {
    if (!p) continue;
    let name: Node | null = null;
    let annotation: Node | null = null;
    switch (p.type) {
      case 'identifier':
        name = p;
        break;
      case 'typed_parameter':
        name = p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
        annotation = p.childForFieldName('type');
        break;
      case 'default_parameter':
        name = p.childForFieldName('name');
        break;
      case 'typed_default_parameter':
        name = p.childForFieldName('name');
        annotation = p.childForFieldName('type');
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = p.namedChild(0);
        break;
      default:
        continue;
    }
    if (name?.type === 'identifier') add(scope, name.text, { kind: 'param', index, annotation: annotation ? declaredTypeShape(annotation) : undefined, ...place });
    if (index === 0 && name?.type === 'identifier' && p.type !== 'list_splat_pattern' && p.type !== 'dictionary_splat_pattern') first = name.text;
    index++;
  }
  return first;
}

function bindImport(scope: Scope, node: Node): void {
  if (node.type === 'import_statement') {
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const alias = item.childForFieldName('alias');
        const dotted = item.childForFieldName('name')?.text;
        if (alias && dotted) add(scope, alias.text, { kind: 'import-module', dotted, bindsRoot: false });
      } else {
        add(scope, item.text.split('.')[0]!.trim(), { kind: 'import-module', dotted: item.text.replace(/\s+/g, ''), bindsRoot: true });
      }
    }
    return;
  }
  const moduleNode = node.childForFieldName('module_name');
  let level = 0;
  let module = moduleNode?.text ?? '';
  if (moduleNode?.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
    level = prefix?.text.length ?? 0;
    module = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  }
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
    let root: Scope = scope;
    while (root.parent) root = root.parent;
    root.hasWildcardImport = true;
    return;
  }
  for (const item of node.childrenForFieldName('name')) {
    if (!item) continue;
    const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
    const local = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : item.text;
    if (nameNode && local) add(scope, local, { kind: 'import-from', module: module.replace(/\s+/g, ''), level, name: nameNode.text });
  }
}

/** The function or module scope a walrus or a comprehension variable lands in (never a class body). */
function functionScopeOf(scope: Scope): Scope {
  let s = scope;
  while (s.kind === 'class' && s.parent) s = s.parent;
  return s;
}

export function buildScopes(root: Node, file: string): ScopeTable {
  const module = newScope('module', file, 0, undefined);
  const byNode = new Map<string, Scope>();
  const stack: Scope[] = [module];
  const current = () => stack[stack.length - 1]!;
  const opened = new Set<number>();
  const classes: ClassSummary[] = [];

  walk(
    root,
    (node, parent) => {
      const scope = current();
      switch (node.type) {
        case 'function_definition': {
          const name = node.childForFieldName('name')?.text;
          const callKind = callKindOf(node, parent);
          const fn = newScope('function', file, node.startIndex, scope, isAsyncDef(node));
          if (name) add(scope, name, { kind: 'def', callKind, name, body: fn, start: node.startIndex });
          const body = node.childForFieldName('body');
          const receiver = bindParameters(fn, node.childForFieldName('parameters'), body ? { at: node.startIndex, block: [node.startIndex, body.endIndex] } : {});
          if (scope.kind === 'class') {
            const role = roleOf(node, parent);
            fn.method = { cls: classOfScope.get(scope)!, role, receiver: role === 'static' ? undefined : receiver };
          }
          open(node, fn);
          break;
        }
        case 'return_statement':
          if (scope.kind === 'function') (scope.returns ??= []).push(shapeOf(node.namedChild(0)));
          break;
        case 'lambda': {
          const fn = newScope('lambda', file, node.startIndex, scope);
          bindParameters(fn, node.childForFieldName('parameters'));
          open(node, fn);
          break;
        }
        case 'class_definition': {
          const name = node.childForFieldName('name')?.text;
          const body = newScope('class', file, node.startIndex, scope);
          const bases = (node.childForFieldName('superclasses')?.namedChildren ?? [])
            .filter((b): b is Node => !!b && b.type !== 'keyword_argument')
            .map((b) => shapeOf(b));
          const cls: ClassSummary = { name: name ?? '?', file, members: body.bindings, bases, attributes: new Map(), definedIn: scope };
          classOfScope.set(body, cls);
          classes.push(cls);
          if (name) add(scope, name, { kind: 'class', cls });
          open(node, body);
          break;
        }
        case 'assignment': {
          const left = node.childForFieldName('left');
          let right = node.childForFieldName('right');
          while (right?.type === 'assignment') right = right.childForFieldName('right');
          if (!left) break;
          const type = node.childForFieldName('type');
          const annotation = type ? declaredTypeShape(type) : undefined;
          if (!right) bindTarget(scope, left, () => ({ kind: 'unknown' })); // `x: int` still makes x local
          const holder = node.parent?.type === 'expression_statement' ? node.parent.parent : undefined;
          const place: Placed = holder ? { at: node.startIndex, block: [holder.startIndex, holder.endIndex] } : {};
          if (right) bindTarget(scope, left, (element) => ({ kind: 'value', shape: shapeOf(right), element, annotation, ...place }));
          recordWrites(scope, left, { node: right, annotation: node.childForFieldName('type') });
          break;
        }
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          if (left) bindTarget(scope, left, () => ({ kind: 'unknown' }));
          if (left) recordWrites(scope, left, 'unknown');
          break;
        }
        case 'named_expression': {
          const name = node.childForFieldName('name');
          if (name) add(functionScopeOf(scope), name.text, { kind: 'value', shape: shapeOf(node.childForFieldName('value')) });
          break;
        }
        case 'for_statement':
        case 'for_in_clause': {
          const left = node.childForFieldName('left');
          const target = node.type === 'for_statement' ? scope : functionScopeOf(scope);
          if (left) bindTarget(target, left, () => ({ kind: 'unknown' }));
          if (left) recordWrites(target, left, 'unknown');
          break;
        }
        case 'as_pattern': {
          const alias = node.childForFieldName('alias');
          if (!alias) break;
          const inWith = parent?.type === 'with_item';
          const value = node.namedChild(0);
          const target = alias.type === 'as_pattern_target' && alias.namedChildCount === 1 ? alias.namedChild(0)! : alias;
          bindTarget(scope, target, (element) => (inWith && element === undefined ? { kind: 'enter', shape: shapeOf(value) } : { kind: 'unknown' }));
          recordWrites(scope, target, 'unknown');
          break;
        }
        case 'import_statement':
        case 'import_from_statement':
          bindImport(scope, node);
          return false;
        case 'global_statement':
          for (const n of node.namedChildren) if (n) scope.globals.add(n.text);
          return false;
        case 'nonlocal_statement':
          for (const n of node.namedChildren) if (n) scope.nonlocals.add(n.text);
          return false;
        case 'case_pattern':
          walk(node, (inner, innerParent) => {
            if (inner.type === 'identifier' && innerParent?.type !== 'dotted_name' && innerParent?.type !== 'attribute') {
              add(scope, inner.text, { kind: 'unknown' });
            }
          });
          return false;
      }
      return true;
    },
    (node) => {
      if (opened.has(node.startIndex) && byNode.get(scopeKey(node)) === current()) {
        stack.pop();
      }
    },
    { namedOnly: true },
  );
  markGlobalAssignments(module, byNode);
  return { module, byNode, classes };

  function open(node: Node, scope: Scope): void {
    byNode.set(scopeKey(node), scope);
    opened.add(node.startIndex);
    stack.push(scope);
  }
}

const classOfScope = new WeakMap<Scope, ClassSummary>();

/** The data attributes a target writes: names bound in a class body, `self.x` in its methods. */
function recordWrites(scope: Scope, target: Node, written: Written): void {
  recordAttributeWrites(scope, classOfScope.get(scope), target, written);
}

/** A function that declares `global x` and binds x rebinds the module's x to something unknown here. */
function markGlobalAssignments(module: Scope, byNode: Map<string, Scope>): void {
  for (const scope of byNode.values()) {
    for (const name of scope.globals) {
      if (scope.bindings.has(name)) {
        add(module, name, { kind: 'unknown' });
        scope.bindings.delete(name);
      }
    }
  }
}
