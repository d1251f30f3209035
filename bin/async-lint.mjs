#!/usr/bin/env node
// `async-lint lsp` starts the language server bundle (it takes the process over); every other
// command is the CLI's. Neither bundle loads the other.
if (process.argv[2] === 'lsp') {
  await import('../dist/server.mjs');
} else {
  const { run } = await import('../dist/cli.mjs');
  await run();
}
