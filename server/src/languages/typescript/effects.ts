/**
 * The effect model for TypeScript calls (core/effects.ts): a call's callee is found through the
 * checker (the type of the callee expression, its symbol, its declaration); a function of the
 * project is summarised from its body, following the calls it awaits or returns to a bounded depth,
 * and a library method is looked up in knowledge/io-clients.ts by package and name.
 *
 * Requests are batched per depth: one type request for all calls of a level, then one symbol per
 * new type and one resolve per new declaration, all cached per checker. A body's summary is plain
 * syntax and cached per declaration, so a helper called from many files is read once.
 */
import type { Checker, Type } from 'typescript/unstable/sync';
import { absorb, emptyEffects, asWorkOfCaller, type CallEffects } from '../../core/effects.ts';
import { clientCallEffects, clientTableFor, httpCallEffects, type ClientTable } from '../../knowledge/io-clients.ts';
import { sqlEffectOf, sqlLabel } from '../../knowledge/sql.ts';
import { SyntaxKind, ts, type CallExpression, type Expression, type Node } from './ast.ts';
import { isLibPath, symbolOf } from './typeCache.ts';

/** How deep project calls are followed from the awaited call (the awaited callee's body is depth 1). */
const MAX_DEPTH = 3;

/** What a call's callee is. */
type Target =
  | { kind: 'project'; key: string; body: FunctionLike }
  | { kind: 'library'; pkg: string; table: ClientTable | undefined; name: string }
  | { kind: 'fetch' }
  /** A built-in that reads (a fetch response's body) or only combines promises (`Promise.all`). */
  | { kind: 'builtin'; reads: boolean }
  | { kind: 'unknown' };

/** Built-in methods whose promise is a read: a fetch response's body. */
const BODY_READS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'formData', 'bytes', 'read']);


type FunctionLike = Node & { body?: Node; parameters?: readonly Node[] };

/** A call inside a summarised body whose effects become the body's. */
interface InnerCall {
  call: CallExpression;
  /** The receiver, as written relative to the body's `this` (`this.repo`), for substituting keys. */
  receiver?: string;
  /** Argument texts by position, for substituting `argN.` keys. */
  args: string[];
}

/** A body read on its own: its direct effects and the calls whose effects it takes on. */
interface BodySummary {
  key: string;
  own: CallEffects;
  inner: InnerCall[];
  /** Parameter names by position, to turn `param.x` into `argN.x`. */
  params: string[];
  /** The body gives back a value (`return x`, an expression body). */
  returnsValue: boolean;
}

interface EffectsCache {
  /** By call node: nodes of a source file are the same objects for the life of the checker's snapshot. */
  targets: WeakMap<Node, Target>;
  bodies: Map<string, BodySummary>;
  finished: Map<string, CallEffects>;
}

const caches = new WeakMap<Checker, EffectsCache>();

const LOG_RECEIVERS = /^(console|log|logger|this\.log|this\.logger|this\.#logger|this\._logger|logging|debug)$/i;
const LOG_METHODS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly']);
const LOCK_NAMES = /^(acquire|lock|runExclusive|withLock|consume|take|removeTokens|schedule|waitForSlot|throttle)$/;
const TRANSACTION_NAMES = /^(\$?transaction|startTransaction|beginTransaction|withTransaction|begin)$/;
const MUTATING_METHODS = new Set(['set', 'push', 'add', 'delete', 'clear', 'splice', 'unshift', 'pop', 'shift', 'sort', 'reverse', 'fill', 'assign']);
const SYNC_WRITES = new Set(['writeFileSync', 'appendFileSync', 'unlinkSync', 'mkdirSync', 'rmSync', 'rmdirSync', 'renameSync', 'copyFileSync', 'writeFile', 'appendFile', 'unlink', 'mkdir', 'rm', 'rename', 'copyFile', 'write']);

export class TsEffects {
  private readonly cache: EffectsCache;

  constructor(
    checker: Checker,
    private readonly typesOf: (nodes: readonly Node[]) => (Type | undefined)[],
  ) {
    let cache = caches.get(checker);
    if (!cache) caches.set(checker, (cache = { targets: new WeakMap(), bodies: new Map(), finished: new Map() }));
    this.cache = cache;
  }

  /** The effects of each awaited call, as its call site sees them (keys in terms of its receiver and arguments). */
  effectsOf(calls: readonly CallExpression[]): (CallEffects | undefined)[] {
    const targets = this.resolve(calls);
    // Summarise bodies level by level, so each level costs one type request.
    let level = targets.flatMap((t) => (t.kind === 'project' ? [t] : []));
    for (let depth = 1; depth <= MAX_DEPTH && level.length > 0; depth++) {
      const fresh = level.filter((t) => !this.cache.bodies.has(t.key)).map((t) => this.summariseBody(t));
      const inner = fresh.flatMap((s) => s.inner.map((i) => i.call));
      level = depth < MAX_DEPTH ? this.resolve(inner).flatMap((t) => (t.kind === 'project' ? [t] : [])) : [];
    }
    return calls.map((call, i) => {
      const target = targets[i]!;
      const site = siteOf(call);
      return this.effectsAt(target, site, 0, new Set());
    });
  }

  private effectsAt(target: Target, site: InnerCall, depth: number, visiting: Set<string>): CallEffects {
    switch (target.kind) {
      case 'unknown':
        return emptyEffects('unknown');
      case 'fetch':
        return httpEffects(site.call, 'fetch');
      case 'builtin': {
        const effects = { ...emptyEffects('library'), io: target.reads ? ('yes' as const) : ('no' as const) };
        if (target.reads) effects.reads.push(`${calleeText(site.call) ?? 'response'} body`);
        return effects;
      }
      case 'library':
        return libraryEffects(target, site.call);
      case 'project': {
        const finished = this.finishedEffects(target.key, depth, visiting);
        return finished ? substitute(finished, site) : emptyEffects('unknown');
      }
    }
  }

  /** A body's effects with those of every call it makes folded in; undefined past the depth bound. */
  private finishedEffects(key: string, depth: number, visiting: Set<string>): CallEffects | undefined {
    const cached = this.cache.finished.get(key);
    if (cached) return cached;
    const body = this.cache.bodies.get(key);
    if (!body || depth >= MAX_DEPTH) return undefined;
    if (visiting.has(key)) {
      // Recursion: the body's own effects are already being collected.
      return { ...emptyEffects('project'), io: 'no', reaches: [key] };
    }
    visiting.add(key);
    const effects = cloneEffects(body.own);
    const targets = body.inner.map((i) => this.cache.targets.get(i.call));
    body.inner.forEach((inner, k) => {
      const target = targets[k];
      if (!target) {
        effects.incomplete = true;
        return;
      }
      const child = this.effectsAt(target, inner, depth + 1, visiting);
      if (target.kind === 'unknown') {
        effects.incomplete = true;
        if (effects.io === 'no') effects.io = 'unknown';
        return;
      }
      absorb(effects, body.returnsValue || body.own.logs ? asWorkOfCaller(child) : child);
    });
    visiting.delete(key);
    // Effects computed while a recursion was cut short are not the whole answer: keep them uncached.
    if (visiting.size === 0) this.cache.finished.set(key, effects);
    return effects;
  }

  /** The callee of each call, one type request for the calls not seen before. */
  /** For each call, the function of the project it calls (a declaration with a body), if any; one type request. */
  projectFunctionsOf(calls: readonly CallExpression[]): (Node | undefined)[] {
    return this.resolve(calls).map((t) => (t.kind === 'project' ? t.body : undefined));
  }

  private resolve(calls: readonly CallExpression[]): Target[] {
    const unseen = [...new Set(calls.filter((c) => !this.cache.targets.has(c)))];
    const types = unseen.length > 0 ? this.typesOf(unseen.map((c) => c.expression)) : [];
    unseen.forEach((call, i) => this.cache.targets.set(call, this.targetOf(call, types[i])));
    return calls.map((c) => this.cache.targets.get(c) ?? { kind: 'unknown' });
  }

  private targetOf(call: CallExpression, calleeType: Type | undefined): Target {
    const name = calleeName(call.expression);
    if (!calleeType) return { kind: 'unknown' };
    let declarations;
    try {
      declarations = symbolOf(calleeType)?.declarations ?? [];
    } catch {
      return { kind: 'unknown' };
    }
    const first = declarations[0];
    if (!first) return { kind: 'unknown' };
    const file = first.path;
    if (isLibPath(file)) {
      if (name === 'fetch') return { kind: 'fetch' };
      if (BODY_READS.has(name)) return { kind: 'builtin', reads: true };
      // The rest of TypeScript's lib is synchronous (Array, Map, JSON, Math, ...) or combines promises.
      return { kind: 'builtin', reads: false };
    }
    const pkg = packageOf(file);
    if (pkg !== undefined) return pkg === 'undici-types' && name === 'fetch' ? { kind: 'fetch' } : { kind: 'library', pkg, table: clientTableFor(pkg, 'typescript'), name };
    if (file.endsWith('.d.ts') || declarations.length > 1) return { kind: 'unknown' };
    let declaration: Node | undefined;
    try {
      declaration = first.resolve();
    } catch {
      return { kind: 'unknown' };
    }
    const body = functionOf(declaration);
    if (body) return { kind: 'project', key: `${file}:${first.index}`, body };
    // `declare function fetch(...)`: the platform's fetch, declared by hand; `json()` of a response type written by hand.
    if (name === 'fetch' && declaration && ts.isFunctionDeclaration(declaration)) return { kind: 'fetch' };
    return BODY_READS.has(name) ? { kind: 'builtin', reads: true } : { kind: 'unknown' };
  }

  /** What a function's body does by itself, and the calls it awaits or returns. */
  private summariseBody(target: Extract<Target, { kind: 'project' }>): BodySummary {
    const summary = summariseSyntax(target.key, target.body);
    this.cache.bodies.set(target.key, summary);
    return summary;
  }
}

/** The package a declaration file belongs to (`/x/node_modules/@prisma/client/index.d.ts` → @prisma/client). */
export function packageOf(file: string): string | undefined {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = file.slice(at + '/node_modules/'.length).split('/');
  // `@types/redis__client` types `@redis/client`.
  if (parts[0] === '@types') return parts[1]?.includes('__') ? `@${parts[1].replace('__', '/')}` : parts[1];
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function functionOf(declaration: Node | undefined): FunctionLike | undefined {
  if (!declaration) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) {
    return declaration.body ? (declaration as FunctionLike) : undefined;
  }
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer) {
    const init = declaration.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init as FunctionLike;
  }
  return undefined;
}

function calleeName(callee: Expression): string {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

function siteOf(call: CallExpression): InnerCall {
  const callee = call.expression;
  const receiver = ts.isPropertyAccessExpression(callee) ? textOf(callee.expression) : undefined;
  return { call, receiver, args: call.arguments.map((a) => textOf(a) ?? '?') };
}

/** A short, whitespace-free text of simple expressions (`this.repo`, `userId`); undefined for anything else. */
function textOf(node: Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(node)) {
    const base = textOf(node.expression);
    return base === undefined ? undefined : `${base}.${node.name.text}`;
  }
  if (ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node)) return textOf(node.expression);
  return undefined;
}

function cloneEffects(e: CallEffects): CallEffects {
  return { ...e, reads: [...e.reads], writes: [...e.writes], ordering: [...e.ordering], stateReads: [...e.stateReads], stateWrites: [...e.stateWrites], reaches: [...e.reaches] };
}

/** A callee's effects in the caller's terms: its `this.` is the call's receiver, its `argN.` the arguments. */
function substitute(effects: CallEffects, site: InnerCall): CallEffects {
  const rename = (key: string): string => {
    // No receiver as written (`new Service().read()`, a plain function): its `this` is an object nobody else holds.
    if (key.startsWith('this.')) return site.receiver !== undefined ? `${site.receiver}${key.slice(4)}` : `?${key}`;
    const arg = /^arg(\d+)(\..*)?$/.exec(key);
    if (arg) {
      const text = site.args[Number(arg[1])];
      return text === undefined || text === '?' ? `?${key}` : `${text}${arg[2] ?? ''}`;
    }
    return key;
  };
  const out = cloneEffects(effects);
  out.stateReads = effects.stateReads.map(rename);
  out.stateWrites = effects.stateWrites.map(rename);
  return out;
}

function stringsOf(call: CallExpression): string[] {
  const out: string[] = [];
  const visit = (node: Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) out.push(node.head.text + node.templateSpans.map((s) => ` ? ${s.literal.text}`).join(''));
    else if (ts.isTaggedTemplateExpression(node)) visit(node.template);
    else node.forEachChild(visit);
  };
  for (const arg of call.arguments) visit(arg);
  if (ts.isTaggedTemplateExpression(call as unknown as Node)) visit(call as unknown as Node);
  return out;
}

const WRITE_METHOD = /^(post|put|patch|delete)$/i;

function httpEffects(call: CallExpression, label: string): CallEffects {
  return httpCallEffects(stringsOf(call), calleeText(call) ?? label, true)!;
}

function calleeText(call: CallExpression): string | undefined {
  return textOf(call.expression);
}

function libraryEffects(target: Extract<Target, { kind: 'library' }>, call: CallExpression): CallEffects {
  const { table, name } = target;
  return (table && clientCallEffects(table, name, stringsOf(call), calleeText(call) ?? name, true)) ?? emptyEffects('unknown');
}

/** The syntax-only part of a body's summary. */
function summariseSyntax(key: string, fn: FunctionLike): BodySummary {
  const own = { ...emptyEffects('project'), io: 'no' as CallEffects['io'], reaches: [key] };
  const params = (fn.parameters ?? []).map((p) => {
    const name = (p as { name?: Node }).name;
    return name && ts.isIdentifier(name) ? name.text : '';
  });
  const locals = new Set<string>(params);
  const inner: InnerCall[] = [];
  let throws = false;
  let returnsValue = false;
  let awaitedTimers = 0;
  const stateKey = (node: Node): string | undefined => {
    const text = textOf(node);
    if (text === undefined) return undefined;
    if (text.startsWith('this.')) return text.split('.').slice(0, 2).join('.');
    const [root, prop] = text.split('.');
    const index = params.indexOf(root!);
    if (index >= 0) return prop === undefined ? undefined : `arg${index}.${prop}`;
    return undefined;
  };
  const body = fn.body!;
  if (!ts.isBlock(body)) returnsValue = true;
  // A write in the synchronous part before the first await cannot interleave with another call's
  // (counters, a promise memoised before it is awaited); one after an await can (a cache filled late).
  const firstAwait = firstAwaitIn(body);
  const writeCounts = (node: Node) => node.end > firstAwait && enclosingFunction(node) === fn;
  const visit = (node: Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) locals.add(node.name.text);
    if (ts.isThrowStatement(node)) throws = true;
    if (ts.isReturnStatement(node) && node.expression) returnsValue = true;
    if (ts.isAwaitExpression(node) && !ts.isCallExpression(skipParens(node.expression)) && !ts.isNewExpression(skipParens(node.expression))) {
      // Awaiting a stored promise or a value: what it is cannot be read here.
      own.io = own.io === 'yes' ? 'yes' : 'unknown';
      own.incomplete = true;
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Promise') {
      const timer = timerPromise(node);
      // Awaited inside a body that goes on: a pause standing in for its work, settled by returnsValue below.
      if (timer === 'waits' && node.parent && ts.isAwaitExpression(node.parent)) awaitedTimers++;
      else if (timer === 'waits') own.ordering.push('waits (setTimeout)');
      else if (timer === 'resolves-later') {
        // A timer standing in for work that gives a value (the tutorials' simulated I/O).
        own.io = 'yes';
        own.reads.push('setTimeout');
      } else {
        own.io = own.io === 'yes' ? 'yes' : 'unknown';
        own.incomplete = true;
      }
    }
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind) && writeCounts(node)) {
      const written = stateKey(node.left);
      if (written) own.stateWrites.push(written);
      else if (ts.isIdentifier(node.left) && !locals.has(node.left.text)) own.stateWrites.push(`module:${node.left.text}`);
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === SyntaxKind.PlusPlusToken || node.operator === SyntaxKind.MinusMinusToken) && writeCounts(node)) {
      const written = stateKey(node.operand);
      if (written) own.stateWrites.push(written);
    }
    if (ts.isPropertyAccessExpression(node)) {
      const read = stateKey(node);
      if (read) own.stateReads.push(read);
    } else if (ts.isIdentifier(node) && !locals.has(node.text) && node.parent && !ts.isPropertyAccessExpression(node.parent)) {
      own.stateReads.push(`module:${node.text}`);
    }
    if (ts.isCallExpression(node)) summariseCall(node);
    node.forEachChild(visit);
  };
  const summariseCall = (call: CallExpression): void => {
    const callee = call.expression;
    const name = calleeName(callee);
    const receiver = ts.isPropertyAccessExpression(callee) ? textOf(callee.expression) : undefined;
    if (receiver !== undefined && LOG_RECEIVERS.test(receiver) && LOG_METHODS.has(name)) {
      own.logs = true;
      return;
    }
    if (ts.isPropertyAccessExpression(callee) && MUTATING_METHODS.has(name) && writeCounts(call)) {
      const written = stateKey(callee.expression);
      if (written) own.stateWrites.push(written);
    }
    if (LOCK_NAMES.test(name)) own.ordering.push(`${receiver ? `${receiver}.` : ''}${name}`);
    if (TRANSACTION_NAMES.test(name)) own.ordering.push(`${receiver ? `${receiver}.` : ''}${name}`);
    if (SYNC_WRITES.has(name) && receiver !== undefined && /^(fs|fsp|fs\.promises|promises)$/.test(receiver)) own.writes.push(`${receiver}.${name}`);
    for (const s of stringsOf(call)) {
      const effect = sqlEffectOf(s);
      if (effect === 'write') own.writes.push(`${name} (${sqlLabel(s)})`);
      else if (effect === 'ordering') own.ordering.push(`${name} (${sqlLabel(s)})`);
      if (WRITE_METHOD.test(s.trim()) && /method/.test(call.getText())) own.writes.push(`${s.trim().toUpperCase()} ${name}`);
    }
    if (isAwaitedOrReturned(call)) {
      own.io = 'yes';
      inner.push({ call, receiver, args: call.arguments.map((a) => textOf(a) ?? '?') });
    }
  };
  // Parameters are locals; `this` is not.
  visit(body);
  if (awaitedTimers > 0) {
    if (returnsValue || own.logs) {
      own.io = 'yes';
      own.reads.push('setTimeout');
    } else own.ordering.push('waits (setTimeout)');
  }
  // A guard: it throws and gives nothing back; the order decides which error the caller sees.
  if (throws && !returnsValue) own.ordering.push('throws as a guard');
  own.stateReads = [...new Set(own.stateReads)];
  own.stateWrites = [...new Set(own.stateWrites)];
  return { key, own, inner, params, returnsValue };
}

/**
 * `new Promise((resolve) => setTimeout(...))`: a delay when it resolves with nothing (`setTimeout(resolve,
 * ms)`, `resolve()`), simulated work when it resolves with a value later; undefined for anything else.
 */
function timerPromise(node: Node): 'waits' | 'resolves-later' | undefined {
  const executor = (node as unknown as { arguments?: readonly Node[] }).arguments?.[0];
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
  const resolve = executor.parameters[0]?.name;
  if (!resolve || !ts.isIdentifier(resolve)) return undefined;
  const text = executor.body.getText();
  if (!/\bsetTimeout\s*\(/.test(text)) return undefined;
  const name = resolve.text;
  if (new RegExp(`\\b${name}\\s*\\(\\s*[^)\\s]`).test(text)) return 'resolves-later';
  return 'waits';
}

/** Position of the first `await` of the body outside nested functions; the body's end when none. */
function firstAwaitIn(body: Node): number {
  let found = body.end;
  const visit = (node: Node): void => {
    if (found !== body.end || isNestedFunction(node)) return;
    if (ts.isAwaitExpression(node)) found = node.pos;
    else node.forEachChild(visit);
  };
  body.forEachChild(visit);
  return found;
}

function isNestedFunction(node: Node): boolean {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node);
}

function enclosingFunction(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (isNestedFunction(n)) return n;
  return undefined;
}

function isAssignment(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

function skipParens(node: Expression): Expression {
  let e = node;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** A call whose promise the body waits for or hands back: `await f()`, `return f()`, `=> f()`, `Promise.all([f()])`, `f().then(...)`. */
function isAwaitedOrReturned(call: CallExpression): boolean {
  let node: Node = call;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent)) return true;
    if (ts.isArrowFunction(parent)) return parent.body === node;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent)) continue;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ['then', 'catch', 'finally'].includes(parent.name.text)) {
      node = parent;
      parent = parent.parent!;
      if (!parent) return false;
      continue;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as Expression) && isPromiseCombinator(parent)) continue;
    return false;
  }
  return false;
}

function isPromiseCombinator(call: CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
}
