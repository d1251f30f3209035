// Bundles the CLI, the language server and the VS Code client with esbuild.
// typescript stays external: its native API locates the tsgo binary relative to its own package.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

rmSync('dist', { recursive: true, force: true });
// `module` first: jsonc-parser's `main` is a UMD build whose internal require()s esbuild cannot follow.
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'] };
// CommonJS dependencies bundled into ESM still call require() for Node builtins.
const requireShim = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts', server: 'server/src/lsp/main.ts', 'lint-worker': 'server/src/cli/lintWorker.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['typescript', 'web-tree-sitter', 'tree-sitter-python'],
    banner: { js: requireShim },
  }),
  build({
    ...common,
    entryPoints: { client: 'client/src/extension.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['vscode'],
  }),
]);

// The tree-sitter runtime and the Python grammar next to the bundles: the parser
// (server/src/languages/python/parser.ts) loads them from dist/ first, and the .vsix carries them.
const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
  copyFileSync(require.resolve(wasm), `dist/${wasm.split('/').pop()}`);
}
