// The peer tools, installed from bench/package.json + bench/package-lock.json (the bench package's
// dev dependencies) into ~/.cache/async-lint-bench/peers, so the repository's own `npm ci` stays
// lean. Their config files (bench/eslint.config.mjs, bench/oxlintrc.json, bench/ruff-wasm.mjs) are
// copied next to the installed node_modules so that they resolve the installed packages.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CONFIG_FILES = ['eslint.config.mjs', 'oxlintrc.json', 'ruff-wasm.mjs'];

function installedVersion(peers, name) {
  try {
    return JSON.parse(readFileSync(path.join(peers, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Installs (when the lockfile changed) and returns { dir, versions, bin(name) }. */
export function installPeers(benchDir, cacheDir, log) {
  const peers = path.join(cacheDir, 'peers');
  mkdirSync(peers, { recursive: true });
  const manifest = readFileSync(path.join(benchDir, 'package.json'));
  const lock = readFileSync(path.join(benchDir, 'package-lock.json'));
  const hash = createHash('sha256').update(manifest).update(lock).digest('hex');
  const stampFile = path.join(peers, '.bench-lock-hash');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== hash || !existsSync(path.join(peers, 'node_modules'))) {
    writeFileSync(path.join(peers, 'package.json'), manifest);
    writeFileSync(path.join(peers, 'package-lock.json'), lock);
    log(`installing the peer tools into ${peers}`);
    const npm = (args) => execFileSync('npm', args, { cwd: peers, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      npm(['ci', '--no-audit', '--no-fund']);
    } catch (error) {
      // `npm ci` insists that every optional platform package of the lockfile's packages is in
      // it; a registry mirror without some platforms' builds makes that impossible. `npm install`
      // still takes every version from the lockfile.
      log(`npm ci failed (${firstLine(error.stderr)}); installing the locked versions with npm install`);
      npm(['install', '--no-audit', '--no-fund']);
    }
    writeFileSync(stampFile, hash);
  }
  for (const f of CONFIG_FILES) cpSync(path.join(benchDir, f), path.join(peers, f));
  const names = Object.keys(JSON.parse(manifest.toString()).devDependencies);
  const versions = Object.fromEntries(names.map((n) => [n, installedVersion(peers, n)]));
  return { dir: peers, versions, file: (...parts) => path.join(peers, ...parts) };
}

function firstLine(text) {
  return String(text ?? '').split('\n').find((l) => l.includes('error') && !l.includes('nodedir')) ?? 'see npm output';
}
