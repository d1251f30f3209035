// The benchmark corpora, fetched from the npm registry and Debian's archive into the cache
// (never into the repository) and prepared the same way for every tool:
//  - openai: `npm pack openai@7.55.0`, its `src/` (455 .ts files and one .cts) with a tsconfig.json
//    that includes every file (the published one includes only index.ts);
//  - npm: `npm pack npm@11.19.1`, its `lib/` (plain CommonJS JavaScript) with a tsconfig.json
//    (allowJs) so that type-aware tools have one project;
//  - python: the .py files of Debian's python3-aiohttp, -httpx, -starlette and -uvicorn packages
//    (`apt-get download` + `dpkg -x`), dist-packages under site/, aiohttp's examples under
//    examples/, with a pyrightconfig.json.
// A prepared corpus is reused; it is rebuilt when its recipe (RECIPE_VERSION) changes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const RECIPE_VERSION = 1;

export const CORPORA = {
  openai: { npm: 'openai@7.55.0', language: 'typescript', label: 'openai 7.55.0 src/ (TypeScript)' },
  npm: { npm: 'npm@11.19.1', language: 'javascript', label: 'npm 11.19.1 lib/ (JavaScript)' },
  python: {
    // Pinned to what Debian 12 carries today; the candidate version is used when one is gone.
    debs: ['python3-aiohttp=3.8.4-1+deb12u2', 'python3-httpx=0.23.3-1', 'python3-starlette=0.26.1-1+deb12u2', 'python3-uvicorn=0.17.6-1'],
    language: 'python',
    label: 'aiohttp + httpx + starlette + uvicorn (Python, Debian 12)',
  },
};

// The same strictness for TypeScript 5.9 (ESLint) and 7 (async-lint, tsgolint): their defaults differ.
const OPENAI_TSCONFIG = {
  include: ['**/*.ts', '**/*.cts'],
  compilerOptions: {
    target: 'ES2015',
    lib: ['DOM', 'DOM.Iterable', 'ES2020'],
    module: 'Node16',
    moduleResolution: 'Node16',
    types: [],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  },
};

const NPM_TSCONFIG = {
  include: ['lib/**/*.js'],
  compilerOptions: {
    allowJs: true,
    checkJs: false,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: [],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  },
};

const PYRIGHT_CONFIG = {
  include: ['.'],
  extraPaths: ['site'],
  // Only the rule async-lint is compared with; pyright still type-evaluates every file.
  typeCheckingMode: 'off',
  reportUnusedCoroutine: 'error',
};

function sh(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function json(file, value) {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function stamp(dir) {
  const file = path.join(dir, '.bench-recipe');
  return { ok: existsSync(file) && readFileSync(file, 'utf8').trim() === String(RECIPE_VERSION), write: () => writeFileSync(file, String(RECIPE_VERSION)) };
}

/** `npm pack SPEC` into `downloads`, once; returns the tarball path. */
function npmPack(spec, downloads, log) {
  const [name, version] = [spec.slice(0, spec.lastIndexOf('@')), spec.slice(spec.lastIndexOf('@') + 1)];
  const tarball = path.join(downloads, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(tarball)) {
    log(`fetching ${spec} (npm pack)`);
    sh('npm', ['pack', spec, '--pack-destination', downloads, '--silent'], { cwd: downloads });
  }
  if (!existsSync(tarball)) throw new Error(`npm pack ${spec} did not produce ${tarball}`);
  return tarball;
}

function extractNpm(spec, cacheDir, log) {
  const downloads = path.join(cacheDir, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const tarball = npmPack(spec, downloads, log);
  const into = path.join(downloads, path.basename(tarball, '.tgz'));
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  sh('tar', ['-xzf', tarball, '-C', into]);
  return path.join(into, 'package');
}

function prepareOpenai(dir, cacheDir, log) {
  const pkg = extractNpm(CORPORA.openai.npm, cacheDir, log);
  cpSync(path.join(pkg, 'src'), dir, { recursive: true });
  json(path.join(dir, 'tsconfig.json'), OPENAI_TSCONFIG);
}

function prepareNpm(dir, cacheDir, log) {
  const pkg = extractNpm(CORPORA.npm.npm, cacheDir, log);
  cpSync(path.join(pkg, 'lib'), path.join(dir, 'lib'), { recursive: true });
  cpSync(path.join(pkg, 'package.json'), path.join(dir, 'package.json'));
  json(path.join(dir, 'tsconfig.json'), NPM_TSCONFIG);
}

function aptDownload(debs, downloads, log) {
  const tryDownload = (specs) => sh('apt-get', ['download', ...specs], { cwd: downloads });
  const have = () => readdirSync(downloads).filter((f) => f.endsWith('.deb'));
  if (debs.every((d) => have().some((f) => f.startsWith(d.split('=')[0] + '_')))) return;
  log(`fetching ${debs.map((d) => d.split('=')[0]).join(', ')} (apt-get download)`);
  try {
    tryDownload(debs);
  } catch {
    // Stale package lists, or a pinned version that has left the archive: update, then take the candidate.
    try {
      sh('apt-get', ['update', '-qq']);
    } catch (error) {
      log(`apt-get update failed: ${error.stderr ?? error.message}`);
    }
    try {
      tryDownload(debs);
    } catch {
      log('the pinned Debian versions are not available: using the current candidates');
      tryDownload(debs.map((d) => d.split('=')[0]));
    }
  }
}

function preparePython(dir, cacheDir, log) {
  const downloads = path.join(cacheDir, 'downloads', 'debs');
  mkdirSync(downloads, { recursive: true });
  aptDownload(CORPORA.python.debs, downloads, log);
  const extracted = path.join(downloads, 'x');
  rmSync(extracted, { recursive: true, force: true });
  for (const deb of readdirSync(downloads).filter((f) => f.endsWith('.deb'))) sh('dpkg', ['-x', path.join(downloads, deb), extracted]);
  const sitePrefix = path.join(extracted, 'usr/lib/python3/dist-packages');
  const docPrefix = path.join(extracted, 'usr/share/doc');
  for (const file of walk(extracted)) {
    if (!file.endsWith('.py')) continue;
    let target;
    if (file.startsWith(sitePrefix + '/')) target = path.join(dir, 'site', path.relative(sitePrefix, file));
    else if (file.startsWith(docPrefix + '/')) target = path.join(dir, 'examples', path.relative(docPrefix, file).replace(/^python3-/, '').replace('/examples/', '/'));
    else target = path.join(dir, 'other', path.relative(extracted, file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
  json(path.join(dir, 'pyrightconfig.json'), PYRIGHT_CONFIG);
  writeFileSync(path.join(dir, 'debian-versions.txt'), readdirSync(downloads).filter((f) => f.endsWith('.deb')).join('\n') + '\n');
}

export function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

const PREPARE = { openai: prepareOpenai, npm: prepareNpm, python: preparePython };
const SOURCE_EXTENSIONS = { typescript: /\.(c|m)?ts$/, javascript: /\.(c|m)?js$/, python: /\.py$/ };

/** Prepares (or reuses) a corpus; returns { name, dir, files, lines, label, language, version }. */
export function prepareCorpus(name, cacheDir, log) {
  const spec = CORPORA[name];
  const dir = path.join(cacheDir, 'corpora', name);
  const recipe = stamp(dir);
  if (!recipe.ok) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    PREPARE[name](dir, cacheDir, log);
    recipe.write();
  }
  const pattern = SOURCE_EXTENSIONS[spec.language];
  let files = 0;
  let lines = 0;
  for (const file of walk(dir)) {
    if (!pattern.test(file) || file.endsWith('.d.ts')) continue;
    files++;
    lines += readFileSync(file, 'utf8').split('\n').length;
  }
  const declarationFiles = [...walk(dir)].filter((f) => f.endsWith('.d.ts')).length;
  const version = name === 'python' ? readFileSync(path.join(dir, 'debian-versions.txt'), 'utf8').trim().split('\n').map((f) => f.replace(/_all\.deb|_amd64\.deb/, '').replace('_', ' ')) : spec.npm;
  return { name, dir, files, declarationFiles, lines, label: spec.label, language: spec.language, version };
}

/** The editor benchmark's file: given, or the corpus file whose length is nearest 1,000 lines among those with the most awaits. */
export function editorFile(corpusDir, wanted) {
  if (wanted) return path.resolve(corpusDir, wanted);
  const candidates = [];
  for (const file of walk(corpusDir)) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length;
    if (lines < 900 || lines > 1200) continue;
    candidates.push({ file, lines, awaits: (text.match(/\bawait\b/g) ?? []).length });
  }
  candidates.sort((a, b) => b.awaits - a.awaits || Math.abs(a.lines - 1000) - Math.abs(b.lines - 1000));
  if (candidates.length === 0) throw new Error(`no file of about 1,000 lines in ${corpusDir}`);
  return candidates[0].file;
}
