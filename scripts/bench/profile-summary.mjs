// Summarises a V8 .cpuprofile (from `node --cpu-prof`) of async-lint: self time per source file
// (bundled code is mapped back through the bundle's source map) grouped into areas, and the
// functions with the most self time. Used to find where the time of a benchmark run goes.
//   node scripts/bench/profile-summary.mjs FILE.cpuprofile [--top N]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The area a source belongs to, for the summary. */
function areaOf(source, functionName) {
  if (!source) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle (waiting for input)';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'native / node internals';
  }
  if (source.startsWith('node:')) return 'node internals';
  // TypeScript's API client maps back to its own sources (../../../src/api/...).
  if (source.includes('typescript/dist/') || source.includes('src/api/')) return 'tsgo API client (IPC, decoding)';
  if (source.includes('server/src/rules/')) return 'async-lint rules';
  if (source.includes('server/src/languages/typescript/')) return 'async-lint TS host / type queries';
  if (source.includes('server/src/languages/python/')) return 'async-lint Python (tree-sitter)';
  if (source.includes('web-tree-sitter') || source.includes('tree-sitter')) return 'tree-sitter';
  if (source.includes('server/src/cli/')) return 'async-lint CLI';
  if (source.includes('server/src/lsp/')) return 'async-lint LSP';
  if (source.includes('server/src/core/')) return 'async-lint core';
  if (source.includes('vscode-jsonrpc') || source.includes('vscode-languageserver')) return 'LSP protocol library';
  return path.basename(source);
}

const maps = new Map();
function sourceMapFor(url) {
  if (maps.has(url)) return maps.get(url);
  let map;
  try {
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (existsSync(file + '.map')) map = new SourceMap(JSON.parse(readFileSync(file + '.map', 'utf8')));
  } catch {
    map = undefined;
  }
  maps.set(url, map);
  return map;
}

function sourceOf(callFrame) {
  const { url, lineNumber, columnNumber } = callFrame;
  if (!url) return undefined;
  const map = sourceMapFor(url);
  if (map && lineNumber >= 0) {
    const entry = map.findEntry(lineNumber, columnNumber);
    if (entry?.originalSource) return { source: entry.originalSource, line: entry.originalLine + 1 };
  }
  return { source: url, line: lineNumber + 1 };
}

/**
 * Where the time of a TypeScript lint goes, by what the stack is doing: the first phase (in this
 * order) with a frame in the sample's stack takes the sample. Waiting for tsgo shows as `read`
 * under the API request that waits.
 */
const PHASES = [
  ['tsgo: update snapshot (parse, build program)', ['updateSnapshot']],
  ['tsgo: fetch source file AST', ['getSourceFile']],
  ['tsgo: syntax errors', ['getSyntacticDiagnostics']],
  ['tsgo: batched types of nodes (typesOf)', ['typesOf']],
  ['tsgo: per-type queries (thenable, members, base types, symbols)', ['getPropertiesOfType', 'getPropertyOfType', 'getBaseTypes', 'getSymbol', 'getTypes', 'getIntrinsicType', 'getSignaturesOfType', 'getReturnTypeOfSignature', 'getTypeOfSymbol', 'getTypeOfSymbolAtLocation', 'getContextualType', 'getResolvedSignature', 'getApparentType', 'getAwaitedType']],
  ['tsgo: other API requests', ['apiRequest', 'apiRequestBinary']],
  ['AST access (decoding remote nodes)', ['RemoteNode', 'RemoteNodeList', 'getNamedChild', 'parseNodeHandle']],
  ['async-lint: rules and traversal', ['lintTsFile', 'traverse']],
  ['async-lint: Python', ['lintPython']],
  ['idle', ['(idle)']],
  ['GC', ['(garbage collector)']],
];

export function phases(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const names = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) names.add(byId.get(id).callFrame.functionName);
    const phase = PHASES.find(([, fns]) => fns.some((f) => names.has(f)))?.[0] ?? 'other (startup, I/O, output)';
    totals.set(phase, (totals.get(phase) ?? 0) + ms);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map();
  // Sample i lasted timeDeltas[i + 1] (the delta of the following sample).
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + ms);
  }
  const areas = new Map();
  const functions = new Map();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    const where = sourceOf(node.callFrame);
    const area = areaOf(where?.source, node.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where ? `${where.source.replace(/^.*?(server\/src|node_modules)\//, '$1/')}:${where.line}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    total += ms;
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, areas: sorted(areas), functions: sorted(functions) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const summary = summarise(JSON.parse(readFileSync(positionals[0], 'utf8')));
  const pct = (ms) => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%`;
  console.log(`total ${(summary.totalMs / 1000).toFixed(2)} s of samples\n\nby area (self time):`);
  for (const [area, ms] of summary.areas) console.log(`  ${pct(ms)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${area}`);
  console.log(`\nby phase (inclusive; waiting for tsgo is counted under the request that waits):`);
  for (const [phase, ms] of phases(JSON.parse(readFileSync(positionals[0], 'utf8')))) console.log(`  ${pct(ms)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${phase}`);
  console.log(`\ntop functions (self time):`);
  for (const [fn, ms] of summary.functions.slice(0, Number(values.top))) console.log(`  ${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${fn}`);
}
