import { execFileSync } from 'child_process';
import { generateKeyPairSync, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ProcessSet } from '../../local/processes';
import { choosePort, waitUntil } from '../../local/stages';

/** Where the binaries are (scripts/kube-apiserver-setup.sh builds them; kubectl and helm come from the kubectl layer). */
export interface KubeBinaries {
  readonly etcd: string;
  readonly kubeApiServer: string;
  readonly kubectl: string;
}

/**
 * A real etcd and kube-apiserver on 127.0.0.1, without kubelet or controllers: what `kubectl apply` meets first
 * (OpenAPI and CRD schemas with their CEL rules, defaulting, pruning, name rules, admission such as namespace
 * existence). Clients authenticate with a static token of a `system:masters` user.
 */
export class KubeApiServer {
  public static async start(binaries: KubeBinaries, workDir: string): Promise<KubeApiServer> {
    // A run killed outright (no chance to stop its children) left its processes recorded here: stop them first.
    ProcessSet.stopLeftovers(path.join(workDir, 'processes.json'));
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(path.join(workDir, 'certs'), { recursive: true });
    const processes = new ProcessSet(path.join(workDir, 'processes.json'));
    const server = new KubeApiServer(binaries, workDir, processes);
    try {
      await server.startProcesses();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  public readonly kubeconfig: string;
  private constructor(private readonly binaries: KubeBinaries, private readonly workDir: string, private readonly processes: ProcessSet) {
    this.kubeconfig = path.join(workDir, 'kubeconfig');
  }

  /** Runs kubectl against this server; returns stdout, throws with stderr on a non-zero exit. */
  public kubectl(args: string[], input?: string): string {
    return execFileSync(this.binaries.kubectl, ['--kubeconfig', this.kubeconfig, ...args], {
      input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
    });
  }

  public async stop(): Promise<void> {
    await this.processes.stopAll();
  }

  private async startProcesses(): Promise<void> {
    const taken = new Set<number>();
    const etcdClient = await choosePort(undefined, taken);
    const etcdPeer = await choosePort(undefined, taken);
    const apiPort = await choosePort(undefined, taken);
    const etcd = this.processes.start({
      name: 'etcd',
      command: this.binaries.etcd,
      args: [
        '--name', 'default', '--data-dir', path.join(this.workDir, 'etcd'),
        '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
        '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
        '--initial-cluster', `default=http://127.0.0.1:${etcdPeer}`,
        // Throw-away data: no fsync, no metrics listener.
        '--unsafe-no-fsync', '--log-level', 'warn',
      ],
      logFile: path.join(this.workDir, 'etcd.log'),
    });
    await waitUntil('etcd answering', () => healthy(`http://127.0.0.1:${etcdClient}/health`), { timeoutMs: 60_000, process: etcd });

    const token = randomBytes(24).toString('hex');
    fs.writeFileSync(path.join(this.workDir, 'tokens.csv'), `${token},test-admin,test-admin,"system:masters"\n`, { mode: 0o600 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const serviceAccountKey = path.join(this.workDir, 'service-account.key');
    fs.writeFileSync(serviceAccountKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const apiServer = this.processes.start({
      name: 'kube-apiserver',
      command: this.binaries.kubeApiServer,
      args: [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
        `--cert-dir=${path.join(this.workDir, 'certs')}`,
        `--token-auth-file=${path.join(this.workDir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-key-file=${serviceAccountKey}`,
        `--service-account-signing-key-file=${serviceAccountKey}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/16',
      ],
      logFile: path.join(this.workDir, 'kube-apiserver.log'),
      // Its graceful termination drains for many seconds (longer still once etcd is gone); its state is thrown away.
      stopSignal: 'SIGKILL',
    });
    const url = `https://127.0.0.1:${apiPort}`;
    fs.writeFileSync(this.kubeconfig, JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      // The serving certificate is self-signed in --cert-dir; loopback only.
      clusters: [{ name: 'test', cluster: { 'server': url, 'certificate-authority': path.join(this.workDir, 'certs', 'apiserver.crt') } }],
      users: [{ name: 'test-admin', user: { token } }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test-admin' } }],
      ['current-context']: 'test',
    }), { mode: 0o600 });
    await waitUntil('kube-apiserver ready (/readyz)', async () => this.ready(), { timeoutMs: 120_000, process: apiServer, intervalMs: 500 });
  }

  private ready(): boolean {
    try {
      return this.kubectl(['get', '--raw', '/readyz']).trim() === 'ok';
    } catch {
      return false;
    }
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
