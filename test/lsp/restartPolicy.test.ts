import assert from 'node:assert/strict';
import { onServerClosed, RestartPolicy } from '../../client/src/restartPolicy.ts';

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

  it('a crash restarts the server with a visible notice; past the limit it stops and says how to restart', () => {
    let now = 0;
    const policy = new RestartPolicy(2, 180_000, () => now);
    const shown: string[] = [];
    const first = onServerClosed(policy, (m) => shown.push(m));
    now = 1_000;
    const second = onServerClosed(policy, (m) => shown.push(m));
    now = 2_000;
    const third = onServerClosed(policy, (m) => shown.push(m));
    assert.deepEqual([first.restart, second.restart, third.restart], [true, true, false]);
    assert.equal(shown.length, 2, 'each restart is announced');
    assert.match(shown[0]!, /stopped unexpectedly and is being restarted/);
    assert.match(third.message!, /stopped 3 times in 3 minutes and will not be restarted\. Run "Async Lint: Restart server"/);
  });
});
