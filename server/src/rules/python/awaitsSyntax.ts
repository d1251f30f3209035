/**
 * Translates Python syntax into the language-neutral await model (rules/shared/awaits-model.ts):
 * what an awaited call reads, which class members touch which `self` fields, where test code is,
 * and which comments speak about a run of statements.
 */
import { dottedParts, isCodeBoundary, stripParens, walk, type Node } from '../../languages/python/syntax.ts';
import type { GroupingOptions } from '../shared/awaits-grouping.ts';
import { ANY_MEMBER, type AwaitedCall, type CallReferences, type ClassModel } from '../shared/awaits-model.ts';
import { STREAM_IO_PREFIXES } from '../shared/awaits-vocabulary.ts';

/**
 * Python extras that end a group: stream I/O, relaying between peers (`forward`, `relay`), the
 * async spellings of lifecycle methods (`aclose`, `__aenter__`, `__aexit__`), and work handed to a
 * thread. A repeated call with the same arguments depends on the earlier one.
 */
export const PYTHON_GROUPING: GroupingOptions = {
  extraEndingPrefixes: [...STREAM_IO_PREFIXES, 'forward', 'relay', 'aclose', 'aenter', 'aexit', 'run_in_executor', 'to_thread'],
  repeatedCallsDepend: true,
};

/** Awaiting one of these is already the concurrent form, or changes how the awaited work behaves. */
const COMBINATORS = new Set(['gather', 'wait', 'wait_for', 'shield', 'as_completed']);

/** `super().m()` counts as a call of a member the class body does not define. */
const SUPER_MEMBER = '<super>';

/**
 * The call of `await call(...)` as the whole expression (parentheses allowed), when it is not an
 * asyncio combinator and holds no other await, yield or walrus of its own. Awaits of names or
 * attributes (tasks and futures already started) are not calls: undefined.
 */
export function awaitedCallOf(expr: Node | null | undefined): Node | undefined {
  if (!expr) return undefined;
  const outer = stripParens(expr);
  if (outer.type !== 'await') return undefined;
  const operand = outer.namedChild(0);
  const call = operand && stripParens(operand);
  if (call?.type !== 'call') return undefined;
  const names = calleeNamesOf(call);
  if (COMBINATORS.has(names[names.length - 1] ?? '') || containsSuspension(call)) return undefined;
  return call;
}

/** An `await`, `yield` or `:=` outside nested functions: moving the call would move it too. */
export function containsSuspension(node: Node): boolean {
  let found = false;
  walk(node, (n) => {
    if (found || (n !== node && isCodeBoundary(n))) return false;
    if (n.type === 'await' || n.type === 'yield' || n.type === 'named_expression') found = true;
    return !found;
  });
  return found;
}

/** The neutral description of an awaited call; `instance` is the enclosing method's `self`, if any. */
export function describeCall(call: Node, instance: string | undefined): AwaitedCall {
  const callee = call.childForFieldName('function')!;
  const args = call.childForFieldName('arguments');
  const argumentNodes = args?.type === 'argument_list' ? args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') : args ? [args] : [];
  const refs = collectReferences(call, instance);
  let receiverKey: string | undefined;
  if (callee.type === 'attribute') {
    const receiver = dottedParts(callee.childForFieldName('object')!);
    if (receiver && receiver.join('.') !== instance) receiverKey = receiver.join('.');
  }
  return {
    calleeNames: calleeNamesOf(call),
    calleeKey: callee.text.replace(/\s+/g, ''),
    argumentKeys: argumentNodes.map((a) => a.text.replace(/\s+/g, ' ')),
    stringArguments: argumentNodes.flatMap(stringsIn),
    ...refs,
    ...(receiverKey !== undefined ? { receiverKey } : {}),
  };
}

/** Names of the calls along a callee chain, innermost first: `db.tx().query()` → [tx, query]. */
export function calleeNamesOf(call: Node): string[] {
  const names: string[] = [];
  let e: Node | null = call;
  while (e) {
    e = stripParens(e);
    if (e.type === 'call') {
      const fn: Node = e.childForFieldName('function')!;
      const f = stripParens(fn);
      if (f.type === 'identifier') names.unshift(f.text);
      else if (f.type === 'attribute') names.unshift(f.childForFieldName('attribute')!.text);
      e = fn;
    } else if (e.type === 'attribute') e = e.childForFieldName('object');
    else if (e.type === 'subscript') e = e.childForFieldName('value');
    else break;
  }
  return names;
}

/** Values of string literals anywhere in `node` (f-strings: their literal parts, the last one last). */
function stringsIn(node: Node): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (n.type !== 'string') return;
    out.push(n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join(''));
    return false;
  });
  return out;
}

/** Python also records whose attributes are read (`a` of `a.x`): a later call reading them depends. */
export type References = Required<CallReferences>;

/** Names `node` reads anywhere (nested functions and lambdas too: extra names only make it more cautious). */
export function collectReferences(node: Node, instance: string | undefined): References {
  const refs: References = { reads: [], passesInstance: false, instanceCalls: [], instanceReads: [], attributeOwners: [] };
  walk(node, (n, walkParent) => {
    const parent = walkParent ?? n.parent;
    if (n.type === 'attribute' && !isCalled(n, parent)) {
      const owner = dottedParts(n.childForFieldName('object')!);
      if (owner) refs.attributeOwners.push(owner.join('.'));
    }
    if (n.type !== 'identifier' || isNamePosition(n, parent)) return;
    if (n.text === 'super' && parent?.type === 'call') refs.instanceCalls.push(SUPER_MEMBER);
    if (instance === undefined || n.text !== instance) {
      refs.reads.push(n.text);
      return;
    }
    if (parent?.type === 'attribute' && parent.childForFieldName('object')?.equals(n)) {
      const member = parent.childForFieldName('attribute')!.text;
      (isCalled(parent, parent.parent) ? refs.instanceCalls : refs.instanceReads).push(member);
    } else refs.passesInstance = true;
  });
  return refs;
}

function isCalled(attribute: Node, parent: Node | null | undefined): boolean {
  return parent?.type === 'call' && parent.childForFieldName('function')?.equals(attribute) === true;
}

/** Identifiers that name an attribute or a keyword rather than read a variable. */
function isNamePosition(id: Node, parent: Node | null | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'attribute') return parent.childForFieldName('attribute')?.equals(id) === true;
  if (parent.type === 'keyword_argument') return parent.childForFieldName('name')?.equals(id) === true;
  return false;
}

/** The `def` node of a definition, whether decorated or not, and the node that sits in the enclosing block. */
function definitionOf(statement: Node): Node | undefined {
  if (statement.type === 'decorated_definition') return statement.childForFieldName('definition') ?? undefined;
  return statement;
}

/** The class whose body holds `fn` directly, if any. */
function classOfMethod(fn: Node): Node | undefined {
  let holder = fn.parent;
  if (holder?.type === 'decorated_definition') holder = holder.parent;
  const cls = holder?.type === 'block' ? holder.parent : undefined;
  return cls?.type === 'class_definition' ? cls : undefined;
}

function decoratorsOf(fn: Node): string[] {
  const holder = fn.parent;
  if (holder?.type !== 'decorated_definition') return [];
  return holder.namedChildren.filter((c) => c?.type === 'decorator').map((c) => c!.text.slice(1).replace(/\(.*$/s, '').trim());
}

/** The name of a method's instance parameter (`self`), or undefined for functions, static and class methods. */
export function instanceNameOf(fn: Node): string | undefined {
  if (!classOfMethod(fn)) return undefined;
  if (decoratorsOf(fn).some((d) => d === 'staticmethod' || d === 'classmethod')) return undefined;
  const first = fn.childForFieldName('parameters')?.namedChildren.find((p) => p?.type !== 'comment');
  const name = first?.type === 'identifier' ? first : first?.type === 'typed_parameter' ? first.namedChild(0) : undefined;
  return name?.type === 'identifier' ? name.text : undefined;
}

/** What the methods of classes touch, computed once per class per file. */
export class ClassModels {
  private readonly models = new Map<number, ClassModel>();

  /** The model of the class whose method `fn` is, when `fn` has an instance parameter. */
  of(fn: Node): ClassModel | undefined {
    const cls = instanceNameOf(fn) !== undefined ? classOfMethod(fn) : undefined;
    if (!cls) return undefined;
    let model = this.models.get(cls.startIndex);
    if (!model) {
      model = classModelOf(cls);
      this.models.set(cls.startIndex, model);
    }
    return model;
  }
}

function classModelOf(cls: Node): ClassModel {
  const touches = new Map<string, string[]>();
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    const def = statement && definitionOf(statement);
    if (def?.type !== 'function_definition') continue;
    const name = def.childForFieldName('name')!.text;
    const instance = instanceNameOf(def);
    const body = def.childForFieldName('body');
    if (!body) continue;
    const refs = collectReferences(body, instance);
    const touched = [...refs.instanceReads, ...refs.instanceCalls.filter((c) => c !== SUPER_MEMBER)];
    if (refs.passesInstance || refs.instanceCalls.includes(SUPER_MEMBER)) touched.push(ANY_MEMBER);
    touches.set(name, [...(touches.get(name) ?? []), ...touched]);
  }
  return { touches };
}

const FIXTURE_DECORATOR = /(^|\.)fixture$/;

/**
 * Inside pytest- or unittest-style test code: a `test*` function, a method of a `Test*` class or of
 * a `TestCase` subclass, or a function decorated as a fixture (at any depth of nesting).
 */
export function isInTestCode(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') {
      if (/^test/.test(n.childForFieldName('name')?.text ?? '')) return true;
      if (decoratorsOf(n).some((d) => FIXTURE_DECORATOR.test(d))) return true;
    } else if (n.type === 'class_definition') {
      if (/^Test/.test(n.childForFieldName('name')?.text ?? '')) return true;
      if (/TestCase\b/.test(n.childForFieldName('superclasses')?.text ?? '')) return true;
    }
  }
  return false;
}

/** Whether `node` is in the body of an `async for` loop of the same function. */
export function isInAsyncFor(node: Node): boolean {
  for (let n = node.parent; n && !isCodeBoundary(n); n = n.parent) {
    if (n.type === 'for_statement' && n.firstChild?.type === 'async') return true;
  }
  return false;
}

/** Comment nodes inside `nodes` and between them, in order, except inside the `kept` nodes. */
export function commentsWithin(nodes: readonly Node[], kept: readonly Node[] = []): Node[] {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  const block = first?.parent;
  if (!first || !last || !block) return [];
  const isKept = (n: Node) => kept.some((k) => k.startIndex <= n.startIndex && n.endIndex <= k.endIndex);
  const out: Node[] = [];
  for (const sibling of block.namedChildren) {
    if (!sibling || sibling.endIndex <= first.startIndex || sibling.startIndex >= last.endIndex) continue;
    walk(sibling, (n) => {
      if (n.type === 'comment' && !isKept(n)) out.push(n);
    });
  }
  return out;
}

/**
 * The comments on their own lines right above the run (no blank line between), inside it and
 * trailing its last line: what the author said about it. Read from the text, since tree-sitter
 * puts a block's leading comments outside the block.
 */
export function commentsAbout(nodes: readonly Node[], text: string): string[] {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  if (!first || !last) return [];
  const above: string[] = [];
  let lineStart = text.lastIndexOf('\n', first.startIndex - 1) + 1;
  while (lineStart > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(previousStart, lineStart).trim();
    if (!line.startsWith('#')) break;
    above.unshift(line);
    lineStart = previousStart;
  }
  const lineEnd = text.indexOf('\n', last.endIndex);
  const trailing = /#.*$/.exec(text.slice(last.endIndex, lineEnd < 0 ? text.length : lineEnd))?.[0];
  return [...above, ...commentsWithin(nodes).map((c) => c.text), ...(trailing ? [trailing] : [])];
}
