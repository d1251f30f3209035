/**
 * blocking-call: a synchronous, blocking Node API (fs.*Sync, child_process.*Sync, zlib/crypto
 * *Sync, Atomics.wait) called directly in the body of an async function, where it stalls every
 * other task on the event loop. The APIs and their async forms are data in
 * knowledge/node-blocking-apis.ts; a call counts only when its name is bound to the module (an
 * import or require), never a local function that happens to share the name.
 */
import type { Fix, TextEdit } from '../../core/types.ts';
import {
  blockingApiNames,
  blockingApiOf,
  globalBlockingApis,
  nodeBlockingApis,
  type AsyncReplacement,
  type BlockingApi,
} from '../../knowledge/node-blocking-apis.ts';
import { ModifierFlags, SyntaxKind, ts, type CallExpression, type Node, type SourceFile } from '../../languages/typescript/ast.ts';
import type { TsRule, TsRuleContext } from '../types.ts';
import { blockingChains } from './support/blocking-chains.ts';
import {
  declarationOf,
  isModuleLevel,
  loadedModuleOf,
  moduleBindingOfDeclaredName,
  normalizeModuleName,
  planImports,
  type ImportRequest,
} from '../../languages/typescript/imports.ts';

interface BlockingCall {
  call: CallExpression;
  /** `fs.readFileSync`: module (or global) and function, however the code spells it. */
  canonical: string;
  api: BlockingApi;
  /** The module the call resolved to (no `node:`), for module APIs. */
  module?: string;
  /** Source text of the module object when called as a member (`fs`, `require('fs')`). */
  moduleObjectText?: string;
  /**
   * The module is loaded lazily (a require or import() inside a function or block, or inline): a fix
   * must not add a top-level import, which would load it eagerly (and break bundles that avoid it).
   */
  lazy: boolean;
}

/** A call of a name or a `this` method whose value is used as is, in the body of an async function: maybe a synchronous helper. */
function mayCallProjectHelper(call: CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isIdentifier(callee) && !(ts.isPropertyAccessExpression(callee) && callee.expression.kind === SyntaxKind.ThisKeyword)) return false;
  let parent: Node | undefined = call.parent;
  while (parent && ts.isParenthesizedExpression(parent)) parent = parent.parent;
  // A call whose promise is awaited, returned or chained is asynchronous: what it blocks is reported inside it.
  if (!parent || ts.isAwaitExpression(parent) || ts.isReturnStatement(parent) || ts.isArrowFunction(parent) || ts.isPropertyAccessExpression(parent)) return false;
  const scope = enclosingFunction(call);
  return scope !== undefined && !scope.inParameters && isAsyncFunction(scope.fn);
}

/** `loadConfig()` in an async function, where loadConfig (a synchronous function of the project) calls readFileSync. */
function reportBlockingChains(context: TsRuleContext, calls: readonly CallExpression[]): void {
  if (calls.length === 0 || !context.types.available) return;
  const direct = (call: CallExpression) => {
    const found = resolveBlockingCall(call, NO_ALIASES, call.getSourceFile());
    return found?.canonical;
  };
  blockingChains(context.types, calls, direct).forEach((chain, i) => {
    if (!chain) return;
    const call = calls[i]!;
    context.report({
      start: call.getStart(context.sourceFile),
      end: call.end,
      message:
        `\`${chain[0]}(...)\` blocks the event loop inside an async function through the project's synchronous code: ${chain.join(' → ')}. ` +
        'Every other task waits meanwhile; make the chain asynchronous, or run it in a worker thread.',
      fixes: [],
    });
  });
}

const NO_ALIASES: ReadonlySet<string> = new Set();

function isAsyncFunction(node: Node): boolean {
  return ts.isFunctionLikeDeclaration(node) && (node.modifierFlags & ModifierFlags.Async) !== 0;
}

/**
 * The function whose body evaluates `node` when it is called: the nearest function-like whose
 * body or parameters hold it. Class field initializers and static blocks run at other times, and
 * the module top level is not a function: both give undefined.
 */
function enclosingFunction(node: Node): { fn: Node; inParameters: boolean } | undefined {
  for (let child = node, n = node.parent; n; child = n, n = n.parent) {
    if (ts.isFunctionLikeDeclaration(n)) {
      if (child === n.body) return { fn: n, inParameters: false };
      if (ts.isParameterDeclaration(child)) return { fn: n, inParameters: true };
    }
    if (ts.isPropertyDeclaration(n) || ts.isClassStaticBlockDeclaration(n) || ts.isSourceFile(n)) return undefined;
  }
  return undefined;
}

function resolveBlockingCall(call: CallExpression, aliases: ReadonlySet<string>, sourceFile: SourceFile): BlockingCall | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    if (!blockingApiNames.has(callee.text) && !aliases.has(callee.text)) return undefined;
    const declared = declarationOf(callee.text, callee);
    const binding = declared && moduleBindingOfDeclaredName(declared);
    const api = binding?.exportName ? blockingApiOf(binding.module, binding.exportName) : undefined;
    return api && { call, api, canonical: `${binding!.module}.${binding!.exportName}`, module: binding!.module, lazy: !isModuleLevel(declared!) };
  }
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name) || !blockingApiNames.has(callee.name.text)) return undefined;
  const name = callee.name.text;
  const object = callee.expression;
  let module: string | undefined;
  let lazy = true;
  if (ts.isIdentifier(object)) {
    const globalApi = globalBlockingApis[object.text]?.[name];
    const declared = declarationOf(object.text, object);
    if (globalApi) return declared ? undefined : { call, api: globalApi, canonical: `${object.text}.${name}`, lazy: false };
    const binding = declared && moduleBindingOfDeclaredName(declared);
    module = binding && !binding.exportName ? binding.module : undefined;
    lazy = !declared || !isModuleLevel(declared);
  } else {
    module = loadedModuleOf(object);
  }
  const api = module ? blockingApiOf(module, name) : undefined;
  return api && { call, api, canonical: `${module}.${name}`, module, moduleObjectText: object.getText(sourceFile), lazy };
}

/** fs/promises takes a FileHandle, not a numeric descriptor: skip the fix when the argument may be one. */
function mayBeFileDescriptor(arg: Node | undefined): boolean {
  if (!arg) return false;
  if (ts.isNumericLiteral(arg)) return true;
  const named = ts.isCallExpression(arg) ? arg.expression : arg;
  const name = ts.isIdentifier(named) ? named.text : ts.isPropertyAccessExpression(named) && ts.isIdentifier(named.name) ? named.name.text : '';
  return /^fd$|_fd$|Fd$|^descriptor$|Descriptor$|^openSync$/.test(name);
}

/** Whether the options argument may set one of `names` (anything but a plain object literal may). */
function mayUseOptions(arg: Node | undefined, names: readonly string[]): boolean {
  if (!arg) return false;
  if (!ts.isObjectLiteralExpression(arg)) return true;
  return arg.properties.some((p) => ts.isSpreadAssignment(p) || !p.name || !('text' in p.name) || names.includes(String(p.name.text)));
}

/** `await x` binds looser than member access, calls, `!` and the left of `**`: wrap it there. */
function needsParentheses(call: CallExpression): boolean {
  const parent = call.parent;
  if (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isNonNullExpression(parent)) {
    return parent.expression === call;
  }
  if (ts.isTaggedTemplateExpression(parent)) return parent.tag === call;
  return ts.isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.AsteriskAsteriskToken && parent.left === call;
}

function replacementText(r: AsyncReplacement): string {
  return r.call === 'direct' ? `await ${r.name}() from ${r.module}` : `await promisify(${r.name})() with ${r.name} from ${r.module}`;
}

function fixOf(found: BlockingCall, sourceFile: SourceFile): Fix | undefined {
  const r = found.api.replacement;
  const { call } = found;
  if (!r || call.questionDotToken || call.typeArguments) return undefined;
  if (r.rejectsFileDescriptor && mayBeFileDescriptor(call.arguments[0])) return undefined;
  if (r.unsupportedOptions && mayUseOptions(call.arguments[r.unsupportedOptions.index], r.unsupportedOptions.names)) return undefined;

  if (found.lazy) return lazyFixOf(found, r, sourceFile);
  const requests: ImportRequest[] = [];
  // A module object already in hand (`zlib.gzipSync`) gives the callback form without an import.
  const sameModuleObject = found.moduleObjectText !== undefined && found.module === normalizeModuleName(r.module);
  if (!sameModuleObject || r.call === 'direct') requests.push({ module: r.module, name: r.name });
  if (r.call === 'promisify') requests.push({ module: 'node:util', name: 'promisify' });
  const plan = planImports(sourceFile, requests, call);
  const target = sameModuleObject && r.call === 'promisify' ? `${found.moduleObjectText}.${r.name}` : plan.references[0]!;
  const callee = r.call === 'direct' ? target : `${plan.references[plan.references.length - 1]}(${target})`;
  return { title: `Replace with ${replacementText(r)}`, applicability: r.applicability, edits: [...plan.edits, ...awaitCallEdits(call, callee, sourceFile)] };
}

/** Without adding imports: `fs.promises.readFile` through the module object the code already has. */
function lazyFixOf(found: BlockingCall, r: AsyncReplacement, sourceFile: SourceFile): Fix | undefined {
  if (found.moduleObjectText === undefined || found.module !== 'fs' || normalizeModuleName(r.module) !== 'fs/promises') return undefined;
  const callee = `${found.moduleObjectText}.promises.${r.name}`;
  return { title: `Replace with await ${callee}()`, applicability: r.applicability, edits: awaitCallEdits(found.call, callee, sourceFile) };
}

/** `callee(args)` → `await newCallee(args)`, parenthesized where the context needs it; an existing `await` is kept. */
function awaitCallEdits(call: CallExpression, newCallee: string, sourceFile: SourceFile): TextEdit[] {
  if (ts.isAwaitExpression(call.parent)) return [{ start: call.getStart(sourceFile), end: call.expression.end, newText: newCallee }];
  const wrap = needsParentheses(call);
  const edits = [{ start: call.getStart(sourceFile), end: call.expression.end, newText: `${wrap ? '(' : ''}await ${newCallee}` }];
  if (wrap) edits.push({ start: call.end, end: call.end, newText: ')' });
  return edits;
}

function messageOf(found: BlockingCall): string {
  const { api } = found;
  const advice = api.replacement ? `use ${replacementText(api.replacement)}` : api.alternative;
  return `${found.canonical}() ${api.blocks} and blocks the event loop inside an async function; ${advice}.`;
}

/** For the docs: every flagged API, grouped by module. */
function flaggedApiList(): string {
  const tables = { ...nodeBlockingApis, ...globalBlockingApis };
  return Object.entries(tables)
    .map(([module, table]) => `\`${module}\`: ${Object.keys(table).join(', ')}`)
    .join('; ');
}

export const rule: TsRule = {
  // Only calls in the body of an async function are reported.
  requiresText: 'async',
  meta: {
    id: 'blocking-call',
    languages: ['typescript'],
    defaultSeverity: 'warning',
    typeAware: false,
    hasFix: true,
    defaultOptions: {},
    docs: {
      summary: 'Synchronous, blocking Node.js calls inside async functions.',
      what:
        'Reports a call of a synchronous Node.js API that blocks the thread, made directly in the body of an async function ' +
        '(declaration, expression, arrow or method). Calls inside a nested non-async function or arrow are not reported, since ' +
        'that code may run later; nor is module top-level code. The call must resolve to the module itself — a namespace, ' +
        "default or named import (aliases and the `node:` prefix included), `import x = require()`, `require()` or `await import()` — " +
        'so a local function that happens to be called `readFileSync` is never reported, and `fs.promises.*` is not blocking. ' +
        `Test files are skipped unless the configuration includes tests. The APIs: ${flaggedApiList()}. ` +
        '`existsSync` is reported too: it is a file-system round trip like the others (slow on network drives), but it has no fix. ' +
        'Not reported, because they are fast for the sizes they are used with: `crypto.randomFillSync`, `randomBytes` without a ' +
        'callback, `generateKeySync` and `hkdfSync`. With type information it also follows the synchronous functions of the ' +
        'project that an async function calls (to depth 3, across modules) and reports the call when one of them reaches a ' +
        'blocking API, naming the chain (`loadConfig → readSettings → fs.readFileSync`); async helpers, and calls whose value is ' +
        'awaited, returned or chained, are not followed. Such a finding has no fix: the chain itself must become asynchronous.',
      why:
        'Node.js runs all JavaScript of a process on one thread. While a synchronous call waits for the disk, a child process, ' +
        'or computes a compression or a key derivation, no other callback, request handler or promise continuation runs: one ' +
        'slow call delays every concurrent task. Async functions exist to let other work run while waiting, and a blocking call ' +
        'inside one silently undoes that — the function still looks asynchronous to its callers.',
      useInstead:
        'The promise form: `await readFile(path, "utf8")` from `node:fs/promises` (likewise writeFile, readdir, stat, mkdir, rm, ...); ' +
        '`await promisify(zlib.gzip)(data)` for zlib and `await promisify(crypto.scrypt)(...)` for crypto key derivation (both run on ' +
        "libuv's thread pool); `await promisify(execFile)(file, args)` from `node:child_process` for processes (it resolves to " +
        '`{ stdout, stderr }`); `Atomics.waitAsync` for `Atomics.wait`. Where blocking is intended (a CLI start-up step), ' +
        'suppress the finding with `// async-lint-disable-next-line blocking-call -- reason`.',
      fixSafety:
        'Every fix is unsafe and is offered as a quick fix, never applied by `--fix` alone: awaiting yields to the event loop, so ' +
        'other tasks now run between the call starting and finishing and may observe or change shared state in between (the ' +
        'sync call was atomic with respect to them), and errors of `fs/promises` carry no useful stack trace. The fix keeps the ' +
        'arguments and the result: it is offered only where the async form takes the same arguments and resolves to what the sync ' +
        'call returned — fs calls via `node:fs/promises` (not when the first argument may be a numeric file descriptor, which ' +
        '`fs/promises` rejects, nor for `statSync`/`lstatSync` options that may hold `throwIfNoEntry`), zlib and crypto calls ' +
        'via `util.promisify` of their callback forms, `realpathSync` via `promisify(fs.realpath)` (fs/promises resolves like ' +
        '`realpathSync.native`). It adds the imports it needs (`import { readFile } from "node:fs/promises"`, or a `require` in ' +
        'CommonJS files, extending an existing import of that module, renaming to `readFileAsync` on a clash) and wraps the ' +
        'call in parentheses where `await` would otherwise bind differently. When the module is loaded lazily (a `require` or ' +
        '`import()` inside a function or block, or inline), no import is added, since that would load it eagerly: fs calls ' +
        'become `await fs.promises.readFile(...)` through the same module object, others get no fix. No fix for `existsSync` (no promise twin; ' +
        '`access` rejects instead of returning false), `openSync` and descriptor calls (`open` returns a FileHandle), ' +
        '`child_process` (the promise forms resolve to `{ stdout, stderr }` or have no equivalent), `globSync` (an async ' +
        'iterator) and `Atomics.wait` (`waitAsync` returns an object). A call in a parameter default gets no fix: `await` is not ' +
        'allowed there. An import left unused by the fix is not removed.',
      examples: [
        {
          language: 'typescript',
          bad: [
            "import { readFileSync } from 'node:fs';",
            '',
            'export async function loadConfig(path: string): Promise<unknown> {',
            "  const text = readFileSync(path, 'utf8');",
            '  return JSON.parse(text);',
            '}',
            '',
          ].join('\n'),
          good: [
            "import { readFile } from 'node:fs/promises';",
            '',
            'export async function loadConfig(path: string): Promise<unknown> {',
            "  const text = await readFile(path, 'utf8');",
            '  return JSON.parse(text);',
            '}',
            '',
          ].join('\n'),
        },
        {
          language: 'typescript',
          bad: [
            "import { execSync } from 'node:child_process';",
            '',
            'export async function currentCommit(): Promise<string> {',
            "  return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();",
            '}',
            '',
          ].join('\n'),
          good: [
            "import { execFile } from 'node:child_process';",
            "import { promisify } from 'node:util';",
            '',
            'const run = promisify(execFile);',
            '',
            'export async function currentCommit(): Promise<string> {',
            "  const { stdout } = await run('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });",
            '  return stdout.trim();',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(context) {
    if (context.skipTests) return {};
    const { sourceFile } = context;
    const candidates: CallExpression[] = [];
    // Local names bound to a blocking export under another name (`readFileSync as rfs`).
    const aliases = new Set<string>();
    const noteAlias = (imported: Node | undefined, local: Node | undefined): void => {
      if (imported && local && ts.isIdentifier(local) && 'text' in imported && blockingApiNames.has(String(imported.text))) aliases.add(local.text);
    };
    return {
      visit: {
        [SyntaxKind.CallExpression]: (node) => {
          candidates.push(node as CallExpression);
        },
        [SyntaxKind.ImportSpecifier]: (node) => {
          if (ts.isImportSpecifier(node)) noteAlias(node.propertyName, node.name);
        },
        [SyntaxKind.BindingElement]: (node) => {
          if (ts.isBindingElement(node)) noteAlias(node.propertyName, node.name);
        },
        [SyntaxKind.VariableDeclaration]: (node) => {
          if (ts.isVariableDeclaration(node) && node.initializer && ts.isPropertyAccessExpression(node.initializer)) {
            noteAlias(node.initializer.name, node.name);
          }
        },
      },
      finish() {
        const helperCalls: CallExpression[] = [];
        for (const call of candidates) {
          const callee = call.expression;
          const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) ? callee.name.text : '';
          if (!blockingApiNames.has(name) && !aliases.has(name)) {
            if (mayCallProjectHelper(call)) helperCalls.push(call);
            continue;
          }
          const scope = enclosingFunction(call);
          if (!scope || !isAsyncFunction(scope.fn)) continue;
          const found = resolveBlockingCall(call, aliases, sourceFile);
          if (!found) continue;
          const fix = scope.inParameters ? undefined : fixOf(found, sourceFile);
          context.report({ start: call.getStart(sourceFile), end: call.end, message: messageOf(found), fixes: fix ? [fix] : [] });
        }
        reportBlockingChains(context, helperCalls);
      },
    };
  },
};
