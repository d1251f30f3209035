/**
 * Inputs through the language server, as an editor sends them: each is opened (unsaved), its
 * diagnostics must come within the bound and match what the engine finds for the same text;
 * every quick fix, "disable" action and the fix-all source action is applied as an editor would
 * and checked like the engine's fixes; a hover is asked; then the document is changed to another
 * text (its diagnostics must follow) and closed. At the end no publish may be stale (the last one
 * of each closed document is empty), the server must be alive, must have logged no error, and
 * must exit cleanly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Command, Diagnostic, TextEdit } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/core/text.ts';
import { editsFor, TestClient } from '../../test/lsp/lspClient.ts';
import { keepsLineBreaks, lineBreaksOf, type Problem, type PyPair } from './check.ts';
import type { FuzzInput } from './inputs.ts';
import type { Sandbox } from './sandbox.ts';

export interface LspBatchOptions {
  dir: string;
  ruleIds: readonly string[];
  timeoutMs: number;
  sandbox: Sandbox;
  lintBoundMs: number;
  /** At most this many code-action edits are checked per input. */
  maxActions?: number;
}

export interface LspBatchResult {
  problems: Problem[];
  pyPairs: PyPair[];
  actionsChecked: number;
  ms: number;
}

const LANGUAGE_IDS: Record<string, string> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.py': 'python',
};

/** Applies LSP edits with the protocol's line breaks (\n, \r\n and \r), as an editor does. */
export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

function key(code: string, range: Diagnostic['range']): string {
  return `${code}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

export async function runLspBatch(inputs: readonly FuzzInput[], next: (input: FuzzInput) => string, o: LspBatchOptions): Promise<LspBatchResult> {
  const started = performance.now();
  const problems: Problem[] = [];
  const pyPairs: PyPair[] = [];
  const all = inputs.map((i) => i.id).join(',');
  const problem = (kind: string, inputId: string, detail: string, output?: string) =>
    problems.push({ kind: `lsp-${kind}`, inputId, detail, ...(output !== undefined ? { output } : {}) });
  mkdirSync(o.dir, { recursive: true });
  writeFileSync(path.join(o.dir, 'package.json'), '{"name":"fuzz-lsp","type":"module"}\n');
  const rules = Object.fromEntries(o.ruleIds.map((id) => [id, 'warning']));
  let client: TestClient;
  try {
    client = await TestClient.start(o.dir, { settings: () => ({ rules }) });
  } catch {
    // dist/ may have been in the middle of a rebuild (another test run's): once more.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    client = await TestClient.start(o.dir, { settings: () => ({ rules }) });
  }
  let actionsChecked = 0;
  const closed: string[] = [];
  try {
    for (const input of inputs) {
      const fileName = path.join(o.dir, `in-${String(input.index).padStart(5, '0')}${input.ext}`);
      const uri = pathToFileURL(fileName).href;
      const languageId = LANGUAGE_IDS[input.ext] ?? 'typescript';

      /** Opens or changes the document to `text` as `version` and checks what is published against the engine. */
      const publishOf = async (text: string, version: number): Promise<Diagnostic[] | undefined> => {
        const since = client.published.length;
        if (version === 1) await client.open(uri, text, languageId, 1);
        else await client.change(uri, version, text);
        let published;
        try {
          published = await client.waitForDiagnostics(uri, (p) => p.version === version, since, o.timeoutMs);
        } catch {
          problem('no-diagnostics', input.id, `no diagnostics for version ${version} within ${o.timeoutMs} ms`, text);
          return undefined;
        }
        const engine = await o.sandbox.lint(fileName, text, o.lintBoundMs * 3);
        const index = new LineIndex(text);
        const expected = engine.fatal
          ? ['(fatal)']
          : engine.findings.map((f) => key(f.ruleId, { start: index.position(f.start), end: index.position(f.end) })).sort();
        const got = published.diagnostics.map((d) => (typeof d.code === 'string' ? key(d.code, d.range) : '(fatal)')).sort();
        if (JSON.stringify(expected) !== JSON.stringify(got)) {
          problem('mismatch', input.id, `version ${version}: the server published ${JSON.stringify(got)}, the engine finds ${JSON.stringify(expected)}`, text);
        }
        return published.diagnostics;
      };

      const checkEdit = async (text: string, base: number, edits: TextEdit[], what: string): Promise<void> => {
        actionsChecked++;
        const after = applyLspEdits(text, edits);
        if (after === text) return;
        const result = await o.sandbox.lint(fileName, after, o.lintBoundMs * 3);
        if (base === 0 && result.syntaxErrors > 0) problem('fix-breaks-parse', input.id, `${what}: the text parsed; now ${result.syntaxErrors} syntax error(s)`, after);
        else if (result.syntaxErrors > base) problem('fix-adds-syntax-errors', input.id, `${what}: ${base} → ${result.syntaxErrors} syntax errors`, after);
        if (!keepsLineBreaks(text, after)) problem('line-endings', input.id, `${what}: line breaks ${lineBreaksOf(text)} → ${lineBreaksOf(after)}`, after);
        if (input.language === 'python') pyPairs.push({ inputId: input.id, what: `server: ${what}`, before: text, after });
      };

      const diagnostics = await publishOf(input.text, 1);
      if (diagnostics) {
        const base = (await o.sandbox.lint(fileName, input.text, o.lintBoundMs * 3)).syntaxErrors;
        let budget = o.maxActions ?? 8;
        for (const d of diagnostics.filter((x) => typeof x.code === 'string')) {
          if (budget <= 0) break;
          const actions = (await client.codeActions(uri, d.range, [d])) ?? [];
          for (const a of actions as (CodeAction | Command)[]) {
            if (budget-- <= 0) break;
            const action = a as CodeAction;
            if (!action.edit) continue;
            const { version, edits } = editsFor(action.edit, uri);
            if (version !== undefined && version !== 1) problem('edit-version', input.id, `"${action.title}" carries version ${version}, the document is at 1`);
            await checkEdit(input.text, base, edits, `"${action.title}"`);
          }
        }
        const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const fixAll = ((await client.codeActions(uri, zero, [], ['source.fixAll.asyncLint'])) ?? []) as CodeAction[];
        for (const action of fixAll) if (action.edit) await checkEdit(input.text, base, editsFor(action.edit, uri).edits, 'fix-all');
        const first = diagnostics[0];
        if (first) await client.hover(uri, first.range.start);
      }
      // The editor moves on to another text; the server must follow it.
      await publishOf(next(input), 2);
      await client.close(uri);
      closed.push(uri);
      if (!client.alive) {
        problem('died', input.id, `the server exited (${client.child.exitCode ?? client.child.signalCode}); stderr: ${client.stderr.slice(-1500)}`);
        break;
      }
    }
    // Give late publishes a moment to arrive, then nothing may follow a document's close but its empty publish.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const uri of closed) {
      const last = client.published.filter((p) => p.uri === uri).at(-1);
      if (last && last.diagnostics.length > 0) problem('stale-publish', all, `${uri}: diagnostics (version ${last.version}) published after the document was closed`);
    }
    for (const log of client.logs.filter((l) => /error while|failed on|uncaught|unhandled/i.test(l.message))) {
      problem('error-logged', all, log.message.slice(0, 2000));
    }
  } finally {
    if (client.alive) {
      try {
        const code = await client.stop();
        if (code !== 0) problem('exit', all, `exit code ${code} after shutdown/exit`);
      } catch (error) {
        problem('exit', all, `no clean shutdown: ${(error as Error).message}`);
      }
    }
  }
  return { problems, pyPairs, actionsChecked, ms: performance.now() - started };
}
