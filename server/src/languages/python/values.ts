/**
 * The values the Python semantics follows (modules, functions, classes, instances, library names),
 * what it knows about a call, and value identity for "all bindings agree".
 */
import { canonicalClassName, knownClass, type KnownCallable } from '../../knowledge/python-library.ts';
import type { CallKind, ClassSummary, Scope } from './scopes.ts';

export type ClassRef = { kind: 'workspace'; summary: ClassSummary } | { kind: 'library'; qname: string };

export type PyValue =
  /** A workspace module or package, by path stem (`/p/pkg/mod`); `qname` as written, for messages. */
  | { kind: 'module'; stem: string; qname: string }
  /** `body`: the function's own scope (not part of its identity); `file` and `start` locate the `def` node. */
  | { kind: 'function'; name: string; callKind: CallKind; key: string; body?: Scope; file: string; start: number }
  | { kind: 'class'; cls: ClassRef }
  | { kind: 'instance'; cls: ClassRef }
  /** Anything inside a library module, by qualified name (`asyncio.sleep`, `builtins.open`). */
  | { kind: 'library'; qname: string }
  | { kind: 'method'; cls: ClassRef; name: string }
  | { kind: 'tuple'; items: (PyValue | undefined)[] }
  /** `a if c else b` whose branches differ: known as a callee when every branch calls alike. */
  | { kind: 'either'; options: PyValue[] };

export interface CallInfo {
  /** `asyncio.sleep`, `requests.Session.get` for library calls; the plain name for workspace ones. */
  qname: string;
  /** The callee is a library function or a method of a library class (knowledge applies). */
  library: boolean;
  coroutine: boolean;
  startsTask: boolean;
  returns?: PyValue;
  awaits?: PyValue;
  enters?: PyValue;
}

export function fromKnown(qname: string, known: KnownCallable): CallInfo {
  return {
    qname,
    library: true,
    coroutine: known.coroutine === true,
    startsTask: known.startsTask === true,
    returns: instanceOf(known.returns),
    awaits: Array.isArray(known.awaits) ? { kind: 'tuple', items: known.awaits.map((c) => instanceOf(c)) } : instanceOf(known.awaits),
    enters: instanceOf(known.enters),
  };
}

export function instanceOf(qname: string | undefined): PyValue | undefined {
  return qname ? { kind: 'instance', cls: { kind: 'library', qname: canonicalClassName(qname) } } : undefined;
}

/** The class a value names: a workspace class, or a library name the knowledge has as a class. */
export function classRefOf(value: PyValue): ClassRef | undefined {
  if (value.kind === 'class') return value.cls;
  if (value.kind === 'library' && knownClass(value.qname)) return { kind: 'library', qname: canonicalClassName(value.qname) };
  return undefined;
}

const classIds = new WeakMap<ClassSummary, number>();
let nextClassId = 0;

export function classKey(cls: ClassRef): string {
  if (cls.kind === 'library') return `lib:${cls.qname}`;
  let id = classIds.get(cls.summary);
  if (id === undefined) classIds.set(cls.summary, (id = ++nextClassId));
  return `ws:${id}`;
}

export function valueKey(value: PyValue): string {
  switch (value.kind) {
    case 'module':
      return `module:${value.stem}`;
    case 'function':
      return `function:${value.key}`;
    case 'class':
      return `class:${classKey(value.cls)}`;
    case 'instance':
      return `instance:${classKey(value.cls)}`;
    case 'library':
      return `library:${value.qname}`;
    case 'method':
      return `method:${classKey(value.cls)}.${value.name}`;
    case 'tuple':
      return `tuple:${value.items.map((v) => (v ? valueKey(v) : '?')).join(',')}`;
    case 'either':
      return `either:${value.options.map(valueKey).join('|')}`;
  }
}
