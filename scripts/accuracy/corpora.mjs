// The judged corpora: their definitions (accuracy/corpora/*.json) and how each is rebuilt from
// its source, the npm registry (`npm pack`) or Debian's archive (`apt-get download` +
// `dpkg-deb -x`), into .accuracy-cache/<name>/ (outside git). A prepared corpus is reused until
// its definition changes (the stamp holds the definition's source and install settings).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ACCURACY_CACHE lets several checkouts share one cache (each corpus is rebuilt only when its definition changes). */
export const CACHE = process.env.ACCURACY_CACHE ? path.resolve(process.env.ACCURACY_CACHE) : path.join(REPO, '.accuracy-cache');
const CORPORA_DIR = path.join(REPO, 'accuracy/corpora');
const RECIPE_VERSION = 1;

/** Every corpus definition, sorted by name; a malformed file is an error naming it. */
export function loadCorpora() {
  return readdirSync(CORPORA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = path.join(CORPORA_DIR, f);
      let corpus;
      try {
        corpus = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`${path.relative(REPO, file)}: not valid JSON (${error.message})`);
      }
      const problem = validate(corpus, f);
      if (problem) throw new Error(`${path.relative(REPO, file)}: ${problem}`);
      return corpus;
    });
}

function validate(c, fileName) {
  if (typeof c.name !== 'string' || `${c.name}.json` !== fileName) return '"name" must be the file name without .json';
  if (c.language !== 'typescript' && c.language !== 'python') return '"language" must be "typescript" or "python"';
  if (typeof c.root !== 'string') return '"root" (a folder inside the unpacked package) is missing';
  const s = c.source ?? {};
  if (typeof s.npm === 'string') {
    if (!/^(@[^/]+\/)?[^@]+@\d[^\s^~*<>|]*$/.test(s.npm)) return `"source.npm" must pin an exact version (name@1.2.3), not "${s.npm}"`;
  } else if (s.debian !== undefined) {
    for (const spec of debianSpecs(s)) if (!/^[a-z0-9][a-z0-9+.-]*=[^\s=]+$/.test(spec)) return `Debian package "${spec}" must be pinned as name=version`;
  } else return '"source" must be { "npm": "name@version" } or { "debian": "package", "version": "..." }';
  if (c.exclude !== undefined && !(Array.isArray(c.exclude) && c.exclude.every((g) => typeof g === 'string'))) return '"exclude" must be a list of globs';
  return undefined;
}

/** `{ debian: "p", version: "v" }` or `{ debian: ["p=v", ...] }` → ["p=v", ...]. */
function debianSpecs(source) {
  if (Array.isArray(source.debian)) return source.debian;
  return [source.version ? `${source.debian}=${source.version}` : source.debian];
}

export function describeSource(corpus) {
  return corpus.source.npm ? `npm ${corpus.source.npm}` : `Debian ${debianSpecs(corpus.source).join(', ')}`;
}

function sh(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26, ...options });
}

/**
 * Fetches, unpacks and (when the corpus says so) installs the corpus once; returns
 * { dir, root, installSeconds } where root is the folder to lint.
 */
export function prepareCorpus(corpus, log = () => {}) {
  const dir = path.join(CACHE, corpus.name);
  const stampFile = path.join(dir, '.accuracy-recipe');
  const recipe = JSON.stringify({ RECIPE_VERSION, source: corpus.source, install: corpus.installDependencies === true });
  const base = corpus.source.npm ? path.join(dir, 'package') : path.join(dir, 'tree');
  const root = path.join(base, corpus.root);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === recipe) {
    markProjectRoot(dir);
    const timing = path.join(dir, '.accuracy-install-seconds');
    return { dir, root, installSeconds: existsSync(timing) ? Number(readFileSync(timing, 'utf8')) : 0 };
  }

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let installSeconds = 0;
  if (corpus.source.npm) {
    log(`${corpus.name}: npm pack ${corpus.source.npm}`);
    const tarball = sh('npm', ['pack', corpus.source.npm, '--silent', '--pack-destination', dir]).trim().split('\n').pop();
    sh('tar', ['xzf', path.join(dir, tarball), '-C', dir]);
    rmSync(path.join(dir, tarball));
    if (corpus.installDependencies) {
      installSeconds = installNpmDependencies(base, corpus, log);
      writeFileSync(path.join(dir, '.accuracy-install-seconds'), installSeconds.toFixed(1));
    }
  } else {
    mkdirSync(base, { recursive: true });
    for (const spec of debianSpecs(corpus.source)) {
      log(`${corpus.name}: apt-get download ${spec}`);
      sh('apt-get', ['download', spec], { cwd: dir });
    }
    for (const deb of readdirSync(dir).filter((f) => f.endsWith('.deb'))) {
      sh('dpkg-deb', ['-x', path.join(dir, deb), base]);
      rmSync(path.join(dir, deb));
    }
  }
  if (!existsSync(root)) throw new Error(`${corpus.name}: root "${corpus.root}" is not in the unpacked package`);
  markProjectRoot(dir);
  writeFileSync(stampFile, recipe);
  return { dir, root, installSeconds };
}

/**
 * The CLI, like git, reads every .gitignore up to the folder holding `.git`; without a marker it
 * would read the repository's own .gitignore, which ignores .accuracy-cache/, and lint nothing.
 */
function markProjectRoot(dir) {
  mkdirSync(path.join(dir, '.git'), { recursive: true });
}

/**
 * The package's runtime dependencies, as a user of the published package gets them. Its
 * devDependencies and scripts are removed first: npm resolves devDependencies of the root
 * package even with --omit=dev, and packages often name private or unpublished ones.
 */
function installNpmDependencies(packageDir, corpus, log) {
  const manifestFile = path.join(packageDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  delete manifest.devDependencies;
  delete manifest.scripts;
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  log(`${corpus.name}: npm install --ignore-scripts (${Object.keys(manifest.dependencies ?? {}).length} dependencies)`);
  const started = Date.now();
  try {
    sh('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--no-package-lock'], { cwd: packageDir });
  } catch (error) {
    throw new Error(`${corpus.name}: npm install failed:\n${String(error.stderr ?? error.message).split('\n').slice(0, 12).join('\n')}`);
  }
  return (Date.now() - started) / 1000;
}
