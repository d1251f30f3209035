/**
 * The directive injection grammar, tokenized as VS Code does (vscode-textmate + oniguruma). The host
 * grammars below are minimal stand-ins written for this test: they only produce the comment and
 * string scopes VS Code's TypeScript/JavaScript (TypeScript-TmLanguage) and Python (MagicPython)
 * grammars give, which is all the injection selector looks at.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Oniguruma from 'vscode-oniguruma';
import type * as TextMate from 'vscode-textmate';
import { parseDirectives } from '../../server/src/core/directives.ts';

// Both are CommonJS bundles whose exports ESM loaders cannot list statically: load them with require.
const require = createRequire(import.meta.url);
const onig = require('vscode-oniguruma') as typeof Oniguruma;
const textmate = require('vscode-textmate') as typeof TextMate;

const ROOT = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars?: { scopeName: string; path: string; injectTo?: string[] }[] };
};
const HOSTS = ['source.ts', 'source.tsx', 'source.js', 'source.js.jsx', 'source.python'];

const KEYWORD = 'keyword.control.directive.async-lint';
const RULE_ID = 'entity.name.tag.rule-id.async-lint';
const REASON = 'comment.reason.async-lint';
const DIRECTIVE = 'meta.directive.async-lint';

/** TypeScript-TmLanguage's comment shapes; JavaScript and JSX use the same rules with their own suffix. */
function scriptHost(scopeName: string, suffix: string): TextMate.IRawGrammar {
  return {
    scopeName,
    patterns: [
      { name: `string.quoted.double.${suffix}`, begin: '"', end: '"' },
      { name: `comment.block.documentation.${suffix}`, begin: '/\\*\\*(?!/)', end: '\\*/' },
      { name: `comment.block.${suffix}`, begin: '(/\\*)', beginCaptures: { 1: { name: `punctuation.definition.comment.${suffix}` } }, end: '\\*/' },
      {
        begin: '(//)',
        beginCaptures: { 1: { name: `punctuation.definition.comment.${suffix}` } },
        contentName: `comment.line.double-slash.${suffix}`,
        end: '(?=$)',
      },
    ],
  } as unknown as TextMate.IRawGrammar;
}

/** MagicPython's comment, strings, and the comments it scopes inside verbose regular expressions. */
const pythonHost = {
  scopeName: 'source.python',
  patterns: [
    {
      name: 'string.regexp.quoted.multi.python',
      begin: "r'''",
      end: "'''",
      patterns: [{ name: 'comment.line.number-sign.python', begin: '(#)', end: "($|(?='''))" }],
    },
    { name: 'string.quoted.double.python', begin: '"', end: '"' },
    { name: 'comment.line.number-sign.python', begin: '(#)', beginCaptures: { 1: { name: 'punctuation.definition.comment.python' } }, end: '($)' },
  ],
} as unknown as TextMate.IRawGrammar;

interface Token {
  text: string;
  scopes: string[];
}

let registry: TextMate.Registry;
const grammars = new Map<string, TextMate.IGrammar>();

async function tokenize(scopeName: string, line: string): Promise<Token[]> {
  let grammar = grammars.get(scopeName);
  if (!grammar) {
    grammar = (await registry.loadGrammar(scopeName)) ?? undefined;
    assert.ok(grammar, scopeName);
    grammars.set(scopeName, grammar);
  }
  const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
  return tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
}

/** The texts of tokens carrying `scope`. */
function withScope(tokens: Token[], scope: string): string[] {
  return tokens.filter((t) => t.scopes.includes(scope)).map((t) => t.text);
}

describe('directive injection grammar', () => {
  const entry = manifest.contributes.grammars?.find((g) => g.path.includes('async-lint-directives'));

  before(async () => {
    assert.ok(entry, 'package.json contributes.grammars registers the injection grammar');
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const hosts: Record<string, TextMate.IRawGrammar> = {
      'source.ts': scriptHost('source.ts', 'ts'),
      'source.tsx': scriptHost('source.tsx', 'tsx'),
      'source.js': scriptHost('source.js', 'js'),
      'source.js.jsx': scriptHost('source.js.jsx', 'js.jsx'),
      'source.python': pythonHost,
    };
    const injection = path.join(ROOT, entry.path);
    registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s) => onig.createOnigScanner(s), createOnigString: (s) => onig.createOnigString(s) }),
      loadGrammar: async (scopeName) =>
        scopeName === entry.scopeName ? textmate.parseRawGrammar(readFileSync(injection, 'utf8'), injection) : hosts[scopeName],
      // What VS Code does with `injectTo`.
      getInjections: (scopeName) => (entry.injectTo?.includes(scopeName) ? [entry.scopeName] : undefined),
    });
  });

  it('is registered in package.json for TypeScript, JavaScript (with JSX) and Python, under the scope name its file declares', () => {
    assert.deepEqual([...(entry!.injectTo ?? [])].sort(), [...HOSTS].sort());
    const grammar = JSON.parse(readFileSync(path.join(ROOT, entry!.path), 'utf8')) as { scopeName: string; injectionSelector: string };
    assert.equal(grammar.scopeName, entry!.scopeName);
  });

  it('highlights a line directive in a // comment: keyword and rule id', async () => {
    const tokens = await tokenize('source.ts', 'job(); // async-lint-disable-line floating-promise');
    const keyword = tokens.find((t) => t.text === 'async-lint-disable-line');
    assert.deepEqual(keyword?.scopes, ['source.ts', 'comment.line.double-slash.ts', DIRECTIVE, KEYWORD]);
    assert.deepEqual(withScope(tokens, RULE_ID), ['floating-promise']);
    assert.ok(tokens.find((t) => t.text === 'floating-promise')!.scopes.includes('comment.line.double-slash.ts'));
    assert.deepEqual(withScope(tokens, DIRECTIVE).join(''), ' async-lint-disable-line floating-promise');
  });

  it('highlights each id of a list, the comma, and the reason after --', async () => {
    const tokens = await tokenize('source.ts', '  // async-lint-disable-next-line floating-promise, await-in-loop -- order matters here');
    assert.deepEqual(withScope(tokens, KEYWORD), ['async-lint-disable-next-line']);
    assert.deepEqual(withScope(tokens, RULE_ID), ['floating-promise', 'await-in-loop']);
    assert.deepEqual(withScope(tokens, 'punctuation.separator.comma.async-lint'), [',']);
    assert.deepEqual(withScope(tokens, 'punctuation.separator.reason.async-lint'), ['--']);
    assert.deepEqual(withScope(tokens, REASON), [' order matters here']);
  });

  it('highlights a directive in a block comment and stops where the comment ends', async () => {
    const tokens = await tokenize('source.ts', '/* async-lint-disable sequential-awaits -- setup */ const x = "a";');
    assert.deepEqual(withScope(tokens, KEYWORD), ['async-lint-disable']);
    assert.deepEqual(withScope(tokens, RULE_ID), ['sequential-awaits']);
    assert.deepEqual(withScope(tokens, REASON), [' setup ']);
    const close = tokens.find((t) => t.text === '*/');
    assert.deepEqual(close?.scopes, ['source.ts', 'comment.block.ts']);
    assert.ok(tokens.filter((t) => t.text.includes('const')).every((t) => !t.scopes.some((s) => s.startsWith('comment'))));
  });

  it('highlights directives in TSX, JavaScript and JSX comments', async () => {
    for (const [scopeName, suffix] of [['source.tsx', 'tsx'], ['source.js', 'js'], ['source.js.jsx', 'js.jsx']] as const) {
      const line = await tokenize(scopeName, 'run(); // async-lint-disable-line async-callback');
      assert.deepEqual(withScope(line, KEYWORD), ['async-lint-disable-line'], scopeName);
      assert.deepEqual(withScope(line, RULE_ID), ['async-callback'], scopeName);
      const block = await tokenize(scopeName, '{/* async-lint-disable-next-line floating-promise */}');
      assert.deepEqual(withScope(block, RULE_ID), ['floating-promise'], scopeName);
      assert.ok(block.find((t) => t.text === 'floating-promise')!.scopes.includes(`comment.block.${suffix}`), scopeName);
    }
  });

  it('highlights directives in Python # comments', async () => {
    const line = await tokenize('source.python', 'save()  # async-lint-disable-line unawaited-coroutine');
    assert.deepEqual(line.find((t) => t.text === 'async-lint-disable-line')?.scopes, ['source.python', 'comment.line.number-sign.python', DIRECTIVE, KEYWORD]);
    assert.deepEqual(withScope(line, RULE_ID), ['unawaited-coroutine']);
    const next = await tokenize('source.python', '    # async-lint-disable-next-line unawaited-coroutine, dangling-task -- fire and forget');
    assert.deepEqual(withScope(next, RULE_ID), ['unawaited-coroutine', 'dangling-task']);
    assert.deepEqual(withScope(next, REASON), [' fire and forget']);
    const bare = await tokenize('source.python', '# async-lint-disable');
    assert.deepEqual(withScope(bare, KEYWORD), ['async-lint-disable']);
    assert.deepEqual(withScope(bare, RULE_ID), []);
  });

  it('does not highlight look-alikes: strings, other words, text before the directive, doc comments, regex comments', async () => {
    const lookAlikes: [string, string][] = [
      ['source.ts', 'const a = "// async-lint-disable-line floating-promise";'],
      ['source.ts', '// async-lint-disabled floating-promise'],
      ['source.ts', '// async-lint-disable-everything'],
      ['source.ts', '// see async-lint-disable floating-promise'],
      ['source.ts', '/** async-lint-disable floating-promise */'],
      ['source.python', 'print("# async-lint-disable unawaited-coroutine")'],
      ['source.python', "pattern = r''' # async-lint-disable unawaited-coroutine"],
      ['source.python', '# TODO: async-lint-disable-line unawaited-coroutine'],
    ];
    for (const [scopeName, text] of lookAlikes) {
      const tokens = await tokenize(scopeName, text);
      assert.deepEqual(withScope(tokens, DIRECTIVE), [], text);
    }
  });

  it('marks as rule ids exactly the ids the linter reads', async () => {
    const samples: [string, string][] = [
      ['source.ts', '// async-lint-disable-next-line a-b,c  d -- e, f'],
      ['source.ts', 'x(); /* async-lint-disable-line one,two--why */ y();'],
      ['source.ts', '/// async-lint-disable three'],
      ['source.ts', '// note # async-lint-disable four'],
      ['source.python', 'x = 1  #async-lint-disable-line five six'],
    ];
    for (const [scopeName, text] of samples) {
      const fromLinter = parseDirectives(text).flatMap((d) => d.ids.map((id) => id.id));
      assert.deepEqual(withScope(await tokenize(scopeName, text), RULE_ID), fromLinter, text);
    }
  });
});
