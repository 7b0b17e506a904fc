// The names TrinoOnEks gives what it deploys: shared by the resolver (which renders them into the chart values and
// the configuration) and the builder (which creates the objects they name).

/** The chart release, `fullnameOverride` and service account name. */
export const RELEASE = 'trino';
export const HTTP_PORT = 8080;
export const SHARED_SECRET_KEY = 'shared-secret';
export const SHARED_SECRET_NAME = 'trino-internal-shared-secret';
export const SECRET_PROVIDER_CLASS = 'trino-secrets';
export const COORDINATOR_SECRET_PROVIDER_CLASS = 'trino-coordinator-secrets';
export const OAUTH2_CLIENT_SECRET_NAME = 'trino-oauth2-client-secret';
export const OAUTH2_CLIENT_SECRET_KEY = 'client-secret';
/** The Kubernetes Secret with Trino's password file (key `password.db`, the chart's `auth.passwordAuthSecret`). */
export const PASSWORD_FILE_SECRET_NAME = 'trino-password-file';
export const PASSWORD_FILE_KEY = 'password.db';
export const COORDINATOR_POOL = 'trino-coordinator';
/**
 * What the name of every coordinator pod starts with: the chart's coordinator Deployment (`<fullname>-coordinator`,
 * templates/_helpers.tpl `trino.coordinator`), then its ReplicaSet's hash. Worker pods start with `trino-worker-`.
 */
export const COORDINATOR_POD_PREFIX = `${RELEASE}-coordinator-`;
export const WORKER_POOL = 'trino-workers';
/** The ConfigMap and TriggerAuthentication KEDA reads the coordinator's metrics with. */
export const KEDA_AUTHENTICATION = 'trino-keda-metrics';
/** The chart's selector labels of the release (templates/_helpers.tpl `trino.selectorLabels`; no nameOverride). */
export const CHART_SELECTOR_LABELS = { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': RELEASE };
/** The Thrift URI of the metastore TrinoOnEks creates. */
export const CREATED_METASTORE_SERVICE = 'hive-metastore.hive-metastore.svc.cluster.local';

/** The coordinator's address inside the cluster. */
export function coordinatorUri(namespace: string): string {
  return `http://${RELEASE}.${namespace}.svc.cluster.local:${HTTP_PORT}`;
}
