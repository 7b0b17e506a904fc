// Jest's globalTeardown: removes this run's temporary directory (see setup.ts), with every synthesis directory
// the run created in it. The templates the quality gate checks were copied to test-reports first.
import * as fs from 'fs';
import { RUN_TMPDIR_VARIABLE } from './setup';

export default function removeRunTemporaryDirectory(): void {
  const dir = process.env[RUN_TMPDIR_VARIABLE];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
