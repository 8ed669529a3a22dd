// Writes the run's totals as one plain line ("jest: N passed, N failed, N skipped") to
// test-results/jest-summary.txt (or the reporter option `file`); scripts/test.sh prints it after
// jest exits, so it is the last line a CI log shows (jest's own summary is not a closing line CI
// reads). A suite that failed outside its tests (it failed to load, or an error reached it after
// its tests passed) counts as one failure: it failed the run, so the line must say so.
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_FILE = path.join(__dirname, '..', '..', 'test-results', 'jest-summary.txt');

function summaryLine(results) {
  const suitesFailedOutsideTests = results.testResults.filter(
    (suite) => suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0),
  ).length;
  const failed = results.numFailedTests + suitesFailedOutsideTests;
  const skipped = results.numPendingTests + results.numTodoTests;
  return `jest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
}

class SummaryReporter {
  constructor(_globalConfig, options = {}) {
    this.file = options.file ?? DEFAULT_FILE;
  }

  onRunComplete(_contexts, results) {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${summaryLine(results)}\n`);
  }
}

module.exports = SummaryReporter;
