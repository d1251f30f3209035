import assert from 'node:assert/strict';
import { dependsOn, findAwaitGroups, reachableMembers } from '../../server/src/rules/shared/awaits-grouping.ts';
import { judgeLoop, type LoopModel } from '../../server/src/rules/shared/awaits-loops.ts';
import { emptyEffects, type CallEffects } from '../../server/src/core/effects.ts';
import { ANY_MEMBER, type AwaitedCall, type AwaitStatement, type ClassModel } from '../../server/src/rules/shared/awaits-model.ts';
import {
  firstWord,
  isGroupEndingCallee,
  isPromptLikeString,
  mentionsOrderedDispatch,
  STREAM_IO_PREFIXES,
  wordsOf,
} from '../../server/src/rules/shared/awaits-vocabulary.ts';

function call(calleeKey: string, args: string[] = [], more: Partial<AwaitedCall> = {}): AwaitedCall {
  const name = calleeKey.split('.').pop()!;
  return {
    calleeNames: [name],
    calleeKey,
    argumentKeys: args,
    stringArguments: [],
    reads: [...calleeKey.split('.').slice(0, -1), ...args].filter((r) => r !== 'this' && r !== 'self'),
    passesInstance: false,
    instanceCalls: calleeKey.startsWith('this.') ? [name] : [],
    instanceReads: [],
    ...more,
  };
}

function bound(binds: string[], c: AwaitedCall, more: Partial<AwaitStatement> = {}): AwaitStatement {
  return { kind: 'bound', call: c, binds, targetReads: [], mutatedRoots: [], instanceWrites: [], ...more };
}

function bare(c: AwaitedCall): AwaitStatement {
  return { kind: 'bare', call: c, binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] };
}

/** Effects of a callee evidenced to only read. */
function reading(key: string): CallEffects {
  return { ...emptyEffects('project'), io: 'yes', reads: [`${key}.find`], reaches: [key], incomplete: false };
}

const OTHER: AwaitStatement = { kind: 'other', binds: [], targetReads: [], mutatedRoots: [], instanceWrites: [] };

describe('shared await analysis', () => {
  describe('vocabulary', () => {
    it('splits camelCase, PascalCase, snake_case, acronyms and private markers', () => {
      assert.deepEqual(wordsOf('getUserById'), ['get', 'user', 'by', 'id']);
      assert.deepEqual(wordsOf('fetch_all_users'), ['fetch', 'all', 'users']);
      assert.deepEqual(wordsOf('HTTPRequest2'), ['http', 'request', '2']);
      assert.equal(firstWord('_saveDraft'), 'save');
      assert.equal(firstWord('#loadAll'), 'load');
      assert.equal(firstWord('__aenter__'), 'aenter');
    });

    it('recognises group-ending verbs by first word, with plurals and aliases', () => {
      for (const name of ['acquireLock', 'commit', 'sleep', 'waitFor', 'goto', 'saveAll', 'insert_many', 'initialize', 'flushes', 'prompts']) {
        assert.equal(isGroupEndingCallee(name), true, name);
      }
      for (const name of ['upsertUser', 'softDelete', 'assertCanEdit', 'validateInput', 'consumeToken', '_async_send_command']) {
        assert.equal(isGroupEndingCallee(name), true, name);
      }
      for (const name of ['getUser', 'fetch', 'loadConfig', 'opener_of', 'upsertive', 'checkoutsList']) {
        assert.equal(isGroupEndingCallee(name), false, name);
      }
      assert.equal(isGroupEndingCallee('sendall', STREAM_IO_PREFIXES), true);
      assert.equal(isGroupEndingCallee('readexactly', STREAM_IO_PREFIXES), true);
      assert.equal(isGroupEndingCallee('readexactly'), false);
    });

    it('recognises ordered dispatch', () => {
      assert.equal(mentionsOrderedDispatch('runHooks'), true);
      assert.equal(mentionsOrderedDispatch('this.handlers'), true);
      assert.equal(mentionsOrderedDispatch('emitAsync'), true);
      assert.equal(mentionsOrderedDispatch('getCallerId'), false);
    });

    it('recognises prompt-like strings', () => {
      for (const s of ['Name: ', 'Continue?', 'Delete all [y/N]', 'Proceed (Y/n)']) assert.equal(isPromptLikeString(s), true, s);
      for (const s of ['/api/users', 'user:42', 'hello']) assert.equal(isPromptLikeString(s), false, s);
    });
  });

  describe('grouping', () => {
    it('groups independent bound statements and ends at other statements', () => {
      const groups = findAwaitGroups([bound(['a'], call('f')), bound(['b'], call('g')), OTHER, bound(['c'], call('h')), bound(['d'], call('k'))]);
      assert.deepEqual(groups, [
        { kind: 'bound', first: 0, last: 1, evidenced: false },
        { kind: 'bound', first: 3, last: 4, evidenced: false },
      ]);
    });

    it('a dependent statement starts a new group (maximal runs)', () => {
      const groups = findAwaitGroups([bound(['a'], call('f')), bound(['b'], call('g')), bound(['c'], call('h', ['a'])), bound(['d'], call('k'))]);
      assert.deepEqual(groups, [
        { kind: 'bound', first: 0, last: 1, evidenced: false },
        { kind: 'bound', first: 2, last: 3, evidenced: false },
      ]);
    });

    it('a group-ending verb or prompt ends the group without joining it', () => {
      assert.deepEqual(findAwaitGroups([bound(['a'], call('f')), bound(['b'], call('db.commit')), bound(['c'], call('g'))]), []);
      const asked = call('rl.question', ["'Name: '"], { stringArguments: ['Name: '] });
      assert.deepEqual(findAwaitGroups([bound(['a'], call('f')), bound(['b'], asked), bound(['c'], call('g'))]), []);
    });

    it('without evidence, bare awaits end groups and never form one, whatever the callee is called', () => {
      assert.deepEqual(findAwaitGroups([bound(['a'], call('f')), bare(call('log', ['x'])), bound(['b'], call('g'))]), []);
      assert.deepEqual(findAwaitGroups([bare(call('fetch', ['a'])), bare(call('fetch', ['b'])), bare(call('fetch', ['c']))]), []);
    });

    it('evidenced reads group whether bare, repeated or assigned to one object', () => {
      const reads = [reading('fetch'), reading('fetch'), reading('fetch')];
      assert.deepEqual(findAwaitGroups([bare(call('fetch', ['a'])), bare(call('fetch', ['a'])), bare(call('fetch', ['b']))], undefined, { repeatedCallsDepend: true }, reads), [
        { kind: 'bare', first: 0, last: 2, evidenced: true },
      ]);
      const a = bound([], call('A.load'), { targetReads: ['cfg'], mutatedRoots: ['cfg'] });
      const b = bound([], call('B.load'), { targetReads: ['cfg'], mutatedRoots: ['cfg'] });
      assert.deepEqual(findAwaitGroups([a, b], undefined, {}, [reading('a'), reading('b')]), [{ kind: 'bound', first: 0, last: 1, evidenced: true }]);
      // Without evidence the shared target keeps them apart.
      assert.deepEqual(findAwaitGroups([a, b]), []);
    });

    it('writes, locks, guards and calls without I/O end a group, even when named like reads', () => {
      const writes = { ...reading('x'), writes: ['db.user.update'] };
      const guard = { ...reading('x'), ordering: ['throws as a guard'] };
      const noIo = { ...emptyEffects('project'), io: 'no' as const };
      for (const middle of [writes, guard, noIo]) {
        const statements = [bound(['a'], call('getA')), bound(['b'], call('getB')), bound(['c'], call('getC'))];
        assert.deepEqual(findAwaitGroups(statements, undefined, {}, [reading('a'), middle, reading('c')]), [], JSON.stringify(middle));
      }
    });

    it('evidenced reads conflict when one writes state the other touches, or one calls the other', () => {
      const statements = [bound(['a'], call('getIdp')), bound(['b'], call('getMeta'))];
      const memo = { ...reading('idp'), stateWrites: ['this.idp'], reaches: ['idp'] };
      assert.deepEqual(findAwaitGroups(statements, undefined, {}, [memo, { ...reading('meta'), stateReads: ['this.idp'], reaches: ['meta'] }]), []);
      assert.deepEqual(findAwaitGroups(statements, undefined, {}, [memo, { ...reading('meta'), reaches: ['meta', 'idp'] }]), []);
      assert.deepEqual(findAwaitGroups(statements, undefined, {}, [memo, { ...reading('meta'), reaches: ['meta'] }]).length, 1);
    });

    it('calls on a shared transaction, connection or session are never candidates', () => {
      const onTrx = call('trx.query', ['x'], { sharedContext: 'runs on `trx`' });
      assert.deepEqual(findAwaitGroups([bound(['a'], onTrx), bound(['b'], onTrx)], undefined, {}, [reading('a'), reading('b')]), []);
    });

    it('target roots count as reads; writes of earlier names are dependencies', () => {
      const a = bound(['obj'], call('f'));
      const b = bound([], call('g'), { targetReads: ['obj'], mutatedRoots: ['obj'] });
      assert.equal(dependsOn(b, a), true);
      assert.equal(dependsOn(bound(['x'], call('g')), bound(['y'], call('f', ['x']))), true);
      assert.equal(dependsOn(bound(['x'], call('g')), bound(['x'], call('f'))), true);
    });

    it('after obj.p = await, a call mentioning obj or passing the instance depends', () => {
      const mutates = bound([], call('f'), { targetReads: ['obj'], mutatedRoots: ['obj'] });
      assert.equal(dependsOn(bound(['r'], call('g', ['obj'])), mutates), true);
      assert.equal(dependsOn(bound(['r'], call('g', ['x'], { passesInstance: true })), mutates), true);
      assert.equal(dependsOn(bound(['r'], call('g', ['x'])), mutates), false);
    });

    it('follows this.m() through the class to the fields an earlier statement wrote', () => {
      const cls: ClassModel = {
        touches: new Map([
          ['me', ['headers']],
          ['headers', ['token']],
          ['other', ['cache']],
          ['escape', [ANY_MEMBER]],
        ]),
      };
      const writesToken = bound([], call('getToken'), { instanceWrites: ['token'] });
      assert.deepEqual(reachableMembers('me', cls).sort(), ['headers', 'me', 'token']);
      assert.equal(dependsOn(bound(['u'], call('this.me')), writesToken, cls), true);
      assert.equal(dependsOn(bound(['u'], call('this.other')), writesToken, cls), false);
      assert.equal(dependsOn(bound(['u'], call('this.escape')), writesToken, cls), true);
      assert.equal(dependsOn(bound(['u'], call('this.inherited')), writesToken, cls), true, 'unknown method');
      assert.equal(dependsOn(bound(['u'], call('f', [], { instanceReads: ['token'] })), writesToken, cls), true);
      // No field written: two reads through the instance are independent.
      assert.equal(dependsOn(bound(['u'], call('this.me')), bound(['v'], call('this.other')), cls), false);
    });
  });

  describe('loops', () => {
    const loop = (more: Partial<LoopModel> = {}): LoopModel => ({
      loopVariables: ['x'],
      call: call('resize', ['x']),
      iterableText: 'paths',
      assignedInBody: [],
      exitsEarly: false,
      ...more,
    });

    it('accepts one independent call that uses the loop variable', () => {
      assert.deepEqual(judgeLoop(loop()), { independent: true });
      assert.deepEqual(judgeLoop(loop({ call: call('x.load') })), { independent: true });
    });

    it('rejects early exits, carried variables, unused loop variables, dispatch, verbs and reads of the results', () => {
      const rejected: [string, Partial<LoopModel>][] = [
        ['early exit', { exitsEarly: true }],
        ['async with', { hasSequentialConstruct: true }],
        ['unused', { call: call('resize', ['y']) }],
        ['calls the items', { call: call('x', ['ctx'], { reads: ['x', 'ctx'] }) }],
        ['hooks', { iterableText: 'this.hooks' }],
        ['emit', { call: call('bus.emit', ['x']) }],
        ['verb', { call: call('save', ['x']) }],
        ['carried', { assignedInBody: ['cursor'] }],
        ['reads results', { call: call('f', ['x', 'out']), collectorRoot: 'out' }],
      ];
      for (const [why, more] of rejected) assert.equal(judgeLoop(loop(more)).independent, false, why);
    });
  });
});

// The deliberate-order signals found on real code (suppressions, comments about order, per-item
// commands, HTTP write methods) are await-in-loop fixtures: test/fixtures/rules/await-in-loop/.
