/** Look-alikes found reading real library code (websockets, asyncssh): each was a wrong finding once. */
import assert from 'node:assert/strict';
import { preparePython, pyFindings } from './harness.ts';

const src = (...l: string[]) => l.join('\n') + '\n';

describe('python corpus look-alikes', () => {
  before(() => preparePython());

  it('swallowed-cancellation: waiting for a task one cancelled (websockets close_connection) is not reported', () => {
    const code = src(
      'import asyncio',
      '',
      '',
      'class Protocol:',
      '    async def close_connection(self):',
      '        self.transfer_data_task.cancel()',
      '        try:',
      '            await self.transfer_data_task',
      '        except asyncio.CancelledError:',
      '            pass',
      '        try:',
      '            await asyncio.wait_for(self.transfer_data_task, 5)',
      '        except (asyncio.TimeoutError, asyncio.CancelledError):',
      '            pass',
      '',
      '    async def stop(self, task, other):',
      '        task.cancel()',
      '        try:',
      '            await task',
      '        except asyncio.CancelledError:',
      '            pass',
      '        try:',
      '            await other',
      '        except asyncio.CancelledError:',
      '            pass',
      '        try:',
      '            await self.queue.get()',
      '        except asyncio.CancelledError:',
      '            pass',
    );
    // Still reported: a name the function did not cancel (its own cancellation may arrive there), and a call.
    assert.deepEqual(pyFindings(code, 'swallowed-cancellation').map((f) => code.slice(0, f.start).split('\n').length), [24, 28]);
  });

  it('sequential-awaits: relaying one way then back between two peers (asyncssh scp) is not reported', () => {
    const code = src(
      'class Copier:',
      '    async def copy(self):',
      '        source_exc = await self._forward_response(self._source, self._sink)',
      '        sink_exc = await self._forward_response(self._sink, self._source)',
      '        a = await self.get_stat(self._source, self._sink)',
      '        b = await self.get_stat(self._sink, self._source)',
      '        return source_exc or sink_exc, a, b',
    );
    assert.deepEqual(pyFindings(code, 'sequential-awaits'), []);
  });
});
