import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types.ts';
import { rule } from '../../../server/src/rules/typescript/sequential-awaits.ts';
import { applyFix, findingsOf, linesOf, syntaxErrorsOf, type LintSnippetOptions } from '../../helpers/lint.ts';

const ID = 'sequential-awaits';

/** Declarations the snippets share, so they type-check as written. */
const PRELUDE = `declare function getUser(id: string): Promise<{ name: string; team: string }>;
declare function getOrders(id: string): Promise<string[]>;
declare function getTeam(name: string): Promise<string>;
declare function getPrefs(id?: string): Promise<number>;
declare function fetch(url: string): Promise<unknown>;
declare function sleep(ms: number): Promise<void>;
declare const cfg: { token?: string; user?: unknown };
`;

function findings(body: string, options?: LintSnippetOptions): Finding[] {
  return findingsOf(PRELUDE + body, ID, options);
}

/** Exactly one finding, on `line` of the body, whose fix gives exactly `fixedBody`, which parses. */
function assertFixed(body: string, fixedBody: string, line: number, options?: LintSnippetOptions): Finding {
  const code = PRELUDE + body;
  const found = findingsOf(code, ID, options);
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  assert.deepEqual(linesOf(code, found), [line + PRELUDE.split('\n').length - 1]);
  const fixed = applyFix(code, found[0]!);
  assert.equal(fixed, PRELUDE + fixedBody);
  assert.equal(syntaxErrorsOf(fixed), 0, fixed);
  assert.equal(found[0]!.fixes[0]!.applicability, 'unsafe');
  return found[0]!;
}

function assertNone(body: string, options?: LintSnippetOptions): void {
  assert.deepEqual(findings(body, options).map((f) => f.message), []);
}

describe('sequential-awaits', () => {
  describe('reports independent awaited results', () => {
    it('two const declarations (the tutorial case)', () => {
      const f = assertFixed(
        `export async function profile(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}
`,
        `export async function profile(id: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  return { user, orders };
}
`,
        2,
      );
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^2 independent awaits run one after another \(getUser, getOrders\)/);
      assert.match(f.message, /starts every call at once.*overlap.*fails no longer stops the later ones/);
    });

    it('three statements, destructuring patterns kept as tuple elements', () => {
      assertFixed(
        `export async function f(id: string) {
  const { name } = await getUser(id);
  const [first] = await getOrders(id);
  const prefs = await getPrefs(id);
  return [name, first, prefs];
}
`,
        `export async function f(id: string) {
  const [{ name }, [first], prefs] = await Promise.all([getUser(id), getOrders(id), getPrefs(id)]);
  return [name, first, prefs];
}
`,
        2,
      );
    });

    it('keeps let, and uses let when const and let mix', () => {
      assertFixed(
        `export async function f(id: string) {
  let user = await getUser(id);
  let orders = await getOrders(id);
  user = { name: '', team: '' };
  orders = [];
  return [user, orders];
}
`,
        `export async function f(id: string) {
  let [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  user = { name: '', team: '' };
  orders = [];
  return [user, orders];
}
`,
        2,
      );
      assertFixed(
        `export async function f(id: string) {
  const user = await getUser(id);
  let orders = await getOrders(id);
  orders = [];
  return [user, orders];
}
`,
        `export async function f(id: string) {
  let [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  orders = [];
  return [user, orders];
}
`,
        2,
      );
    });

    it('moves type annotations onto a tuple type', () => {
      assertFixed(
        `export async function f(id: string) {
  const user: { name: string } = await getUser(id);
  const orders: readonly string[] = await getOrders(id);
  return [user, orders];
}
`,
        `export async function f(id: string) {
  const [user, orders]: [{ name: string }, readonly string[]] = await Promise.all([
    getUser(id),
    getOrders(id),
  ]);
  return [user, orders];
}
`,
        2,
      );
    });

    it('reports but offers no fix when only some declarations are annotated, var mixes with const, or the await is retyped', () => {
      for (const body of [
        `export async function f(id: string) {
  const user: { name: string } = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders];
}
`,
        `export async function f(id: string) {
  var user = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders];
}
`,
        `export async function f(id: string) {
  const user = (await getUser(id)) as { name: string };
  const orders = await getOrders(id);
  return [user, orders];
}
`,
        `export async function f(id: string) {
  let user;
  user = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders];
}
`,
      ]) {
        const found = findings(body);
        assert.equal(found.length, 1, body);
        assert.deepEqual(found[0]!.fixes, [], body);
      }
    });

    it('assignments, including property targets', () => {
      assertFixed(
        `export async function f(id: string, state: { user?: unknown }) {
  let orders: string[];
  state.user = await getUser(id);
  orders = await getOrders(id);
  return orders;
}
`,
        `export async function f(id: string, state: { user?: unknown }) {
  let orders: string[];
  [state.user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  return orders;
}
`,
        3,
      );
    });

    it('this.field = await, when the later call does not touch that field', () => {
      assertFixed(
        `export class Page {
  user?: unknown;
  orders?: string[];
  async load(id: string) {
    this.user = await this.fetchUser(id);
    this.orders = await this.fetchOrders(id);
  }
  fetchUser(id: string) { return getUser(id); }
  fetchOrders(id: string) { return getOrders(id); }
}
`,
        `export class Page {
  user?: unknown;
  orders?: string[];
  async load(id: string) {
    [this.user, this.orders] = await Promise.all([this.fetchUser(id), this.fetchOrders(id)]);
  }
  fetchUser(id: string) { return getUser(id); }
  fetchOrders(id: string) { return getOrders(id); }
}
`,
        5,
      );
    });

    it('two reads through the same receiver (the "same receiver" filter is not used)', () => {
      assertFixed(
        `declare const db: { query(sql: string): Promise<unknown[]> };
export async function f() {
  const users = await db.query('select * from users');
  const teams = await db.query('select * from teams');
  return [users, teams];
}
`,
        `declare const db: { query(sql: string): Promise<unknown[]> };
export async function f() {
  const [users, teams] = await Promise.all([
    db.query('select * from users'),
    db.query('select * from teams'),
  ]);
  return [users, teams];
}
`,
        3,
      );
    });

    it('bare awaits of fetch, which only reads: the tutorials\' example (no longer a hint)', () => {
      const f = assertFixed(
        `export async function warm() {
  await fetch('/a');
  await fetch('/b');
  await fetch('/c');
}
`,
        `export async function warm() {
  await Promise.all([fetch('/a'), fetch('/b'), fetch('/c')]);
}
`,
        2,
      );
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^3 independent awaits run one after another: fetch only reads;/);
    });

    it('moves comments between the statements above the combined one', () => {
      assertFixed(
        `export async function f(id: string) {
  // who
  const user = await getUser(id); // the user
  /* what they bought */
  const orders = /* all */ await getOrders(id); // kept after
  return [user, orders];
}
`,
        `export async function f(id: string) {
  // who
  // the user
  /* what they bought */
  /* all */
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]); // kept after
  return [user, orders];
}
`,
        3,
      );
    });

    it('puts one call per line when the combined line would be long, at the file\'s indentation', () => {
      assertFixed(
        `export async function f(id: string) {
    const userWithAVeryLongName = await getUser(id + 'with a long suffix');
    const ordersWithAVeryLongName = await getOrders(id + 'with a long suffix');
    return [userWithAVeryLongName, ordersWithAVeryLongName];
}
`,
        `export async function f(id: string) {
    const [userWithAVeryLongName, ordersWithAVeryLongName] = await Promise.all([
        getUser(id + 'with a long suffix'),
        getOrders(id + 'with a long suffix'),
    ]);
    return [userWithAVeryLongName, ordersWithAVeryLongName];
}
`,
        2,
      );
    });

    it('without semicolons, guards an assignment that starts with [', () => {
      assertFixed(
        `export async function f(id: string) {
  let user, orders
  console.log(id)
  user = await getUser(id)
  orders = await getOrders(id)
  return [user, orders]
}
`,
        `export async function f(id: string) {
  let user, orders
  console.log(id)
  ;[user, orders] = await Promise.all([getUser(id), getOrders(id)])
  return [user, orders]
}
`,
        4,
      );
    });

    it('top-level awaits, keeping export', () => {
      assertFixed(
        `export const user = await getUser('me');
export const orders = await getOrders('me');
`,
        `export const [user, orders] = await Promise.all([getUser('me'), getOrders('me')]);
`,
        1,
      );
    });

    it('reports maximal runs: a dependent statement starts a new group', () => {
      const body = `export async function f(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  const team = await getTeam(user.name);
  const prefs = await getPrefs();
  return [orders, team, prefs];
}
`;
      const code = PRELUDE + body;
      const found = findings(body);
      const base = PRELUDE.split('\n').length - 1;
      assert.deepEqual(linesOf(code, found), [base + 2, base + 4]);
      assert.equal(
        applyFix(code, found[1]!),
        PRELUDE +
          `export async function f(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  const [team, prefs] = await Promise.all([getTeam(user.name), getPrefs()]);
  return [orders, team, prefs];
}
`,
      );
    });

    it('test callbacks when includeTests is set', () => {
      const body = `declare function it(name: string, fn: () => Promise<void>): void;
it('loads', async () => {
  const user = await getUser('a');
  const orders = await getOrders('a');
  console.log(user, orders);
});
`;
      assertNone(body);
      assert.equal(findings(body, { settings: { rules: { [ID]: ['warning', { includeTests: true }] } } }).length, 1);
    });
  });

  describe('stays quiet on deliberate or dependent order', () => {
    const cases: Record<string, string> = {
      'awaits of calls that never return a promise (nothing would overlap)': `declare function parseA(s: string): { a: number };
declare function parseB(s: string): { b: number };
export async function f(text: string) {
  const a = await parseA(text);
  const b = await parseB(text);
  return [a, b];
}`,
      'a data dependency': `export async function f(id: string) {
  const user = await getUser(id);
  const team = await getTeam(user.team);
  return team;
}`,
      'a dependency through the root of an assignment target': `export async function f(id: string) {
  const state = await getUser(id);
  state.name = await getTeam(id);
}`,
      'an object mutated, then passed': `declare function getData(c: unknown): Promise<number>;
export async function f(id: string) {
  cfg.token = await getTeam(id);
  const data = await getData(cfg);
  return data;
}`,
      'an object mutated, then this passed': `declare function getData(c: unknown): Promise<number>;
export class C {
  async f(id: string) {
    cfg.token = await getTeam(id);
    const data = await getData(this);
    return data;
  }
}`,
      'a this-field read through a method, transitively': `export class Api {
  token?: string;
  async f(id: string) {
    this.token = await getTeam(id);
    const user = await this.me();
    return user;
  }
  me() { return getUser(this.headers()); }
  headers() { return this.token ?? ''; }
}`,
      'a this-field then a method the class does not define': `class Base { other(): Promise<number> { return getPrefs(); } }
export class Api extends Base {
  token?: string;
  async f(id: string) {
    this.token = await getTeam(id);
    const n = await this.other();
    return n;
  }
}`,
      'a this-field then this passed along': `declare function useApi(api: unknown): Promise<number>;
export class Api {
  token?: string;
  async f(id: string) {
    this.token = await getTeam(id);
    const n = await useApi(this);
    return n;
  }
}`,
      'lifecycle: open, use, close': `declare function openDb(): Promise<{ get(k: string): Promise<string> }>;
declare function closeDb(): Promise<number>;
export async function f() {
  const db = await openDb();
  const a = await getPrefs();
  const closed = await closeDb();
  return [db, a, closed];
}`,
      'initialisation steps': `declare function initialize(): Promise<number>;
export async function f() {
  const ready = await initialize();
  const prefs = await getPrefs();
  return [ready, prefs];
}`,
      'a lock taken before reading': `declare const mutex: { acquire(): Promise<() => void> };
export async function f() {
  const release = await mutex.acquire();
  const prefs = await getPrefs();
  release();
  return prefs;
}`,
      'a transaction': `declare const db: { transaction(): Promise<number>; getRows(): Promise<number> };
export async function f() {
  const tx = await db.transaction();
  const rows = await db.getRows();
  return [tx, rows];
}`,
      'a write followed by a read': `declare function saveUser(u: unknown): Promise<string>;
declare function listUsers(): Promise<string[]>;
export async function f(u: unknown) {
  const id = await saveUser(u);
  const all = await listUsers();
  return [id, all];
}`,
      'questions asked in order': `declare const rl: { question(q: string): Promise<string> };
export async function f() {
  const name = await rl.question('Name: ');
  const age = await rl.question('Age?');
  const sure = await rl.question('Continue [y/N]');
  return [name, age, sure];
}`,
      'prompt verbs': `declare function prompt(q: { message: string }): Promise<string>;
export async function f() {
  const a = await prompt({ message: 'first' });
  const b = await prompt({ message: 'second' });
  return [a, b];
}`,
      'a sleep between reads': `export async function f() {
  const a = await getPrefs('a');
  await sleep(100);
  const b = await getPrefs('b');
  return [a, b];
}`,
      'awaited delays': `declare function delay(ms: number): Promise<number>;
export async function f() {
  const a = await delay(1);
  const b = await delay(2);
  return [a, b];
}`,
      'UI automation steps': `declare const page: { click(s: string): Promise<number>; fill(s: string): Promise<number> };
export async function f() {
  const a = await page.fill('#name');
  const b = await page.click('#go');
  return [a, b];
}`,
      'promises already started': `export async function f(id: string) {
  const p = getUser(id);
  const q = getOrders(id);
  const user = await p;
  const orders = await q;
  return [user, orders];
}`,
      'a bare await between': `declare function log(s: string): Promise<void>;
export async function f(id: string) {
  const user = await getUser(id);
  await log('x');
  const orders = await getOrders(id);
  return [user, orders];
}`,
      'bare awaits of callees nobody can summarise (declared, not written), between reads': `declare function process(s: string): Promise<void>;
export async function f() {
  await fetch('/a');
  await getPrefs('/b');
  await process('a');
  await process('b');
  await fetch('/c');
  await process('c');
}`,
      'conditional and combined awaits': `export async function f(id: string, c: boolean) {
  const user = c ? await getUser(id) : undefined;
  const orders = (await getOrders(id)) || [];
  const prefs = await getPrefs(id) + 1;
  return [user, orders, prefs];
}`,
      'an await nested in the arguments': `export async function f(id: string) {
  const user = await getUser(id);
  const team = await getTeam(await getTeam(id));
  return [user, team];
}`,
      'Promise combinators': `export async function f(id: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  const prefs = await getPrefs(id);
  return [user, orders, prefs];
}`,
      'using declarations': `declare function getHandle(): Promise<{ [Symbol.dispose](): void }>;
export async function f() {
  using a = await getHandle();
  using b = await getHandle();
  return [a, b];
}`,
      'awaits inside for await': `export async function f(stream: AsyncIterable<string>) {
  for await (const id of stream) {
    const user = await getUser(id);
    const orders = await getOrders(id);
    console.log(user, orders);
  }
}`,
      'awaits in test callbacks': `declare function describe(name: string, fn: () => void): void;
declare function it(name: string, fn: () => Promise<void>): void;
describe('suite', () => {
  it('works', async () => {
    const user = await getUser('a');
    const orders = await getOrders('a');
    console.log(user, orders);
  });
});`,
      'a later write of a name an earlier call read': `export async function f(id: string) {
  let name = 'x';
  const team = await getTeam(name);
  name = await getTeam(id);
  return [team, name];
}`,
    };
    for (const [name, body] of Object.entries(cases)) {
      it(name, () => assertNone(body + '\n'));
    }

    it('test files', () => {
      const body = `export async function f(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders];
}
`;
      assert.equal(findings(body).length, 1);
      assert.equal(findings(body, { fileName: 'profile.test.ts' }).length, 0);
      assert.equal(findings(body, { fileName: 'test/profile.ts' }).length, 0);
    });
  });

  it('documents an example that reports exactly once, and a good one that does not', () => {
    const [example] = rule.meta.docs.examples;
    assert.equal(findingsOf(example!.bad, ID).length, 1);
    assert.equal(findingsOf(example!.good, ID).length, 0);
    assert.equal(applyFix(example!.bad, findingsOf(example!.bad, ID)[0]!), example!.good);
    assert.match(rule.meta.docs.fixSafety, /start.*overlap.*fail/s);
  });
});
