// Writes the run's totals as one plain line ("jest: N passed, N failed, N skipped") to
// test-results/jest-summary.txt; scripts/test.sh prints it after jest exits, so it is the last
// line a CI log shows (jest's own summary is not a closing line CI reads).
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
    const file = path.join(__dirname, '..', '..', 'test-results', 'jest-summary.txt');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${line}\n`);
  }
}

module.exports = SummaryReporter;
