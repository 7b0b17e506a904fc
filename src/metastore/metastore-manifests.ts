import { createHash } from 'crypto';
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
  /** With IAM database authentication: the one-shot Job that creates the metastore's database user. */
  readonly bootstrap?: DatabaseUserBootstrap;
}

/** The Job that creates the IAM database user, as the master user. @internal */
export interface DatabaseUserBootstrap {
  /** Its own service account: the only one that can read the master secret. */
  readonly serviceAccountName: string;
  /** metastore-site.xml with the master user's connection (its secret read by the JDBC wrapper). */
  readonly siteXml: string;
  /** The database user to create and grant `rds_iam`. */
  readonly iamUser: string;
}

/** Entrypoint argument of the image that runs the database user bootstrap instead of the metastore. */
export const BOOTSTRAP_IAM_USER_MODE = 'bootstrap-iam-user';
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
  const bootstrap = w.bootstrap ? bootstrapObjects(w, w.bootstrap) : [];
  return [
    ...bootstrap,
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

/** Pod settings shared by the metastore and the bootstrap Job: non-root, read-only, no privileges. */
function podSecurityContext() {
  return {
    runAsNonRoot: true,
    runAsUser: METASTORE_UID,
    runAsGroup: METASTORE_UID,
    fsGroup: METASTORE_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/**
 * The ConfigMap and Job of the database user bootstrap. The Job's name carries a hash of its
 * spec: a Job's pod template is immutable, so a changed one is a new Job (the old one is pruned).
 */
function bootstrapObjects(w: MetastoreWorkload, b: DatabaseUserBootstrap): any[] {
  const name = `${w.name}-db-bootstrap`;
  // Not the metastore's name label: the Service, PDB and NetworkPolicy must not select this pod.
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'metastore-db-bootstrap', 'app.kubernetes.io/part-of': 'trino' };
  const spec = {
    backoffLimit: 6,
    template: {
      metadata: { labels },
      spec: {
        serviceAccountName: b.serviceAccountName,
        restartPolicy: 'OnFailure',
        securityContext: podSecurityContext(),
        ...(w.architecture ? { nodeSelector: { 'kubernetes.io/arch': w.architecture } } : {}),
        containers: [{
          name: 'bootstrap',
          image: w.image,
          args: [BOOTSTRAP_IAM_USER_MODE],
          env: [
            { name: 'METASTORE_CONF_DIR', value: METASTORE_CONF_DIR },
            { name: 'METASTORE_IAM_USER', value: b.iamUser },
          ],
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' } },
          securityContext: CONTAINER_SECURITY_CONTEXT,
          volumeMounts: [
            { name: 'config', mountPath: METASTORE_CONF_DIR, readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        }],
        volumes: [
          { name: 'config', configMap: { name } },
          { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
        ],
      },
    },
  };
  const hash = createHash('sha256').update(JSON.stringify([spec, b.siteXml])).digest('hex').slice(0, 8);
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: w.namespace, labels }, data: { 'metastore-site.xml': b.siteXml } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `${name}-${hash}`, namespace: w.namespace, labels }, spec },
    {
      // The Job only connects out; nothing may connect to it.
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: w.namespace, labels },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': name } }, policyTypes: ['Ingress'] },
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
          securityContext: podSecurityContext(),
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
            securityContext: CONTAINER_SECURITY_CONTEXT,
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
