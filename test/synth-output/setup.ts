// Jest's globalSetup: a temporary directory of this run's own, through TMPDIR, which the test workers (started
// after this) inherit. Every `new App()` without an `outdir` synthesizes into a fresh `cdk.outXXXXXX` under it
// (up to 57 MB each with asset staging on), and the teardown removes the whole directory: nothing is left behind,
// and two runs on one machine never remove each other's synthesis directories.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const RUN_TMPDIR_VARIABLE = 'CDK_TRINO_TEST_RUN_TMPDIR';

export default function createRunTemporaryDirectory(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-synth-'));
  process.env[RUN_TMPDIR_VARIABLE] = dir;
  process.env.TMPDIR = dir;
}
