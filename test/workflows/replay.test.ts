// Determinism: histories recorded from the workflow scenarios (test/fixtures/histories) replay
// against today's workflow code, so a change that would break running workflows fails CI.
// Re-record after an intended, patched change with `npm run record-histories`.
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { HISTORY_FIXTURES } from '../support/billing-harness';
import { workflowBundle } from '../support/temporal';

test('every recorded seller billing history replays without a determinism error', async () => {
  const files = fs.readdirSync(HISTORY_FIXTURES).filter((file) => file.endsWith('.binpb'));
  expect(files.length).toBeGreaterThanOrEqual(20);
  const histories = files.map((file) => ({
    workflowId: file,
    history: temporal.api.history.v1.History.decode(
      fs.readFileSync(path.join(HISTORY_FIXTURES, file)),
    ),
  }));
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: workflowBundle() },
    histories,
  )) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
});
