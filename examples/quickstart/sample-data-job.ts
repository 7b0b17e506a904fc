import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { TrinoOnEks } from 'cdk-trino-on-eks';
import { Construct } from 'constructs';

/** Options of a {@link SampleDataJob}. */
export interface SampleDataJobProps {
  /** The Trino deployment to load the data through. */
  readonly trino: TrinoOnEks;
  /** The SQL statements, run in order; each must be idempotent (the Job retries until Trino is up). */
  readonly statements: string[];
  /** The Trino user the CLI runs as. */
  readonly user: string;
}

/**
 * A one-shot Kubernetes Job that loads sample data through Trino itself (its CLI, from the same image as the
 * servers): the data lands in the warehouse through the catalogs' own S3 access, so no extra IAM role,
 * Lambda function or bucket policy is needed. It retries with back-off while Trino is still starting.
 */
export class SampleDataJob extends Construct {
  public readonly manifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: SampleDataJobProps) {
    super(scope, id);
    const { trino } = props;
    const script = props.statements.map((sql) => `${sql};`).join('\n');
    this.manifest = new eks.KubernetesManifest(this, 'Job', {
      cluster: trino.cluster,
      manifest: [{
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'trino-sample-data', namespace: trino.namespace, labels: { 'app.kubernetes.io/name': 'trino-sample-data' } },
        spec: {
          // The back-off doubles from 10 s up to 6 min: 12 tries cover the first start of nodes, metastore and Trino.
          backoffLimit: 12,
          ttlSecondsAfterFinished: Duration.days(1).toSeconds(),
          template: {
            metadata: { labels: { 'app.kubernetes.io/name': 'trino-sample-data' } },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{
                name: 'load',
                image: `trinodb/trino:${trino.configuration.version.imageTag}`,
                command: ['trino', '--server', trino.coordinatorUri, '--user', props.user, '--execute', script],
                resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              }],
            },
          },
        },
      }],
    });
    // After the chart: the namespace exists and the coordinator Service is being created.
    this.manifest.node.addDependency(trino.chart);
  }
}
