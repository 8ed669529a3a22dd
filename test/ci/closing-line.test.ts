// The closing line CI reads (test/support/summary-reporter.js): jest run for real on two fixture
// suites, one of which fails after its tests passed, as the 12-month simulation once did.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..', '..');

test('a suite that fails outside its tests is counted as failed in the closing line', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'closing-line-')), 'summary.txt');
  const config = {
    rootDir: path.join(root, 'test', 'support', 'fixtures', 'summary-run'),
    testMatch: ['**/*.check.js'],
    reporters: [[path.join(root, 'test', 'support', 'summary-reporter.js'), { file }]],
  };
  const jest = path.join(root, 'node_modules', '.bin', 'jest');
  const run = promisify(execFile)(jest, ['--config', JSON.stringify(config)], { cwd: root });

  await expect(run).rejects.toMatchObject({ code: 1 });
  expect(fs.readFileSync(file, 'utf8')).toBe('jest: 3 passed, 1 failed, 0 skipped\n');
});
