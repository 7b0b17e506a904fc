// Jest's globalTeardown: removes the synthesis directories this run left in the temp directory. Every
// `new App()` without an `outdir` synthesizes into a fresh `cdk.outXXXXXX` there (up to 57 MB each, the kubectl
// layer's asset) and nothing deletes it; a full suite left several GB per run, and a developer machine filled
// up until Trino refused to spill. The templates the quality gate checks are copied to test-reports first.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default function removeSynthOutput(): void {
  // Only what this run created: Jest's parent process runs the teardown, so its start time bounds the run.
  const runStarted = Date.now() - process.uptime() * 1000;
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!/^cdk\.out[A-Za-z0-9]{6}$/.test(name)) continue;
    const dir = path.join(tmp, name);
    try {
      const stat = fs.statSync(dir);
      if ((stat.birthtimeMs || stat.ctimeMs) >= runStarted) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
}
