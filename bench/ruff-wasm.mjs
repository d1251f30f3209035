// Runs Ruff's WebAssembly build (@astral-sh/ruff-wasm-nodejs) over every .py file under a folder
// with the rules async-lint's Python rules correspond to, and prints the diagnostics as JSON:
// [{ file, code, message, line, endLine, column }]. Ruff's own CLI is a native binary that
// npm does not ship; the wasm build is the npm-installable Ruff, so it is what the bench runs.
//   node ruff-wasm.mjs DIR [RULE,RULE...]   (default rules: ASYNC,RUF006)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

const [dir, rules = 'ASYNC,RUF006'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node ruff-wasm.mjs DIR [RULES]');
  process.exit(2);
}

function* pythonFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* pythonFiles(full);
    else if (entry.isFile() && entry.name.endsWith('.py')) yield full;
  }
}

const workspace = new Workspace({ lint: { select: rules.split(',') } }, PositionEncoding.Utf16);
const out = [];
for (const file of pythonFiles(path.resolve(dir))) {
  for (const d of workspace.check(readFileSync(file, 'utf8'))) {
    out.push({ file, code: d.code, message: d.message, line: d.start_location.row, endLine: d.end_location.row, column: d.start_location.column });
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
