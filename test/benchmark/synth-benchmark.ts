// Synth benchmark of a full TrinoOnEks deployment (every option on, see test/trino-on-eks/full-deployment.ts).
// Prints, per run and as the median: synthesis time without cdk-nag, the same synthesis followed by the four
// packs the library is checked with (AwsSolutions, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1), the
// findings they leave, the template's resource count and its size in bytes. It prints numbers only: no
// assertion on time (the machine is shared). Run by scripts/synth-benchmark.sh.
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { ENV } from '../fixtures/clusters';
import { nagPacks } from '../quality-gate/nag';
import { fullDeployment } from '../trino-on-eks/full-deployment';

interface Run {
  readonly buildMs: number;
  readonly synthMs: number;
  readonly nagMs: number;
  readonly findings: number;
  readonly resources: number;
  readonly templateBytes: number;
  readonly kubernetesObjects: number;
}

function once(withNag: boolean): Run {
  const outdir = mkdtempSync(join(tmpdir(), 'trino-synth-'));
  try {
    const started = performance.now();
    const app = new App({ outdir });
    const stack = new Stack(app, 'TrinoFull', { env: ENV });
    const trino = fullDeployment(stack);
    const built = performance.now();
    const assembly = app.synth();
    const synthesized = performance.now();
    let findings = 0;
    if (withNag) {
      for (const pack of nagPacks()) findings += pack.validateScope(trino).violations.length;
    }
    const checked = performance.now();
    const artifact = assembly.getStackByName(stack.stackName);
    const resources: Record<string, any> = artifact.template.Resources ?? {};
    const kubernetesObjects = Object.values(resources)
      .filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' || r.Type === 'Custom::AWSCDK-EKS-HelmChart').length;
    return {
      buildMs: built - started,
      synthMs: synthesized - started,
      nagMs: checked - synthesized,
      findings,
      resources: Object.keys(resources).length,
      templateBytes: statSync(artifact.templateFullPath).size,
      kubernetesObjects,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function main(): void {
  const runs = Number(process.argv[2] ?? '3');
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs (${process.argv[2]}) must be a whole number of at least 1`);
  console.log(`synth-benchmark: full TrinoOnEks deployment (every option on), ${runs} run(s) each, node ${process.version}`);
  // One untimed warm-up with the packs: module loading and JIT would otherwise land on the first measured runs.
  once(true);
  const plain: Run[] = [];
  const nag: Run[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(once(false));
    nag.push(once(true));
    const p = plain[i];
    const n = nag[i];
    console.log(`  run ${i + 1}: synth ${seconds(p.synthMs)} (construct tree ${seconds(p.buildMs)}); ` +
      `synth + 4 nag packs ${seconds(n.synthMs + n.nagMs)} (nag ${seconds(n.nagMs)})`);
  }
  const last = plain[plain.length - 1];
  console.log('');
  console.log(`synth time without nag (median):       ${seconds(median(plain.map((r) => r.synthMs)))}`);
  console.log(`synth time with the 4 nag packs (median): ${seconds(median(nag.map((r) => r.synthMs + r.nagMs)))}`);
  console.log(`  of which the nag packs (median):     ${seconds(median(nag.map((r) => r.nagMs)))}`);
  console.log(`unacknowledged nag findings:           ${nag[nag.length - 1].findings}`);
  console.log(`template resources:                    ${last.resources} (${last.kubernetesObjects} Kubernetes manifests and Helm charts)`);
  console.log(`template size:                         ${last.templateBytes} bytes`);
}

main();
