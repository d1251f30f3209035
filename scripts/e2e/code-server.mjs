// Installs code-server (VS Code in a browser, with a real Node extension host) from the npm registry
// into a cache folder outside the repository ($ASYNC_LINT_E2E_CACHE, default ~/.cache/async-lint-e2e),
// the way notes/real-editor-testing.md measured it: Debian's libkrb5-dev, pkg-config and ripgrep;
// unsafe-perm as root; npm_config_yes=true (node-pty's scripts call npx); and a pre-seeded
// @vscode/ripgrep download cache made from Debian's rg, so that no install script downloads anything.
// npm 11 runs dependencies' install scripts only when a project's allowScripts approves them, and
// code-server's postinstall runs `npm install` in its lib/vscode: so the tree is installed without
// scripts first, lib/vscode's approvals are written, then `npm rebuild` runs them all.
// code-server is never a dependency of async-lint. The install is built in a temporary folder and
// renamed into place, so an interrupted or concurrent install never leaves a half-built cache.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3'; // "Code 1.100.3"; the last release that runs on Node 20
/** The ripgrep release that @vscode/ripgrep 1.15.x's postinstall asks for. */
const RIPGREP_TAG = 'v13.0.0-10';
/**
 * Install scripts that must run, by project: code-server's own tree, and lib/vscode (code-server's
 * postinstall runs `npm install` there). The Windows-only native modules stay denied.
 */
const ALLOW_TOP = ['code-server', 'argon2'];
const ALLOW_VSCODE = ['@parcel/watcher', '@vscode/deviceid', '@vscode/ripgrep', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty'];
const DENY_VSCODE = ['@vscode/windows-process-tree', '@vscode/windows-registry'];

export function cacheRoot() {
  return process.env.ASYNC_LINT_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'async-lint-e2e');
}

function log(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function ripgrepTarget() {
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
  if (process.platform !== 'linux' || !arch) throw new Error(`the code-server route is set up for Linux x64/arm64, not ${process.platform}-${process.arch}: set VSCODE_EXECUTABLE to a VS Code instead`);
  return `${arch}-unknown-linux-musl`;
}

/** The ripgrep download cache, pre-seeded with Debian's rg for the @vscode/ripgrep versions code-server can resolve. */
function seedRipgrepCache(tmpDir, ripgrepVersions) {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep is missing: apt-get install -y ripgrep (code-server\'s @vscode/ripgrep would otherwise download it)');
  const staging = path.join(tmpDir, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  copyFileSync(rg, path.join(staging, 'rg'));
  for (const version of ripgrepVersions) {
    const dir = path.join(tmpDir, `vscode-ripgrep-cache-${version}`);
    mkdirSync(dir, { recursive: true });
    const tarball = path.join(dir, `ripgrep-${RIPGREP_TAG}-${ripgrepTarget()}.tar.gz`);
    const r = spawnSync('tar', ['czf', tarball, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`could not create ${tarball}`);
  }
}

/**
 * The @vscode/ripgrep version lib/vscode's install will resolve: the one its lock file pins, else the
 * lowest the range allows (the ripgrep tag above is the one 1.15.x asks for).
 */
function ripgrepVersionsFor(pkg, range) {
  for (const lock of ['npm-shrinkwrap.json', 'package-lock.json']) {
    const file = path.join(pkg, 'lib', 'vscode', lock);
    if (!existsSync(file)) continue;
    const pinned = JSON.parse(readFileSync(file, 'utf8')).packages?.['node_modules/@vscode/ripgrep']?.version;
    if (pinned) return [pinned];
  }
  const lowest = /(\d+\.\d+\.\d+)/.exec(range ?? '')?.[1];
  if (!lowest) throw new Error(`cannot tell which @vscode/ripgrep code-server's VS Code installs (range ${range})`);
  return [lowest];
}

/**
 * A user .npmrc for the install: the user's own settings, `yes` for node-pty's npx, and Node's headers
 * for the native builds (node-gyp would otherwise download them). Install-script approvals are not
 * config here: npm accepts them only from a project's package.json (or .npmrc), and refuses them when
 * a parent npm exports them into a nested install's environment.
 */
function writeUserConfig(dir) {
  const own = process.env.npm_config_userconfig ?? path.join(os.homedir(), '.npmrc');
  const lines = existsSync(own) ? readFileSync(own, 'utf8').split('\n').filter((l) => !/^\s*(allow-scripts|yes)\s*=/.test(l)) : [];
  lines.push('yes=true');
  const headers = path.resolve(path.dirname(process.execPath), '..');
  if (!lines.some((l) => /^\s*nodedir\s*=/.test(l)) && existsSync(path.join(headers, 'include', 'node', 'node_version.h'))) lines.push(`nodedir=${headers}`);
  const file = path.join(dir, 'npmrc');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function allowScripts(allow, deny = []) {
  return Object.fromEntries([...allow.map((p) => [p, true]), ...deny.map((p) => [p, false])]);
}

function npm(args, cwd, env) {
  log(`npm ${args.join(' ')}   (in ${cwd})`);
  const r = spawnSync('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status}); see the output above`);
}

/** Returns the path of code-server's entry script, installing it first when the cache does not hold it. */
export function ensureCodeServer() {
  let dir = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const entryIn = (d) => path.join(d, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (existsSync(path.join(dir, '.installed')) && existsSync(entryIn(dir))) return entryIn(dir);

  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20, this is Node ${process.versions.node}`);
  const missing = ['pkg-config', 'rg', 'make', 'g++'].filter((c) => !which(c));
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length > 0) throw new Error(`code-server's install needs ${missing.join(', ')}: apt-get install -y libkrb5-dev pkg-config ripgrep build-essential`);

  log(`installing code-server@${CODE_SERVER_VERSION} from the npm registry into ${dir} (once; about a minute)`);
  const started = Date.now();
  const final = dir;
  dir = `${final}.partial-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  const tmpDir = path.join(dir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const env = {
    ...process.env,
    TMPDIR: tmpDir, // @vscode/ripgrep's postinstall looks for its download in os.tmpdir()
    npm_config_userconfig: writeUserConfig(dir),
    npm_config_yes: 'true', // node-pty's scripts call npx
    npm_config_unsafe_perm: 'true', // code-server's postinstall.sh insists on it when run as root
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  const pkg = path.join(dir, 'node_modules', 'code-server');
  const manifest = { name: 'async-lint-e2e-code-server', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: allowScripts(ALLOW_TOP) };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  // 1. The package tree without running anything, so lib/vscode's approvals can be written first.
  npm(['install', '--ignore-scripts'], dir, env);
  for (const project of [path.join(pkg, 'lib', 'vscode'), path.join(pkg, 'lib', 'vscode', 'extensions')]) {
    const file = path.join(project, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.allowScripts = allowScripts(ALLOW_VSCODE, DENY_VSCODE);
    writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  }
  const ripgrep = JSON.parse(readFileSync(path.join(pkg, 'lib', 'vscode', 'package.json'), 'utf8')).dependencies?.['@vscode/ripgrep'];
  seedRipgrepCache(tmpDir, ripgrepVersionsFor(pkg, ripgrep));
  // 2. argon2's native build, then code-server's postinstall (npm install in lib/vscode and its extensions).
  npm(['rebuild'], dir, env);
  const pty = path.join(pkg, 'lib', 'vscode', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node');
  if (!existsSync(pty)) throw new Error(`code-server's postinstall did not build its VS Code dependencies (${pty} is missing)`);
  rmSync(tmpDir, { recursive: true, force: true });
  writeFileSync(path.join(dir, '.installed'), `${new Date().toISOString()} installed in ${Math.round((Date.now() - started) / 1000)} s\n`);
  if (existsSync(path.join(final, '.installed'))) {
    rmSync(dir, { recursive: true, force: true }); // another run finished first
  } else {
    rmSync(final, { recursive: true, force: true });
    renameSync(dir, final);
  }
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return entryIn(final);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureCodeServer());
}
