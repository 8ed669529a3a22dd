// Determinism: histories recorded from the workflow scenarios replay against today's workflow
// code, so a change that would break running workflows fails CI. Each folder of
// test/fixtures/histories holds one code version's histories (v1 was recorded before the billing
// core left the workflow); `npm run record-histories` adds a new folder and keeps the old ones.
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { HISTORY_FIXTURES } from '../support/billing-harness';
import { workflowBundle } from '../support/temporal';

const versions = fs
  .readdirSync(HISTORY_FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function historyFiles(version: string): string[] {
  return fs
    .readdirSync(path.join(HISTORY_FIXTURES, version))
    .filter((file) => file.endsWith('.binpb'));
}

test('the histories recorded before the billing core was extracted (v1) are kept', () => {
  expect(versions).toContain('v1');
  expect(historyFiles('v1').length).toBeGreaterThanOrEqual(20);
});

test('no recorded history lies outside a version folder', () => {
  expect(fs.readdirSync(HISTORY_FIXTURES).filter((file) => file.endsWith('.binpb'))).toEqual([]);
});

test.each(versions)(
  'every seller billing history recorded in %s replays without a determinism error',
  async (version) => {
    const files = historyFiles(version);
    expect(files.length).toBeGreaterThan(0);
    const histories = files.map((file) => ({
      workflowId: `${version}/${file}`,
      history: temporal.api.history.v1.History.decode(
        fs.readFileSync(path.join(HISTORY_FIXTURES, version, file)),
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
  },
);
