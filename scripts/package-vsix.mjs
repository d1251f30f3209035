// Packages the VS Code extension as a .vsix for this machine's platform (the .vsix carries the
// platform's tsgo binary, so there is one per target, as rust-analyzer and Biome ship).
//
//   node scripts/package-vsix.mjs [--out FILE]      (npm run package builds first)
//
// vsce refuses a .vscodeignore together with package.json's "files" (which is the npm package's
// list), so this packages from a staging folder: the manifest without "files" and with only the
// dependencies the server bundle leaves external, the built files, and those packages. .vscodeignore
// decides, file by file, what of that goes in. The result is checked: what the server loads at run
// time must be inside, and sources, tests and other packages must not.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** The packages dist/server.mjs imports at run time (scripts/build.mjs marks them external; tree-sitter-python's .wasm is copied to dist/). */
const RUNTIME_PACKAGES = ['typescript', 'web-tree-sitter'];

/** vsce's target for this machine (https://code.visualstudio.com/api/working-with-extensions/publishing-extension#platformspecific-extensions). */
export function vsixTarget() {
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  if (!arch || !platform) throw new Error(`no VS Code target for ${process.platform}-${process.arch}`);
  const musl = process.platform === 'linux' && !process.report?.getReport?.().header?.glibcVersionRuntime;
  return `${musl ? 'alpine' : platform}-${arch}`;
}

/** tsgo's platform package, as typescript's lib/getExePath.js names it. */
function tsgoPackage() {
  return `@typescript/typescript-${process.platform}-${process.arch}`;
}

export function defaultVsixPath() {
  const { name, version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return path.join(ROOT, `${name}-${vsixTarget()}-${version}.vsix`);
}

function packageDir(name) {
  const dir = path.join(ROOT, 'node_modules', name); // not require.resolve: web-tree-sitter's "exports" hides package.json
  if (!existsSync(path.join(dir, 'package.json'))) throw new Error(`${name} is not installed`);
  return dir;
}

/** dist/server.mjs and the chunks it imports, transitively (paths relative to `dir`). */
function serverModules(dir) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
    }
  };
  visit('dist/server.mjs');
  return [...seen];
}

function stage(staging) {
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  delete manifest.files;
  delete manifest.devDependencies;
  delete manifest.scripts; // nothing to run: the build happened before
  delete manifest.allowScripts;
  delete manifest.bin;
  manifest.dependencies = Object.fromEntries(RUNTIME_PACKAGES.map((p) => [p, manifest.dependencies[p]]));
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const entry of ['.vscodeignore', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md', 'dist', 'syntaxes', 'schemas']) {
    if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(staging, entry), { recursive: true });
  }
  for (const name of [...RUNTIME_PACKAGES, tsgoPackage()]) {
    let dir;
    try {
      dir = packageDir(name);
    } catch (error) {
      throw new Error(`${error.message}: run npm ci (the .vsix for ${vsixTarget()} needs it)`);
    }
    cpSync(dir, path.join(staging, 'node_modules', name), { recursive: true });
  }
}

// ---- reading the .vsix back (a zip: the central directory lists names and Unix modes) ----

export function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const mode = buf.readUInt32LE(at + 38) >>> 16;
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLength), size, mode });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Throws when the .vsix lacks what the extension runs, or carries what it must not. */
export function checkVsix(file, moduleGraph = []) {
  const entries = zipEntries(file);
  const names = new Set(entries.map((e) => e.name));
  const problems = [];
  const tsgo = `extension/node_modules/${tsgoPackage()}/lib/${process.platform === 'win32' ? 'tsc.exe' : 'tsc'}`;
  const required = [
    'extension/package.json',
    'extension/dist/client.cjs',
    'extension/dist/server.mjs',
    'extension/dist/tree-sitter.wasm',
    'extension/dist/tree-sitter-python.wasm',
    'extension/node_modules/typescript/package.json',
    'extension/node_modules/typescript/lib/getExePath.js',
    'extension/node_modules/typescript/dist/api/sync/api.js',
    'extension/node_modules/typescript/vendor/vscode-jsonrpc/package.json',
    'extension/node_modules/typescript/vendor/vscode-jsonrpc/lib/node/main.js',
    `extension/node_modules/${tsgoPackage()}/package.json`,
    `extension/node_modules/${tsgoPackage()}/lib/lib.es5.d.ts`,
    tsgo,
    'extension/node_modules/web-tree-sitter/package.json',
    'extension/node_modules/web-tree-sitter/tree-sitter.js',
  ];
  for (const name of required) if (!names.has(name)) problems.push(`missing ${name}`);
  for (const file of moduleGraph) if (!names.has(`extension/${file}`)) problems.push(`missing extension/${file} (the server bundle imports it)`);
  const binary = entries.find((e) => e.name === tsgo);
  if (binary && process.platform !== 'win32' && (binary.mode & 0o111) === 0) problems.push(`${tsgo} is not executable in the .vsix (mode ${binary.mode.toString(8)})`);
  const forbidden = [
    /^extension\/(server|client|test|scripts|bench|examples|docs|bin)\//,
    /^extension\/node_modules\/(?!typescript\/|@typescript\/typescript-[a-z0-9]+-[a-z0-9]+\/|web-tree-sitter\/)/,
    /\.map$/,
    /^extension\/node_modules\/typescript\/.*\.d\.[cm]?ts$/,
    /^extension\/dist\/cli\.mjs$/,
    /(^|\/)tsconfig\.json$/,
    /\.vsix$/,
  ];
  for (const { name } of entries) if (forbidden.some((re) => re.test(name))) problems.push(`should not be packaged: ${name}`);
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return entries;
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = path.resolve(values.out ?? defaultVsixPath());
  for (const built of ['dist/client.cjs', 'dist/server.mjs', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) {
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  }
  const staging = path.join(os.tmpdir(), `async-lint-vsix-${process.pid}`);
  let moduleGraph = [];
  try {
    stage(staging);
    moduleGraph = serverModules(staging);
    const { createVSIX } = require('@vscode/vsce');
    await createVSIX({
      cwd: staging,
      packagePath: out,
      target: vsixTarget(),
      useYarn: false,
      dependencies: true,
      // README links are relative: vsce rewrites them against the manifest's repository.
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const entries = checkVsix(out, moduleGraph);
  const total = entries.reduce((n, e) => n + e.size, 0);
  console.log(`${path.relative(process.cwd(), out)}: ${entries.length} files, ${(statSync(out).size / 1e6).toFixed(1)} MB (${(total / 1e6).toFixed(1)} MB unpacked), checked`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`package-vsix: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
