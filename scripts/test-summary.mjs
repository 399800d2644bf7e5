// Prints the one closing line CI reads: "N passed, N failed" over every test of the Jest run.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
// a suite that failed to load has no test results but must still count as a failure
const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const failed = r.numFailedTests + brokenSuites;
console.log(`${r.numPassedTests} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
