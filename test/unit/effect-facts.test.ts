/** The facts the effect model reads calls by: SQL text and the package a declaration comes from. */
import assert from 'node:assert/strict';
import { conflictBetween, emptyEffects, verdictOf, type CallEffects } from '../../server/src/core/effects.ts';
import { sqlEffectOf, sqlLabel } from '../../server/src/knowledge/sql.ts';
import { packageOf } from '../../server/src/languages/typescript/effects.ts';

const reads = (more: Partial<CallEffects> = {}): CallEffects => ({ ...emptyEffects('project'), io: 'yes', incomplete: false, reads: ['db.find'], ...more });

describe('effect facts', () => {
  it('reads SQL only when it reads as SQL: a bare word is an event or action name', () => {
    for (const s of ['INSERT INTO t VALUES (1)', 'UPDATE users SET a = 1', 'DELETE FROM x', 'CREATE TABLE x (a int)', 'ALTER TABLE x ADD y', 'DROP INDEX IF EXISTS a', 'WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x']) {
      assert.equal(sqlEffectOf(s), 'write', s);
    }
    for (const s of ['SELECT * FROM t FOR UPDATE', 'BEGIN', 'LOCK TABLE t']) assert.equal(sqlEffectOf(s), 'ordering', s);
    for (const s of ['SELECT 1', 'select id from users', '  -- a comment\n SELECT * FROM t']) assert.equal(sqlEffectOf(s), 'read', s);
    for (const s of ['create', 'update', 'items.create', 'delete', 'drop', '/users/1']) assert.equal(sqlEffectOf(s), undefined, s);
    assert.equal(sqlLabel('select * from t for update'), 'SELECT ... FOR UPDATE');
    assert.equal(sqlLabel('insert into t values (1)'), 'INSERT');
  });

  it('finds the package of a declaration file, scoped and @types ones included', () => {
    assert.equal(packageOf('/p/node_modules/axios/index.d.ts'), 'axios');
    assert.equal(packageOf('/p/node_modules/@prisma/client/index.d.ts'), '@prisma/client');
    assert.equal(packageOf('/p/node_modules/.prisma/client/index.d.ts'), '.prisma');
    assert.equal(packageOf('/p/node_modules/a/node_modules/pg/lib/index.d.ts'), 'pg');
    assert.equal(packageOf('/p/node_modules/@types/pg/index.d.ts'), 'pg');
    assert.equal(packageOf('/p/node_modules/@types/redis__client/index.d.ts'), '@redis/client');
    assert.equal(packageOf('/p/src/db.ts'), undefined);
  });

  it('judges a call by its effects, and two calls by the state they share', () => {
    assert.equal(verdictOf(undefined), 'unknown');
    assert.equal(verdictOf(reads()), 'reads');
    assert.equal(verdictOf(reads({ incomplete: true })), 'unknown');
    assert.equal(verdictOf(reads({ writes: ['db.update'] })), 'orders');
    assert.equal(verdictOf(reads({ stateReads: ['options.transacting'] })), 'orders', 'a transaction handed in');
    assert.equal(verdictOf({ ...emptyEffects('project'), io: 'no', incomplete: false }), 'no-io');
    assert.match(conflictBetween(reads({ stateWrites: ['this.cache'] }), reads({ stateReads: ['this.cache'] }))!, /this\.cache/);
    assert.equal(conflictBetween(reads({ stateWrites: ['?arg0.limit'] }), reads({ stateWrites: ['?arg0.limit'] })), undefined, 'objects made in the call are not shared');
    assert.equal(conflictBetween(reads({ reaches: ['a'] }), reads({ reaches: ['b', 'a'] })), 'one calls the other');
    assert.equal(conflictBetween(reads({ reaches: ['a', 'c'] }), reads({ reaches: ['b', 'c'] })), undefined, 'a shared helper is not a conflict');
  });
});
