/**
 * The data Python scopes are made of (scopes.ts builds it, attributes.ts records attribute writes
 * into it): plain objects without tree nodes, so summaries of other modules outlive their trees.
 */
import type { ExprShape } from './shapes.ts';

/** How a decorated or plain `def` behaves when called. `unknown` when a decorator may change that. */
export type CallKind = 'async' | 'sync' | 'unknown';

export type Binding =
  /** `body`: the function's own scope, where what it returns is evaluated; `start`: where the `def` node begins. */
  | { kind: 'def'; callKind: CallKind; name: string; body?: Scope; start: number }
  | { kind: 'class'; cls: ClassSummary }
  /** `import a.b.c` binds `a` (dotted = 'a.b.c', bindsRoot); `import a.b as c` binds `c` to a.b. */
  | { kind: 'import-module'; dotted: string; bindsRoot: boolean }
  /** `from ..m import n`: `level` leading dots, `module` may be empty (`from . import n`). */
  | { kind: 'import-from'; module: string; level: number; name: string }
  /** `n = expr`, or element `element` of `a, b = expr`; `annotation` from `n: T = expr`, used when expr tells nothing. */
  | ({ kind: 'value'; shape: ExprShape; element?: number; annotation?: ExprShape } & Placed)
  /** `async with expr as n` or `with expr as n`. */
  | { kind: 'enter'; shape: ExprShape }
  | ({ kind: 'param'; index: number; annotation?: ExprShape } & Placed)
  | { kind: 'unknown' };

/**
 * Where a binding happens, for reading a name at a point of its own scope: the statement's start
 * and the block it is in (a use later in that block, or in a block nested in it, sees it).
 */
export interface Placed {
  at?: number;
  block?: [number, number];
}

export interface ClassSummary {
  name: string;
  file: string;
  /** Every binding of each name in the class body: a method is `def`; anything else makes it unknown. */
  members: Map<string, Binding[]>;
  bases: ExprShape[];
  /** Writes of data attributes: `self.x = ...` in methods, `x = ...` or `x: T` in the body. */
  attributes: Map<string, AttributeWrite[]>;
  /** The scope the class statement is in, where its bases are looked up. */
  definedIn: Scope;
}

export type MethodRole = 'instance' | 'class' | 'static';

export interface Scope {
  kind: 'module' | 'class' | 'function' | 'lambda';
  file: string;
  /** Start offset of the defining node (`function_definition`, `lambda`, `class_definition`); 0 for the module. */
  start: number;
  bindings: Map<string, Binding[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
  parent?: Scope;
  /** A `def` directly in a class body: its class and what the first parameter is. */
  method?: { cls: ClassSummary; role: MethodRole; receiver?: string };
  isAsync: boolean;
  /** What each `return` of a function returns (`return` without a value: unknown). */
  returns?: ExprShape[];
  /** `from m import *` somewhere in the module: an unbound name is not known to be a builtin. */
  hasWildcardImport?: boolean;
}

export interface ScopeTable {
  module: Scope;
  /** Scopes by the start offset and type of their defining node. */
  byNode: Map<string, Scope>;
  /** Every class of the module, nested ones too, in document order. */
  classes: ClassSummary[];
}

/** One write of an attribute, from a method (`self.x = ...`) or the class body (`x = ...`). */
export interface AttributeWrite {
  /** What is assigned (element `element` when a tuple is unpacked); undefined when not followed (`+=`, `for`, `with`). */
  value?: ExprShape;
  element?: number;
  /** `= None`: no method can be called on it, so it says nothing about the attribute's class. */
  isNone?: boolean;
  /** `x: T` without a value only declares the type. */
  declarationOnly?: boolean;
  annotation?: ExprShape;
  /** Where value and annotation are evaluated: the writing method, or the class body. */
  scope: Scope;
}
