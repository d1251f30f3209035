import type { Fix, RuleMeta } from '../../core/types.ts';
import { BLOCKING_APIS, BLOCKING_CLASSES, FILE_CLASSES, STARTS_PROCESS, type PyBlockingApi } from '../../knowledge/python-blocking-apis.ts';
import { BlockingChains } from './blockingChains.ts';
import { dottedParts, enclosingAsyncDef, inGeneratorExpression, type Node } from '../../languages/python/syntax.ts';
import { argumentsText, asyncioAt, awaitReplacement, callLabel } from './fixSupport.ts';
import type { PyRule, PyRuleContext } from './types.ts';

/** `sock.recv()` on a socket the same function made non-blocking is not a blocking call. */
function onNonBlockingSocket(call: Node, fn: Node, qname: string): boolean {
  if (!qname.startsWith('socket.socket.')) return false;
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  const parts = receiver && dottedParts(receiver);
  if (!parts) return false;
  const name = parts.join('\\.');
  return new RegExp(`\\b${name}\\s*\\.\\s*(setblocking\\s*\\(\\s*(False|0)\\s*\\)|settimeout\\s*\\(\\s*0(\\.0)?\\s*\\))`).test(fn.text);
}

/** Wrappers that make the blocking object they are given async (`anyio.wrap_file(open(p))`). */
const WRAPS_BLOCKING = new Set(['anyio.wrap_file', 'trio.wrap_file']);

function wrappedByLibrary(ctx: PyRuleContext, call: Node): boolean {
  const args = call.parent;
  const outer = args?.type === 'argument_list' ? args.parent : undefined;
  const info = outer?.type === 'call' ? ctx.semantics.callInfo(outer) : undefined;
  return !!info?.library && WRAPS_BLOCKING.has(info.qname);
}

/** `os.spawnl(mode, ...)`: P_WAIT (also when no mode is given) waits for the process; any other mode only starts it. */
function spawnApi(ctx: PyRuleContext, call: Node, api: PyBlockingApi): PyBlockingApi {
  const args = call.childForFieldName('arguments');
  const keyword = args?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode');
  const first = args?.namedChildren.find((a) => a?.type !== 'comment');
  const mode = keyword ? keyword.childForFieldName('value') : first && first.type !== 'keyword_argument' && first.type !== 'list_splat' && first.type !== 'dictionary_splat' ? first : undefined;
  if (!mode) return api;
  const value = ctx.semantics.valueOf(mode);
  const waits = (value?.kind === 'library' && value.qname === 'os.P_WAIT') || (mode.type === 'attribute' && mode.childForFieldName('attribute')?.text === 'P_WAIT');
  return waits ? api : STARTS_PROCESS;
}

/**
 * `f.write(...)` on a file this coroutine opened itself (`with open(p) as f`, `f = open(p)`): the
 * open() is reported already, and its message says the reads and writes block too.
 */
function onFileOpenedHere(ctx: PyRuleContext, call: Node, qname: string): boolean {
  if (!FILE_CLASSES.some((cls) => qname.startsWith(`${cls}.`))) return false;
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  if (receiver?.type !== 'identifier') return false;
  const bindings = ctx.semantics.scopeAt(call).bindings.get(receiver.text);
  return !!bindings?.length && bindings.every((b) => (b.kind === 'enter' || b.kind === 'value') && b.shape.kind === 'call');
}

function blockingApi(qname: string): PyBlockingApi | undefined {
  const exact = BLOCKING_APIS[qname];
  if (exact) return exact;
  const dot = qname.lastIndexOf('.');
  const cls = dot > 0 ? BLOCKING_CLASSES[qname.slice(0, dot)] : undefined;
  return cls && !cls.except.includes(qname.slice(dot + 1)) ? cls.api : undefined;
}

function fixFor(ctx: PyRuleContext, call: Node, api: PyBlockingApi): Fix | undefined {
  if (!api.fix || inGeneratorExpression(call) || call.parent?.type === 'await') return undefined;
  const args = argumentsText(call);
  const callee = call.childForFieldName('function');
  const asyncio = asyncioAt(ctx, call);
  if (args === undefined || !callee || !asyncio) return undefined;
  if (api.fix === 'asyncio-sleep') {
    return {
      title: `Use await ${asyncio.name}.sleep(...)`,
      applicability: 'unsafe',
      edits: [...asyncio.edits, awaitReplacement(call, `${asyncio.name}.sleep(${args})`)],
    };
  }
  const passed = args === '' ? callee.text : `${callee.text}, ${args}`;
  return {
    title: `Run it in a thread: await ${asyncio.name}.to_thread(...)`,
    applicability: 'unsafe',
    edits: [...asyncio.edits, awaitReplacement(call, `${asyncio.name}.to_thread(${passed})`)],
  };
}

export const pythonBlockingCallMeta: RuleMeta = {
  id: 'blocking-call',
  languages: ['python'],
  defaultSeverity: 'warning',
  typeAware: false,
  hasFix: true,
  defaultOptions: { fileMetadata: false, processStart: false },
  docs: {
    summary: 'A synchronous, blocking call inside a coroutine stops every other task on the event loop.',
    what:
      'Reports, directly inside an `async def` (not in nested functions or lambdas, whose code may run elsewhere), calls that block the thread — and calls of synchronous functions and methods of the workspace that reach one (followed to depth 3, across modules, naming the chain: `load_config → run_git → subprocess.run`; through helpers only the long waits count — a process, a sleep, an HTTP request — since on the judged code the file work, sockets, prompts and hashes reached through helpers were small files, non-blocking sockets, one-shot command-line paths and cheap hashes; such findings have no fix): `time.sleep`; `requests`, synchronous `httpx`/`httpx2` calls and `httpx.Client` methods (the verbs, `send`, `stream`, `close`); `urllib.request.urlopen` and `urllib3`; `open`, `io.open`, `io.open_code`, `os.fdopen`, `Path.open` and the methods of the file objects they return (`read`, `write`, `readlines`, `flush`, ...); `pathlib.Path` `read_text`/`write_text`/`read_bytes`/`write_bytes`; `shutil`\'s file and tree operations (`copyfile`, `copytree`, `rmtree`, `move`, ...); `subprocess.run` and friends, `os.system`, `os.popen`, `os.wait*`, `os.spawn*` in `P_WAIT` mode (the default here when no mode is given); `input`; blocking `socket` calls; and the deliberately slow `hashlib.pbkdf2_hmac`/`hashlib.scrypt`. Calls are recognised through imports and aliases (a module name used without an import, as in snippets, is that module), methods on instances created in the same scope or a parent one (`s = requests.Session()`, `p = Path(...)`, also bound by tuple unpacking, a conditional expression or `with ... as f`), parameters and variables annotated with the class (`client: httpx.Client`, `Optional[httpx.Client]`, `httpx.Client | None`, `f: io.TextIOWrapper`). Work already handed to `asyncio.to_thread`, `loop.run_in_executor` or `anyio.wrap_file` is not reported, nor is an awaited call. Methods of a file the coroutine opened itself (`with open(p) as f: f.write(...)`) are not reported: the `open()` is, and its message covers them. Two options add calls that Ruff and flake8-async report but that, on the judged real code (docs/accuracy.md), were almost always harmless: `fileMetadata: true` reports the single metadata calls of pathlib, `os.path`, `os` and `shutil` that touch the disk (`exists`, `is_file`, `resolve`, `stat`, `mkdir`, `unlink`, `iterdir`, `glob`, `os.remove`, `os.listdir`, `shutil.which`, ...; the string-only ones such as `joinpath`, `relative_to`, `os.path.join`, `normpath`, `relpath` and `abspath` never are), one fast system call each on a local disk; `processStart: true` reports `subprocess.Popen`, `os.posix_spawn`/`posix_spawnp` and `os.spawn*` with a mode other than `P_WAIT` (without a fix), which return at once after a fork and exec on the loop thread (waiting for the process or reading its pipes blocks, and `asyncio.create_subprocess_exec` is the replacement). Every method of a file object or a urllib3 pool is reported but the few that do no I/O (`fileno`, `isatty`, `readable`, `connection_from_url`, ...). Differences from Ruff and flake8-async, on purpose: `os.path.abspath` is not reported (it only joins the working directory to a string); `pool.request(...)` on a known urllib3 pool is reported whatever its arguments (flake8-async needs an HTTP verb as the first one, not knowing the type); a name rebound in its own scope is read as bound by the last statement before the use in the same or an enclosing block, and not followed when a conditional or a loop makes that uncertain, nor from a nested function (flake8-async follows the order of statements further); a function name never imported (`urlopen()` alone) is not guessed.',
    why:
      'asyncio runs every task on one thread. While a coroutine is inside a blocking call, no other task makes progress: requests queue up, timeouts fire late, and concurrency (`gather`, `TaskGroup`) silently becomes sequential.',
    useInstead:
      'The async equivalent — `await asyncio.sleep(x)` for `time.sleep(x)`, an async HTTP client (httpx.AsyncClient, aiohttp), `asyncio.create_subprocess_exec` for processes, aiofiles for files — or run the blocking call in a worker thread with `await asyncio.to_thread(fn, *args)`.',
    fixSafety:
      'The fixes are unsafe because the coroutine now yields to the event loop: other tasks run in between, which changes timing and the order of their effects. `time.sleep(x)` → `await asyncio.sleep(x)` waits exactly as long. `f(args)` → `await asyncio.to_thread(f, args)` (Python 3.9+) calls the same function with the same arguments (a method keeps its receiver) and returns the same result or raises the same exception, on a worker thread; the callee must be safe to run off the loop thread. `open()` gets no fix, since the reads and writes on the file would still block: move the whole file work into a function run with `asyncio.to_thread`.',
    examples: [
      {
        language: 'python',
        bad: 'import asyncio\nimport time\n\n\nasync def poll():\n    time.sleep(0.5)\n    return "done"\n',
        good: 'import asyncio\nimport time\n\n\nasync def poll():\n    await asyncio.sleep(0.5)\n    return "done"\n',
      },
    ],
  },
};

function isLongWait(api: PyBlockingApi): boolean {
  return /^(sleeps|waits for the process|waits for the shell command|waits for a child process|waits for the HTTP response)/.test(api.blocks);
}

/** `load_config()` in a coroutine, where load_config (a synchronous function of the workspace) calls `open()`. */
function reportChain(ctx: PyRuleContext, chains: BlockingChains, call: Node, fn: Node): void {
  const chain = chains.chainOf(ctx.semantics, call);
  if (!chain) return;
  const name = fn.childForFieldName('name')?.text ?? 'coroutine';
  ctx.report({
    start: call.startIndex,
    end: call.endIndex,
    message:
      `\`${callLabel(call)}\` in coroutine \`${name}\` blocks the event loop through the workspace's synchronous code: ${chain.join(' → ')}. ` +
      'Every other task waits meanwhile; make the chain asynchronous, or run it with await asyncio.to_thread(...).',
    fixes: [],
  });
}

export const rule: PyRule = {
  meta: pythonBlockingCallMeta,
  // Reported only inside `async def`.
  requiresText: 'async',
  create(ctx) {
    // Through helpers only the waits that are long wherever they run count: a process, a sleep, an HTTP
    // request. On the judged code, file work, sockets, prompts and hashes reached through helpers were
    // small files, non-blocking or numeric-only sockets, one-shot CLI paths and cheap hashes.
    const chains = new BlockingChains((semantics, inner) => {
      const info = semantics.callInfo(inner);
      const api = info?.library ? blockingApi(info.qname) : undefined;
      return api && !api.spawnMode && !api.option && isLongWait(api) ? info!.qname : undefined;
    });
    return {
      visit: {
        call(call) {
          const fn = enclosingAsyncDef(call);
          if (!fn) return;
          // An awaited call returns an awaitable: whatever it is, it is not the blocking API.
          if (call.parent?.type === 'await') return;
          const info = ctx.semantics.callInfo(call);
          const known = info?.library ? blockingApi(info.qname) : undefined;
          if (info && !info.library && !info.coroutine && !wrappedByLibrary(ctx, call)) reportChain(ctx, chains, call, fn);
          if (!info || !known || onNonBlockingSocket(call, fn, info.qname) || wrappedByLibrary(ctx, call)) return;
          const api = known.spawnMode ? spawnApi(ctx, call, known) : known;
          if ((api.option && ctx.options[api.option] !== true) || onFileOpenedHere(ctx, call, info.qname)) return;
          const name = fn.childForFieldName('name')?.text ?? 'coroutine';
          const instead = api.instead ? ` Use ${api.instead}${api.instead.includes('to_thread') ? '' : ', or await asyncio.to_thread(...)'}.` : '';
          const fix = fixFor(ctx, call, api);
          ctx.report({
            start: call.startIndex,
            end: call.endIndex,
            message: `\`${callLabel(call)}\` in coroutine \`${name}\` ${api.blocks}; every other task on the event loop waits meanwhile.${instead}`,
            fixes: fix ? [fix] : [],
          });
        },
      },
    };
  },
};
