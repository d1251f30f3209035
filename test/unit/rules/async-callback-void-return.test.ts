import assert from 'node:assert/strict';
import { findingsOf, linesOf, type LintSnippetOptions } from '../../helpers/lint.ts';

// Positions other than call arguments where a function returning void is expected (what
// typescript-eslint's checksVoidReturn covers): JSX attributes, object properties, returns,
// assignments, overrides. Call arguments and forEach are in async-callback.test.ts.

const ID = 'async-callback';
const SEND = 'declare function send(id: number): Promise<void>;\n';

describe('async-callback', () => {
  describe('positions beyond call arguments', () => {
    const IGNORED = 'the promise it returns is ignored, so nothing waits for it and a rejection goes unhandled.';
    const HANDLERS = [
      SEND.trimEnd(),
      'interface Handlers { onData(): void; onEnd: () => void; onSettled?: () => Promise<void>; onAny: () => unknown }',
    ].join('\n');

    /** `line: underlined text` per finding. */
    function underlined(code: string, options: LintSnippetOptions = {}): string[] {
      const findings = findingsOf(code, ID, options);
      return linesOf(code, findings).map((line, i) => `${line}: ${code.slice(findings[i]!.start, findings[i]!.end)}`);
    }

    it('reports JSX attributes that expect a function returning void, by function or by name', () => {
      const code = [
        SEND.trimEnd(),
        'declare global { namespace JSX { interface Element {} interface IntrinsicElements { button: { onClick?: () => void; onFocus?: () => unknown } } } }',
        'declare function Form(props: { onSubmit: () => void; onLoad: () => Promise<void> }): JSX.Element;',
        'const save = async () => { await send(1); };',
        'export const a = <button onClick={async () => { await send(1); }} onFocus={async () => { await send(2); }} />;',
        'export const b = <Form onSubmit={save} onLoad={save} />;',
        '',
      ].join('\n');
      assert.deepEqual(underlined(code, { fileName: 'form.tsx' }), ['5: async () =>', '6: save']);
      assert.deepEqual(
        findingsOf(code, ID, { fileName: 'form.tsx' }).map((f) => f.message),
        [
          `Async function passed to the onClick attribute, which expects a function returning void: ${IGNORED}`,
          `Async function passed to the onSubmit attribute, which expects a function returning void: ${IGNORED}`,
        ],
      );
    });

    it('reports object properties and methods, including shorthand names of async functions', () => {
      const code = [
        HANDLERS,
        'async function onData() { await send(1); }',
        'const onEnd = async () => { await send(2); };',
        'export const a: Handlers = { async onData() { await send(1); }, onEnd: async () => { await send(2); }, onAny: async () => {} };',
        'export const b: Handlers = { onData, onEnd, onSettled: async () => {}, onAny: onEnd };',
        'export const c = { onData: async () => { await send(1); } };',
        '',
      ].join('\n');
      assert.deepEqual(underlined(code), ['5: async onData()', '5: async () =>', '6: onData', '6: onEnd']);
      const [method, property] = findingsOf(code, ID);
      assert.equal(method!.message, `Async method onData given where its object's type expects a method returning void: ${IGNORED}`);
      assert.equal(property!.message, `Async function given as property onEnd, which expects a function returning void: ${IGNORED}`);
      for (const f of findingsOf(code, ID)) assert.deepEqual(f.fixes, []);
    });

    it('reports async functions returned where a function returning void is expected', () => {
      const code = [
        SEND.trimEnd(),
        'export function handler(): () => void {',
        '  return async () => { await send(1); };',
        '}',
        'export const concise = (): (() => void) => async () => { await send(2); };',
        'export function promised(): () => Promise<void> {',
        '  return async () => { await send(3); };',
        '}',
        'export function inferred() {',
        '  return async () => { await send(4); };',
        '}',
        '',
      ].join('\n');
      assert.deepEqual(underlined(code), ['3: async () =>', '5: async () =>']);
      assert.equal(findingsOf(code, ID)[0]!.message, `Async function returned where a function returning void is expected: ${IGNORED}`);
    });

    it('reports annotated variables, assignments and class properties whose type returns void', () => {
      const code = [
        SEND.trimEnd(),
        'async function flush() { await send(0); }',
        'let onTick: () => void = async () => { await send(1); };',
        'onTick = flush;',
        'declare const socket: { onclose: (() => void) | null };',
        'socket.onclose = async () => { await send(2); };',
        'export class Poller { onStop: () => void = async () => { await send(3); }; }',
        'export const plain = async () => { await send(4); };',
        'export const promised: () => Promise<void> = async () => { await send(5); };',
        'export const cast = (async () => { await send(6); }) as () => void;',
        'export { onTick };',
        '',
      ].join('\n');
      assert.deepEqual(underlined(code), ['3: async () =>', '4: flush', '6: async () =>', '7: async () =>']);
      assert.deepEqual(
        findingsOf(code, ID).slice(0, 3).map((f) => f.message),
        [
          `Async function assigned to onTick where a function returning void is expected: ${IGNORED}`,
          `Async function assigned to onTick where a function returning void is expected: ${IGNORED}`,
          `Async function assigned to socket.onclose where a function returning void is expected: ${IGNORED}`,
        ],
      );
    });

    it('reports async methods overriding a base-class or interface method that returns void', () => {
      const code = [
        SEND.trimEnd(),
        'abstract class Job { abstract run(): void; stop(): void {} start(): Promise<void> { return Promise.resolve(); } }',
        'interface Disposable { dispose(): void; flush(): void | Promise<void> }',
        'export class Upload extends Job implements Disposable {',
        '  async run() { await send(1); }',
        '  stop = async () => { await send(2); };',
        '  async start() { await send(3); }',
        '  async dispose() { await send(4); }',
        '  async flush() { await send(5); }',
        '  static async run() { await send(6); }',
        '}',
        'export class Standalone { async run() { await send(7); } }',
        '',
      ].join('\n');
      assert.deepEqual(underlined(code), ['5: async run()', '6: stop = async () =>', '8: async dispose()']);
      assert.deepEqual(
        findingsOf(code, ID).map((f) => f.message),
        [
          "Async method run overrides Job's run, which returns void: callers through Job ignore the promise it returns, so nothing waits for it and a rejection goes unhandled.",
          "Async method stop overrides Job's stop, which returns void: callers through Job ignore the promise it returns, so nothing waits for it and a rejection goes unhandled.",
          "Async method dispose overrides Disposable's dispose, which returns void: callers through Disposable ignore the promise it returns, so nothing waits for it and a rejection goes unhandled.",
        ],
      );
    });

    it('does not take a void that was only inferred for a contract (a no-op base method, a no-op first value)', () => {
      const code = [
        SEND.trimEnd(),
        'class Reader { initialized = false; init() { this.initialized = true; } }',
        'export class HttpReader extends Reader { async init() { await send(1); super.init(); } }',
        'let onTick = () => {};',
        'onTick = async () => { await send(2); };',
        'const hooks = { onReady() {} };',
        'hooks.onReady = async () => { await send(3); };',
        'export { onTick, hooks };',
        '',
      ].join('\n');
      assert.deepEqual(underlined(code), []);
      const js = [
        'class Reader { init() { this.ready = true; } }',
        'export class HttpReader extends Reader { async init() { await Promise.resolve(); super.init(); } }',
        '',
      ].join('\n');
      assert.deepEqual(underlined(js, { fileName: 'reader.js' }), []);
    });

    it('checks both branches of ?: in an argument', () => {
      const code = [
        'declare function later(callback: () => void, ms: number): void;',
        'declare const fast: boolean;',
        'later(fast ? async () => {} : () => {}, 1);',
        'later(fast ? () => {} : (async () => {}) as () => void, 1);',
        '',
      ].join('\n');
      assert.deepEqual(underlined(code), ['3: async () =>']);
    });
  });
});
