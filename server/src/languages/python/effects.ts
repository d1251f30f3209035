/**
 * The effect model for Python calls (core/effects.ts): a workspace function or method is found
 * through the semantics (imports, packages, `self` methods) and summarised from its body, following
 * the calls it awaits to a bounded depth; a library method is looked up in knowledge/io-clients.ts
 * by its module and name. Summaries are plain data, cached per `def` for the life of the analysis.
 */
import { absorb, emptyEffects, asWorkOfCaller, type CallEffects } from '../../core/effects.ts';
import { clientCallEffects, clientTableFor, SHARED_CONNECTION_CLASSES } from '../../knowledge/io-clients.ts';
import { sqlEffectOf, sqlLabel } from '../../knowledge/sql.ts';
import type { PySemantics, PyValue } from './semantics.ts';
import { stripParens, walk, type Node } from './syntax.ts';

const MAX_DEPTH = 3;

/** A sleep is a wait where it is awaited, and the work of a function that gives a value or prints (asWorkOfCaller). */
const SLEEP = 'asyncio.sleep';
const HTTP_RECEIVER = /(^|[._])(session|client|http|api|aiohttp|httpx)$/i;
const RESPONSE_RECEIVER = /(^|[._])(resp|response|r|res)$/;

const LOG_ROOTS = /^(print|logging|logger|log|_logger|_log|LOGGER|LOG|warnings)$/;
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'trace']);
const PROMPTS = new Set(['input', 'getpass', 'confirm', 'prompt']);
const LOCKS = /(^|_)(lock|mutex|semaphore|sem|limiter|throttle)s?$/i;
const TRANSACTIONS = /^(transaction|begin|begin_nested|atomic|acquire|lock|borrow)$/;
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'pop', 'popitem', 'remove', 'discard', 'clear', 'setdefault', 'put_nowait', 'appendleft', 'move_to_end', 'sort']);
/** Library calls that only schedule work (a task is started, nothing is waited for): nothing to overlap. */
const SCHEDULES = /(^|\.)(create_task|ensure_future|spawn|start_soon|call_soon|call_later|run_coroutine_threadsafe)$/;

interface CallSite {
  call: Node;
  /** The receiver as written (`self.storage`, `client`), for substituting `this.` keys. */
  receiver?: string;
}

export class PyEffects {
  private readonly finished = new Map<string, CallEffects>();
  private readonly visiting = new Set<string>();

  constructor(private readonly semantics: PySemantics) {}

  /** What the awaited call does, as its call site sees it; undefined when nothing is known. */
  effectsOf(call: Node): CallEffects {
    return this.callEffects(this.semantics, call, 0);
  }

  private callEffects(semantics: PySemantics, call: Node, depth: number): CallEffects {
    const callee = call.childForFieldName('function');
    if (!callee) return emptyEffects('unknown');
    const site: CallSite = { call, receiver: callee.type === 'attribute' ? dotted(callee.childForFieldName('object')) : undefined };
    const text = callee.text.replace(/\s+/g, '');
    if (SCHEDULES.test(text)) return { ...emptyEffects('library'), io: 'no', incomplete: false };
    let value: PyValue | undefined;
    try {
      value = semantics.valueOf(callee);
    } catch {
      return emptyEffects('unknown');
    }
    const target = value && defOf(semantics, value);
    if (target) {
      const effects = this.functionEffects(target.semantics, target.file, target.start, depth);
      return effects ? substitute(effects, site) : emptyEffects('unknown');
    }
    const info = semantics.callInfo(call);
    if (info?.library) {
      if (info.qname === 'asyncio.sleep') return { ...emptyEffects('library'), io: 'yes', incomplete: false, ordering: [`waits (${SLEEP})`] };
      const known = libraryEffects(info.qname, call, text);
      if (known.source !== 'unknown') return known;
    }
    return untypedClientEffects(callee, text);
  }

  private functionEffects(semantics: PySemantics, file: string, start: number, depth: number): CallEffects | undefined {
    const key = `${file}:${start}`;
    const cached = this.finished.get(key);
    if (cached) return cached;
    if (depth >= MAX_DEPTH) return undefined;
    if (this.visiting.has(key)) return { ...emptyEffects('project'), io: 'no', incomplete: false, reaches: [key] };
    const fn = functionAt(semantics.moduleTree(file), start);
    if (!fn) return undefined;
    this.visiting.add(key);
    try {
      const { own, inner, receiver, returnsValue } = summariseBody(fn, key);
      for (const call of inner) {
        const child = this.callEffects(semantics, call, depth + 1);
        // A sleep in a function that gives a value or prints is its (simulated) work; one that only sleeps is a wait.
        absorb(own, renameReceiver(returnsValue || own.logs ? asWorkOfCaller(child) : child, receiver));
      }
      if (this.visiting.size === 1) this.finished.set(key, own);
      return own;
    } finally {
      this.visiting.delete(key);
    }
  }
}

export interface WorkspaceDef {
  semantics: PySemantics;
  file: string;
  start: number;
}

/** The `def` of the workspace a callee value names, with the semantics of its module. */
export function defOf(semantics: PySemantics, value: PyValue): WorkspaceDef | undefined {
  if (value.kind === 'function') {
    const other = semantics.moduleSemantics(value.file);
    return other ? { semantics: other, file: value.file, start: value.start } : undefined;
  }
  if (value.kind === 'method' && value.cls.kind === 'workspace') {
    const defs = value.cls.summary.members.get(value.name) ?? [];
    const def = defs.length === 1 && defs[0]!.kind === 'def' ? defs[0] : undefined;
    const other = def && semantics.moduleSemantics(value.cls.summary.file);
    return def && other ? { semantics: other, file: value.cls.summary.file, start: def.start } : undefined;
  }
  return undefined;
}

/** The `def` node of a workspace function, from its module's tree. */
export function defNodeOf(def: WorkspaceDef): Node | undefined {
  return functionAt(def.semantics.moduleTree(def.file), def.start);
}

/** The shared connection, session or cursor class a receiver is an instance of, when the semantics knows it. */
export function sharedConnectionClassOf(semantics: PySemantics, receiver: Node): string | undefined {
  let value: PyValue | undefined;
  try {
    value = semantics.valueOf(receiver);
  } catch {
    return undefined;
  }
  if (value?.kind !== 'instance' || value.cls.kind !== 'library') return undefined;
  const qname = value.cls.qname;
  return SHARED_CONNECTION_CLASSES.includes(qname) ? qname : undefined;
}

/** Whether the semantics knows the receiver as an aiohttp or httpx client, which overlaps requests. */
export function isHttpClient(semantics: PySemantics, receiver: Node): boolean {
  try {
    const value = semantics.valueOf(receiver);
    return value?.kind === 'instance' && value.cls.kind === 'library' && /^(aiohttp|httpx)\./.test(value.cls.qname);
  } catch {
    return false;
  }
}

function functionAt(root: Node | undefined, start: number): Node | undefined {
  for (let n: Node | null | undefined = root?.descendantForIndex(start); n; n = n.parent) {
    if (n.type === 'function_definition' && n.startIndex === start) return n;
    if (n.startIndex < start) return undefined;
  }
  return undefined;
}

function dotted(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = stripParens(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') {
    const base = dotted(n.childForFieldName('object'));
    const attr = n.childForFieldName('attribute');
    return base && attr ? `${base}.${attr.text}` : undefined;
  }
  return undefined;
}

function stringsOf(call: Node): string[] {
  const out: string[] = [];
  const args = call.childForFieldName('arguments');
  if (!args) return out;
  walk(args, (n) => {
    if (n.type === 'string') {
      out.push(n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join(' ? '));
      return false;
    }
    return true;
  });
  return out;
}

function libraryEffects(qname: string, call: Node, label: string): CallEffects {
  const parts = qname.split('.');
  const table = clientTableFor(parts[0]!, 'python');
  return (table && clientCallEffects(table, parts[parts.length - 1]!, stringsOf(call), label, false)) ?? emptyEffects('unknown');
}

/**
 * A client whose type the semantics cannot follow (a parameter, say), judged by its receiver's name
 * and the method: `session.get(url)`, `client.post(...)`, `resp.text()`. The same HTTP tables as
 * typed calls; anything else stays unknown.
 */
function untypedClientEffects(callee: Node, text: string): CallEffects {
  if (callee.type !== 'attribute') return emptyEffects('unknown');
  const receiver = dotted(callee.childForFieldName('object')) ?? '';
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const effects: CallEffects = { ...emptyEffects('library'), io: 'yes', incomplete: false };
  if (HTTP_RECEIVER.test(receiver) && /^(get|head|options)$/.test(method)) effects.reads.push(text);
  else if (HTTP_RECEIVER.test(receiver) && /^(post|put|patch|delete)$/.test(method)) effects.writes.push(text);
  else if (RESPONSE_RECEIVER.test(receiver) && /^(text|json|read)$/.test(method)) effects.reads.push(`${receiver} body`);
  else return emptyEffects('unknown');
  return effects;
}

/** Keys of a callee's own `self` become `this.`, so the caller can substitute its receiver. */
function renameReceiver(effects: CallEffects, receiver: string | undefined): CallEffects {
  if (receiver === undefined) return effects;
  const rename = (k: string) => (k === receiver || k.startsWith(`${receiver}.`) ? `this${k.slice(receiver.length)}` : k);
  return { ...effects, stateReads: effects.stateReads.map(rename), stateWrites: effects.stateWrites.map(rename) };
}

function substitute(effects: CallEffects, site: CallSite): CallEffects {
  const rename = (k: string) => (!k.startsWith('this.') ? k : site.receiver !== undefined ? `${site.receiver}${k.slice(4)}` : `?${k}`);
  return { ...effects, reads: [...effects.reads], writes: [...effects.writes], ordering: [...effects.ordering], reaches: [...effects.reaches], stateReads: effects.stateReads.map(rename), stateWrites: effects.stateWrites.map(rename) };
}

/** What a `def`'s body does by itself, and the calls it awaits (whose effects become its own). */
function summariseBody(fn: Node, key: string): { own: CallEffects; inner: Node[]; receiver?: string; returnsValue: boolean } {
  const own: CallEffects = { ...emptyEffects('project'), io: 'no', incomplete: false, reaches: [key] };
  const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
  const first = params[0];
  // Only a method's first parameter is its instance (staticmethods are rare among awaited callees).
  const owner = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  const isMethod = owner?.type === 'block' && owner.parent?.type === 'class_definition';
  const receiver = !isMethod ? undefined : first?.type === 'identifier' ? first.text : first?.type === 'typed_parameter' ? first.namedChild(0)?.text : undefined;
  const inner: Node[] = [];
  let raises = false;
  let returnsValue = false;
  const body = fn.childForFieldName('body');
  if (!body) return { own, inner, receiver, returnsValue };
  const stateKey = (node: Node | null | undefined): string | undefined => {
    const text = dotted(node);
    if (!text || receiver === undefined || !text.startsWith(`${receiver}.`)) return undefined;
    return text.split('.').slice(0, 2).join('.');
  };
  walk(body, (node) => {
    // The `await` and `async` keywords are nodes too: only named nodes are constructs.
    if (!node.isNamed) return true;
    switch (node.type) {
      case 'function_definition':
      case 'lambda':
      case 'class_definition':
        return false;
      case 'raise_statement':
        raises = true;
        break;
      case 'return_statement':
        if (node.namedChildCount > 0) returnsValue = true;
        break;
      case 'await': {
        const operand = node.namedChild(0) && stripParens(node.namedChild(0)!);
        own.io = 'yes';
        if (operand?.type === 'call') inner.push(operand);
        else own.incomplete = true;
        break;
      }
      case 'with_statement': {
        if (!node.text.startsWith('async')) break;
        own.io = 'yes';
        const items: Node[] = [];
        walk(node, (n) => (n.type === 'with_item' ? (items.push(n), false) : n.type !== 'block'));
        for (const item of items) {
          const raw = item.childForFieldName('value');
          const value = raw?.type === 'as_pattern' ? raw.namedChild(0) : raw;
          const text = value?.text ?? '';
          const callee = value?.type === 'call' ? value.childForFieldName('function') : value;
          const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text ?? '' : callee?.text ?? '';
          if (LOCKS.test(last) || TRANSACTIONS.test(last)) own.ordering.push(text);
          else if (value?.type === 'call') inner.push(value);
          else own.incomplete = true;
        }
        break;
      }
      case 'for_statement':
        if (node.text.startsWith('async')) {
          own.io = 'yes';
          own.incomplete = true;
        }
        break;
      case 'assignment':
      case 'augmented_assignment': {
        const written = stateKey(node.childForFieldName('left'));
        if (written) own.stateWrites.push(written);
        break;
      }
      case 'attribute': {
        const read = stateKey(node);
        if (read) own.stateReads.push(read);
        break;
      }
      case 'call':
        summariseCall(node);
        break;
    }
    return true;
  });
  function summariseCall(call: Node): void {
    const callee = call.childForFieldName('function');
    if (!callee) return;
    const name = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text ?? '' : callee.text;
    const root = callee.text.split('.')[0]!;
    if (callee.text === 'print' || (LOG_ROOTS.test(root) && (callee.type !== 'attribute' || LOG_METHODS.has(name))) || (root === receiver && /\.(logger|log|_logger)\./.test(callee.text))) {
      own.logs = true;
      return;
    }
    if (PROMPTS.has(name)) own.ordering.push(`asks the user (${callee.text})`);
    if (callee.type === 'attribute' && MUTATORS.has(name)) {
      const written = stateKey(callee.childForFieldName('object'));
      if (written) own.stateWrites.push(written);
    }
    for (const s of stringsOf(call)) {
      const effect = sqlEffectOf(s);
      if (effect === 'write') own.writes.push(`${callee.text} (${sqlLabel(s)})`);
      else if (effect === 'ordering') own.ordering.push(`${callee.text} (${sqlLabel(s)})`);
    }
  }
  if (raises && !returnsValue) own.ordering.push('raises as a guard');
  own.stateReads = [...new Set(own.stateReads)];
  own.stateWrites = [...new Set(own.stateWrites)];
  return { own, inner, receiver, returnsValue };
}
