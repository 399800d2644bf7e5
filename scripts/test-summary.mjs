// Prints the one closing line CI reads: "N passed, N failed" over every test of the run: Jest's
// JSON results first, then any further reports in the same format (Vitest's JSON reporter writes it).
import { existsSync, readFileSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (files.length === 0) failed = 1;
for (const file of files) {
  if (!existsSync(file)) {
    // a runner that wrote no report crashed before or while running its tests
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // a suite that failed to load has no test results but must still count as a failure
  const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenSuites;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
