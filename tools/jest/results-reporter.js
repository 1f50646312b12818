// Writes each jest run's totals to tmp/test-results/<displayName>.json, so `npm test` can print
// one closing line over every project (Nx restores the file too when a run came from its cache).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tmp', 'test-results');

export default class ResultsReporter {
  onRunComplete(contexts, results) {
    const [context] = contexts;
    const name = context?.config.displayName?.name ?? 'unnamed';
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, `${name}.json`),
      JSON.stringify({
        name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        success: results.success,
      }),
    );
  }
}
