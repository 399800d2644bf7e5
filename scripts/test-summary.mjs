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
  // a suite that failed outside its tests (failed to load, or broke after its tests passed: an error
  // thrown once its environment was torn down) has no failed test but must still count as a failure
  const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && !s.assertionResults.some((a) => a.status === 'failed')).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenSuites;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
