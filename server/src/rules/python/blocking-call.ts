import type { Fix, RuleMeta } from '../../core/types.ts';
import { BLOCKING_APIS, type PyBlockingApi } from '../../knowledge/python-blocking-apis.ts';
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
  defaultOptions: {},
  docs: {
    summary: 'A synchronous, blocking call inside a coroutine stops every other task on the event loop.',
    what:
      'Reports, directly inside an `async def` (not in nested functions or lambdas, whose code may run elsewhere), calls that block the thread: `time.sleep`; `requests` and synchronous `httpx` calls and clients; `urllib.request.urlopen` and `urllib3`; `open`/`io.open` and `pathlib.Path` `open`/`read_text`/`write_text`/`read_bytes`/`write_bytes`; `subprocess.run` and friends, `os.system`, `os.popen`, `os.wait*`; `input`; blocking `socket` calls; and the deliberately slow `hashlib.pbkdf2_hmac`/`hashlib.scrypt`. Calls are recognised through imports and aliases, and methods on instances created in the same scope (`s = requests.Session()`, `p = Path(...)`). Work already handed to `asyncio.to_thread` or `loop.run_in_executor` is not reported.',
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

export const rule: PyRule = {
  meta: pythonBlockingCallMeta,
  create(ctx) {
    return {
      visit: {
        call(call) {
          const fn = enclosingAsyncDef(call);
          if (!fn) return;
          const info = ctx.semantics.callInfo(call);
          const api = info?.library ? BLOCKING_APIS[info.qname] : undefined;
          if (!info || !api || onNonBlockingSocket(call, fn, info.qname)) return;
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
