import assert from 'node:assert/strict';
import { RestartPolicy } from '../../client/src/restartPolicy.ts';

describe('client restart policy', () => {
  it('allows maxRestarts crashes within the window, then refuses until old crashes age out', () => {
    let now = 0;
    const policy = new RestartPolicy(3, 60_000, () => now);
    const allowed = [0, 10_000, 20_000].map((t) => {
      now = t;
      return policy.allowRestart();
    });
    assert.deepEqual(allowed, [true, true, true]);
    now = 59_000;
    assert.equal(policy.allowRestart(), false);
    now = 60_001; // the crash at 0 is now outside the window; those at 10 s and 20 s are not
    assert.equal(policy.allowRestart(), true);
    assert.equal(policy.allowRestart(), false);
  });
});
