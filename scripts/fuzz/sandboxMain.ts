/**
 * The fuzzer's engine process: a forked child that owns a Linter (and the type oracle) and answers
 * the parent's requests over IPC. Living in its own process group, it can be killed with its
 * tsgo children when an input hangs it, and its death is seen as a crash of that input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '../../server/src/core/config.ts';
import { Linter } from '../../server/src/rules/engine.ts';
import { allRuleMetas } from '../../server/src/rules/index.ts';
import { checkInput, describe } from './check.ts';
import type { SandboxReply, SandboxRequest } from './sandbox.ts';
import { TypeOracle } from './typeOracle.ts';
import { diskProbe } from '../../server/src/node/fileProbe.ts';

const ruleErrors: string[] = [];
const notices: string[] = [];
const linter = new Linter({
  files: diskProbe,
  notice: (m) => notices.push(m),
  onRuleError: (id, file, error) => ruleErrors.push(`rule ${id} failed on ${file}: ${describe(error)}`),
  readFile: (f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  },
});
const metas = allRuleMetas();
/** Every rule on (as warnings), test files included: the widest net. */
const config = resolveConfig(metas, { includeTests: true, rules: Object.fromEntries(metas.map((m) => [m.id, 'warning'])) });
let types: { oracle: TypeOracle; budget: number } | undefined;
let lintBoundMs = 10_000;
const ready = linter.prepare();

function drainEvents(): { ruleErrors: string[]; notices: string[] } {
  const out = { ruleErrors: [...ruleErrors], notices: [...notices] };
  ruleErrors.length = 0;
  notices.length = 0;
  return out;
}

async function handle(request: SandboxRequest): Promise<SandboxReply> {
  await ready;
  switch (request.type) {
    case 'init':
      lintBoundMs = request.lintBoundMs;
      types = request.typeBudget > 0 ? { oracle: new TypeOracle(path.join(request.repo, 'node_modules/@types')), budget: request.typeBudget } : undefined;
      return { type: 'ok' };
    case 'check':
      return { type: 'report', report: await checkInput({ linter, config, lintBoundMs, types, drainEvents }, request.input) };
    case 'block': {
      const until = Date.now() + request.ms;
      while (Date.now() < until) {
        // a synchronous stall, as an engine stuck in a loop would be
      }
      return { type: 'ok' };
    }
    case 'lint': {
      const [result] = linter.lint([{ fileName: request.fileName, text: request.text }], () => config);
      linter.setText(request.fileName, undefined);
      const events = drainEvents();
      return {
        type: 'lint',
        syntaxErrors: result!.syntaxErrors.length,
        fatal: result!.fatal,
        findings: result!.findings.map((f) => ({ ruleId: f.ruleId, start: f.start, end: f.end, message: f.message })),
        ruleErrors: events.ruleErrors,
      };
    }
  }
}

process.on('message', (message: { id: number; request: SandboxRequest }) => {
  handle(message.request).then(
    (reply) => process.send!({ id: message.id, reply }),
    (error: unknown) => process.send!({ id: message.id, error: describe(error) }),
  );
});
process.on('disconnect', () => {
  linter.dispose();
  types?.oracle.dispose();
  process.exit(0);
});
process.send!({ id: 0, reply: { type: 'ok' } });
