import { MetastoreClient } from './metastore-client';
import { METASTORE_THRIFT_PORT } from './metastore-site';

/** Everything the Kubernetes objects are rendered from. @internal */
export interface MetastoreWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly architecture?: string;
  readonly replicas: number;
  readonly cpu: string;
  readonly memoryMebibytes: number;
  readonly serviceAccountName: string;
  readonly siteXml: string;
  readonly clients: MetastoreClient[];
}

/** Where the image reads its configuration (the ConfigMap is mounted there). */
export const METASTORE_CONF_DIR = '/etc/hive-metastore';
/** UID of the image's non-root user. */
export const METASTORE_UID = 10001;

/**
 * The Kubernetes objects of the metastore: ConfigMap, Deployment, Service, PodDisruptionBudget and
 * NetworkPolicy. Pure: typed objects, no tokens needed except those in the inputs.
 */
export function metastoreManifests(w: MetastoreWorkload): any[] {
  const labels = { 'app.kubernetes.io/name': w.name, 'app.kubernetes.io/component': 'metastore', 'app.kubernetes.io/part-of': 'trino' };
  const selector = { 'app.kubernetes.io/name': w.name };
  const metadata = (name: string) => ({ name, namespace: w.namespace, labels });
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(`${w.name}-config`),
      data: { 'metastore-site.xml': w.siteXml },
    },
    deployment(w, labels, selector, metadata(w.name)),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(w.name),
      spec: { selector, ports: [{ name: 'thrift', port: METASTORE_THRIFT_PORT, targetPort: 'thrift', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: metadata(w.name),
      // One pod at a time: with two or more replicas the metastore stays up through node drains.
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(w.name),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [{
          from: w.clients.map((client) => ({
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': client.namespace } },
            ...(client.podLabels ? { podSelector: { matchLabels: client.podLabels } } : {}),
          })),
          ports: [{ protocol: 'TCP', port: METASTORE_THRIFT_PORT }],
        }],
      },
    },
  ];
}

function deployment(w: MetastoreWorkload, labels: Record<string, string>, selector: Record<string, string>, metadata: any): any {
  const thriftProbe = { tcpSocket: { port: 'thrift' }, periodSeconds: 10, timeoutSeconds: 5 };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: w.serviceAccountName,
          automountServiceAccountToken: true,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: METASTORE_UID,
            runAsGroup: METASTORE_UID,
            fsGroup: METASTORE_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          ...(w.architecture ? { nodeSelector: { 'kubernetes.io/arch': w.architecture } } : {}),
          // Replicas in different zones, so one zone's outage leaves the metastore up.
          topologySpreadConstraints: [{
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: selector },
          }],
          containers: [{
            name: 'metastore',
            image: w.image,
            ports: [{ name: 'thrift', containerPort: METASTORE_THRIFT_PORT, protocol: 'TCP' }],
            env: [
              { name: 'METASTORE_CONF_DIR', value: METASTORE_CONF_DIR },
              // The heap follows the container's memory limit, leaving room for metaspace and threads.
              { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError' },
            ],
            resources: {
              requests: { cpu: w.cpu, memory: `${w.memoryMebibytes}Mi` },
              limits: { memory: `${w.memoryMebibytes}Mi` },
            },
            // The first start may create the schema: allow it five minutes before liveness applies.
            startupProbe: { ...thriftProbe, failureThreshold: 30 },
            readinessProbe: { ...thriftProbe, failureThreshold: 3 },
            livenessProbe: { ...thriftProbe, failureThreshold: 6 },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
            volumeMounts: [
              { name: 'config', mountPath: METASTORE_CONF_DIR, readOnly: true },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          }],
          volumes: [
            { name: 'config', configMap: { name: `${w.name}-config` } },
            { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
          ],
        },
      },
    },
  };
}
