import { Size } from 'aws-cdk-lib';
import { TrinoAccessControl, accessControlFiles, matchesGroups } from './access-control';
import { AuthenticationType, PASSWORD_FILE, TRINO_USER_NAME, TrinoAuthentication, oauth2Properties, validatePasswordUsers } from './authentication';
import { Catalog, CatalogStorageAccess } from './catalog';
import { ExchangeLocation, ResolvedExchange, exchangeManagerProperties, resolveExchange } from './exchange-manager';
import { GRACEFUL_SHUTDOWN_RULES_FILE, GracefulShutdownBudget, GracefulShutdownOptions, gracefulShutdownRules } from './graceful-shutdown';
import { jvmOptions } from './jvm-config';
import { LocalStorage, LocalStorageOptions } from './local-storage';
import { TrinoMemory, TrinoMemoryOptions } from './memory-sizing';
import { nodeProperties, validateAbsolutePath, validateEnvironment } from './node-properties';
import { ObjectStorage } from './object-storage';
import { ResourceGroupsOptions, resourceGroupsFiles, validateResourceGroups } from './resource-groups';
import { RoleFiles, renderRoleFiles } from './role-files';
import {
  ResolvedScaleToZero, ResolvedSpill, RetryPolicy, ScaleToZeroOptions, SpillOptions, TrinoRole,
  resolveScaleToZero, resolveSpill, serverConfigProperties,
} from './server-config';
import { TrinoVersion } from './trino-version';
import { UserGroup, groupProviderFiles, validateUserGroups } from './user-groups';
import { describeMebibytes } from '../private/units';
import { isUnresolved, propError, validateTcpPort, validateWholeNumber } from '../private/validation';

const CONSTRUCT = 'TrinoConfiguration';
const DISCOVERY_URI = /^https?:\/\/[A-Za-z0-9.-]+:\d{1,5}$/;
const ENVIRONMENT_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Everything Trino's configuration files are rendered from. */
export interface TrinoConfigurationOptions {
  /**
   * The Trino release the files are for (property names differ between releases).
   *
   * @default TrinoVersion.LATEST
   */
  readonly version?: TrinoVersion;

  /**
   * `node.environment`, the same on every node of the cluster.
   *
   * @default 'production'
   */
  readonly environment?: string;

  /**
   * Trino's configuration directory, where these files are placed (the access-control file is referenced
   * by its absolute path).
   *
   * @default '/etc/trino' (the official image and chart)
   */
  readonly configDirectory?: string;

  /**
   * `node.data-dir`.
   *
   * @default '/data/trino' (the official chart)
   */
  readonly dataDirectory?: string;

  /**
   * The HTTP port of every node.
   *
   * @default 8080
   */
  readonly httpPort?: number;

  /** `discovery.uri`: the coordinator's URI as the workers reach it, e.g. `http://trino:8080`. */
  readonly discoveryUri: string;

  /**
   * The environment variable that holds `internal-communication.shared-secret` at run time; the files
   * only reference it as `${ENV:NAME}`, and every Trino process must have it set.
   *
   * @default 'TRINO_INTERNAL_SHARED_SECRET'
   */
  readonly sharedSecretEnvironmentVariable?: string;

  /** The node the coordinator runs on, for its memory. */
  readonly coordinatorNode: TrinoMemoryOptions;

  /** The node each worker runs on, for its memory. */
  readonly workerNode: TrinoMemoryOptions;

  /** The most workers the cluster runs, for `query.max-memory` (at least 1, also when it scales to zero). */
  readonly maxWorkers: number;

  /**
   * The catalogs (`catalog/<name>.properties`), with unique names.
   *
   * @default - no catalogs
   */
  readonly catalogs?: Catalog[];

  /**
   * Where S3 requests go; required by Delta Lake, Hive and Iceberg catalogs and by an exchange location.
   *
   * @default - none
   */
  readonly objectStorage?: ObjectStorage;

  /**
   * `retry-policy`: what is retried on failure. TASK needs an exchange location.
   *
   * @default RetryPolicy.NONE
   */
  readonly retryPolicy?: RetryPolicy;

  /**
   * Where fault-tolerant execution spools data (`exchange-manager.properties` on every node).
   *
   * @default - no exchange manager
   */
  readonly exchange?: ExchangeLocation;

  /**
   * Graceful worker shutdown: `shutdown.grace-period`, the preStop request, the access rule it needs and the
   * pod's termination grace period. Pass `{}` for the defaults.
   *
   * @default - workers stop at once
   */
  readonly gracefulShutdown?: GracefulShutdownOptions;

  /**
   * Lets queries wait for workers when the cluster runs none.
   *
   * @default - queries do not wait for workers
   */
  readonly scaleToZero?: ScaleToZeroOptions;

  /**
   * Spill to local disk.
   *
   * @default - no spill
   */
  readonly spill?: SpillOptions;

  /**
   * The workers' local disk (instance store): Trino's file-system cache for the object-storage catalogs and
   * spill, sized from the disk and the worker's memory by the LocalStorage rule. An explicit `spill` replaces
   * the rule's spill.
   *
   * @default - no local disk: no file-system cache, and spill only with `spill`
   */
  readonly localStorage?: LocalStorageOptions;

  /**
   * Where the JVM writes a heap dump on OutOfMemoryError (a volume large enough for the heap).
   *
   * @default - the JVM's working directory
   */
  readonly heapDumpPath?: string;

  /**
   * How clients authenticate to the coordinator. PASSWORD renders `http-server.authentication.type=PASSWORD` and
   * `password-authenticator.properties` (the file authenticator, reading `<configDirectory>/auth/password/password.db`,
   * which the runtime provides), and needs `processForwarded`: Trino takes passwords only over HTTPS. OAUTH2 renders
   * the `http-server.authentication.oauth2.*` properties, with the client secret read from the environment variable
   * `TRINO_OAUTH2_CLIENT_SECRET` (which the runtime provides), and also needs `processForwarded`.
   *
   * @default TrinoAuthentication.none()
   */
  readonly authentication?: TrinoAuthentication;

  /**
   * The coordinator is reached through a TLS-terminating load balancer or proxy and trusts its `X-Forwarded-*`
   * headers (`http-server.process-forwarded=true`): a request forwarded from HTTPS counts as secure.
   *
   * @default false
   */
  readonly processForwarded?: boolean;

  /**
   * Who may do what: `TrinoAccessControl.fileBased({...})` renders the coordinator's `access-control.properties`
   * and `access-control/rules.json` (Trino's file access control). Workers keep only the graceful shutdown rule.
   *
   * @default TrinoAccessControl.allowAll()
   */
  readonly accessControl?: TrinoAccessControl;

  /**
   * The user the deployment itself reads the coordinator's management endpoints as (KEDA reading `/metrics` over the
   * in-cluster HTTP port). With file access control it is given read access to system information ahead of the rules.
   * With client authentication, Trino refuses unauthenticated HTTP requests (behind a TLS proxy it turns
   * `http-server.authentication.allow-insecure-over-http` off), so the coordinator gets `management.user`: management
   * requests over plain HTTP act as this user (queries over HTTP stay refused; HTTPS requests still authenticate).
   * It only reads: checked on a real 476 coordinator with OAUTH2 and TrinoAccessControl.allowAll(), `GET /metrics` and
   * `GET /v1/info/state` as this user over plain HTTP answer 200, `PUT /v1/info/state` answers 403 "Management only
   * resource", so the write access allowAll() grants every user is not reachable through it.
   *
   * @default - none
   */
  readonly managementUser?: string;

  /**
   * Render `management.user` even without client authentication, so that management reads over plain HTTP that name no
   * user act as `managementUser`: for a scraper that cannot send a user name (the Amazon Managed Service for Prometheus
   * collector reading `/metrics`). Checked on a real 483 coordinator: `GET /metrics` with no user answers 200, and a
   * management request that names another user is refused (403 "Management only resource"), so every deployment client
   * of management endpoints (KEDA) must send `managementUser`. Coordinator only, as `management.user` always is.
   *
   * @default false
   */
  readonly anonymousManagementReads?: boolean;

  /**
   * Resource groups: limits on concurrent, queued and memory use per group of queries, and the selectors (by user,
   * group, source, statement kind, client tags) that put each query in a group. Renders the coordinator's
   * `resource-groups.properties` (the file manager) and `resource-groups/resource-groups.json`. A query no selector
   * matches is refused.
   *
   * @default - no resource groups: every query runs at once, none is queued or refused
   */
  readonly resourceGroups?: ResourceGroupsOptions;

  /**
   * Groups of users for access rules (`group`) and resource group selectors (`userGroup`): the coordinator's
   * `group-provider.properties` (Trino's file group provider) and its group file `groups.txt`.
   *
   * @default - no groups: users belong to none
   */
  readonly groups?: UserGroup[];
}

/**
 * Trino's configuration files, rendered from typed options for one Trino release: the same files the
 * EKS Helm values are made of and the local stack writes to disk.
 *
 * The constructor validates everything and resolves the model (memory sizes, the shutdown budget, the
 * storage to grant); `files(role)` renders. Pure and deterministic: no construct scope, no tokens needed.
 */
export class TrinoConfiguration {
  /** The Trino release. */
  public readonly version: TrinoVersion;
  /** `node.environment`. */
  public readonly environment: string;
  /** Trino's configuration directory. */
  public readonly configDirectory: string;
  /** `node.data-dir`. */
  public readonly dataDirectory: string;
  /** The HTTP port of every node. */
  public readonly httpPort: number;
  /** The environment variable every process must carry the shared secret in. */
  public readonly sharedSecretEnvironmentVariable: string;
  /** The coordinator's memory and CPU. */
  public readonly coordinatorMemory: TrinoMemory;
  /** Each worker's memory and CPU. */
  public readonly workerMemory: TrinoMemory;
  /** `query.max-memory`. */
  public readonly queryMaxMemory: Size;
  /** The most workers the cluster runs (what `query.max-memory` is sized for). */
  public readonly maxWorkers: number;
  /** Queries wait for workers when none runs (`query-manager.required-workers`): the cluster may scale its workers to zero. */
  public readonly queriesWaitForWorkers: boolean;
  /** The workers' spill directories (`spiller-spill-path`), when spill is on. */
  public readonly spillPaths: string[];
  /** The catalogs. */
  public readonly catalogs: Catalog[];
  /** `retry-policy`. */
  public readonly retryPolicy: RetryPolicy;
  /** The graceful shutdown budget, when graceful shutdown is on. */
  public readonly gracefulShutdown?: GracefulShutdownBudget;
  /**
   * Every S3 location Trino reads or writes: each catalog's, then the exchange location (read-write).
   * What the service account Trino runs as must be granted, and nothing more.
   */
  public readonly storageAccess: CatalogStorageAccess[];
  /** How the workers use their local disk, when they have one. */
  public readonly localStorage?: LocalStorage;
  /** Things that work but deserve a second look (e.g. an exchange location nothing uses). */
  public readonly warnings: string[];
  /** How clients authenticate to the coordinator. */
  public readonly authentication: TrinoAuthentication;
  /** The password file Trino reads (absolute), when password authentication is on. */
  public readonly passwordFile?: string;
  /** The coordinator trusts a load balancer's forwarded headers. */
  public readonly processForwarded: boolean;
  /** With OAuth 2.0 authentication: the coordinator's `http-server.authentication.oauth2.*` properties (the secret as `${ENV:...}`). */
  public readonly oauth2Properties?: Record<string, string>;
  /** Who may do what on the coordinator. */
  public readonly accessControl: TrinoAccessControl;
  /** The user in-cluster management requests act as, when there is one. */
  public readonly managementUser?: string;
  /** Whether `management.user` is rendered without client authentication too (a scraper that sends no user). */
  public readonly anonymousManagementReads: boolean;
  /** The resource groups, when there are any. */
  public readonly resourceGroups?: ResourceGroupsOptions;
  /** The groups of users the coordinator's group provider knows. */
  public readonly groups: UserGroup[];

  private readonly discoveryUri: string;
  private readonly objectStorage?: ObjectStorage;
  private readonly exchange?: ResolvedExchange;
  private readonly scaleToZero?: ResolvedScaleToZero;
  private readonly spill?: ResolvedSpill;
  private readonly heapDumpPath?: string;

  constructor(options: TrinoConfigurationOptions) {
    this.version = options.version ?? TrinoVersion.LATEST;
    this.environment = options.environment ?? 'production';
    validateEnvironment(CONSTRUCT, 'environment', this.environment);
    this.configDirectory = (options.configDirectory ?? '/etc/trino').replace(/\/+$/, '') || '/';
    validateAbsolutePath(CONSTRUCT, 'configDirectory', this.configDirectory);
    this.dataDirectory = options.dataDirectory ?? '/data/trino';
    validateAbsolutePath(CONSTRUCT, 'dataDirectory', this.dataDirectory);
    this.httpPort = options.httpPort ?? 8080;
    validateTcpPort(CONSTRUCT, 'httpPort', this.httpPort);
    if (!isUnresolved(options.discoveryUri) && !DISCOVERY_URI.test(options.discoveryUri)) {
      throw propError(CONSTRUCT, 'discoveryUri', options.discoveryUri,
        'must be http(s)://<coordinator host>:<port>, e.g. "http://trino:8080"');
    }
    this.discoveryUri = options.discoveryUri;
    this.sharedSecretEnvironmentVariable = options.sharedSecretEnvironmentVariable ?? 'TRINO_INTERNAL_SHARED_SECRET';
    if (!ENVIRONMENT_VARIABLE.test(this.sharedSecretEnvironmentVariable)) {
      throw propError(CONSTRUCT, 'sharedSecretEnvironmentVariable', this.sharedSecretEnvironmentVariable,
        'must be the name of an environment variable (letters, digits and "_", not starting with a digit), never the secret itself');
    }

    this.coordinatorMemory = TrinoMemory._compute(options.coordinatorNode, CONSTRUCT, 'coordinatorNode.');
    this.workerMemory = TrinoMemory._compute(options.workerNode, CONSTRUCT, 'workerNode.');
    validateWholeNumber(CONSTRUCT, 'maxWorkers', options.maxWorkers, 1, ': query.max-memory is sized for the most workers the cluster runs, even when it scales to zero');
    this.maxWorkers = options.maxWorkers;
    this.queryMaxMemory = this.workerMemory.queryMaxMemory(options.maxWorkers);

    this.catalogs = [...(options.catalogs ?? [])];
    Catalog.checkNames(this.catalogs);
    this.objectStorage = options.objectStorage;
    this.retryPolicy = options.retryPolicy ?? RetryPolicy.NONE;
    this.exchange = options.exchange ? resolveExchange(options.exchange, CONSTRUCT, 'exchange') : undefined;
    const needsStorage = this.catalogs.filter((catalog) => catalog.storageAccess.length > 0).map((catalog) => catalog.name);
    if (!this.objectStorage && (needsStorage.length > 0 || this.exchange)) {
      throw propError(CONSTRUCT, 'objectStorage', undefined,
        `is required by ${needsStorage.length > 0 ? `the catalogs ${needsStorage.map((n) => `"${n}"`).join(', ')}` : 'the exchange location'}: ` +
        'pass ObjectStorage.aws(region) or ObjectStorage.localEmulator(...)');
    }
    if (this.retryPolicy === RetryPolicy.TASK && !this.exchange) {
      throw propError(CONSTRUCT, 'retryPolicy', this.retryPolicy,
        'needs an exchange location: task retries read the output of finished tasks from the exchange (set exchange)');
    }
    this.warnings = [];
    if (this.exchange && this.retryPolicy === RetryPolicy.NONE) {
      this.warnings.push(`${CONSTRUCT}: exchange is set but retryPolicy is NONE, so nothing is spooled to ${this.exchange.baseDirectory}; ` +
        'set retryPolicy to TASK or QUERY, or remove exchange');
    }

    if (options.gracefulShutdown) {
      // The preStop request goes to the worker's own port.
      this.gracefulShutdown = GracefulShutdownBudget.compute({ ...options.gracefulShutdown, httpPort: this.httpPort });
    }
    this.scaleToZero = options.scaleToZero ? resolveScaleToZero(options.scaleToZero, CONSTRUCT) : undefined;
    this.queriesWaitForWorkers = this.scaleToZero !== undefined;
    if (options.localStorage) {
      this.localStorage = LocalStorage._compute({ ...options.localStorage, nodeMemory: this.workerMemory.nodeMemory }, CONSTRUCT, 'localStorage.');
      this.checkCacheIndex(this.localStorage);
      if (this.localStorage.cacheEnabled && !this.catalogs.some((catalog) => catalog.supportsFileSystemCache)) {
        this.warnings.push(`${CONSTRUCT}: the file-system cache is on (localStorage.fileSystemCache) but no catalog reads object storage; ` +
          'it caches nothing');
      }
    }
    const diskSpill = this.localStorage?.spillPath !== undefined ? {
      path: this.localStorage.spillPath,
      maxPerNode: this.localStorage.maxSpillPerNode,
      maxPerQueryPerNode: this.localStorage.maxSpillPerQueryPerNode,
    } : undefined;
    const spill = options.spill ?? diskSpill;
    this.spill = spill ? resolveSpill(spill, CONSTRUCT) : undefined;
    this.spillPaths = this.spill ? this.spill.path.split(',').map((p) => p.trim()) : [];
    this.heapDumpPath = options.heapDumpPath;
    jvmOptions(this.version, this.coordinatorMemory.xmxOption, this.heapDumpPath); // validates heapDumpPath

    this.authentication = options.authentication ?? TrinoAuthentication.none();
    this.processForwarded = options.processForwarded ?? false;
    const authenticationType = this.authentication.type;
    if (authenticationType === AuthenticationType.PASSWORD) {
      validatePasswordUsers(CONSTRUCT, 'authentication.users', this.authentication.users);
      this.passwordFile = `${this.configDirectory === '/' ? '' : this.configDirectory}/${PASSWORD_FILE}`;
    }
    if (authenticationType === AuthenticationType.OAUTH2) {
      this.oauth2Properties = oauth2Properties(CONSTRUCT, 'authentication.oauth2', this.authentication.oauth2Options!);
    }
    if (authenticationType !== AuthenticationType.NONE && !this.processForwarded) {
      const httpsOnly = authenticationType === AuthenticationType.PASSWORD ? 'Trino accepts passwords only over HTTPS' : 'Trino signs users in only over HTTPS';
      throw propError(CONSTRUCT, 'processForwarded', this.processForwarded,
        `must be true with ${authenticationType} authentication: ${httpsOnly}, which the coordinator gets from a ` +
        'TLS-terminating load balancer through its forwarded headers');
    }

    this.accessControl = options.accessControl ?? TrinoAccessControl.allowAll();
    this.managementUser = options.managementUser;
    this.anonymousManagementReads = options.anonymousManagementReads ?? false;
    if (this.anonymousManagementReads && this.managementUser === undefined) {
      throw propError(CONSTRUCT, 'anonymousManagementReads', true, 'needs managementUser: anonymous management reads act as that user');
    }
    if (this.managementUser !== undefined && !TRINO_USER_NAME.test(this.managementUser)) {
      throw propError(CONSTRUCT, 'managementUser', this.managementUser, 'must be a Trino user name: 1 to 63 letters, digits, ".", "_", "-" or "@"');
    }

    this.resourceGroups = options.resourceGroups;
    if (this.resourceGroups) validateResourceGroups(this.resourceGroups);
    this.groups = [...(options.groups ?? [])];
    validateUserGroups(this.groups);
    const groupUsers = [
      ...(matchesGroups(this.accessControl) ? ['accessControl rules'] : []),
      ...(this.resourceGroups?.selectors.some((s) => s.userGroup !== undefined) ? ['resourceGroups selectors'] : []),
    ];
    if (groupUsers.length > 0 && this.groups.length === 0) {
      this.warnings.push(`${CONSTRUCT}: ${groupUsers.join(' and ')} match users by group, but groups is empty, so no user belongs to any ` +
        'group (unless another group provider is installed); set groups');
    }

    this.storageAccess = [
      ...this.catalogs.flatMap((catalog) => catalog.storageAccess),
      ...(this.exchange ? [this.exchange.storageAccess] : []),
    ];
  }

  /** The properties of `config.properties` for a role. */
  public configProperties(role: TrinoRole): Record<string, string> {
    return serverConfigProperties({
      role,
      httpPort: this.httpPort,
      discoveryUri: this.discoveryUri,
      memory: this.memory(role),
      queryMaxMemory: this.queryMaxMemory,
      sharedSecretEnvironmentVariable: this.sharedSecretEnvironmentVariable,
      retryPolicy: this.retryPolicy,
      gracefulShutdown: this.gracefulShutdown,
      scaleToZero: this.scaleToZero,
      spill: this.spill,
      authenticationType: this.authentication.type === AuthenticationType.NONE ? undefined : this.authentication.type,
      oauth2Properties: this.oauth2Properties,
      processForwarded: this.processForwarded,
      managementUser: this.authentication.type === AuthenticationType.NONE && !this.anonymousManagementReads ? undefined : this.managementUser,
    });
  }

  /** The lines of `jvm.config` for a role (without the comment line). */
  public jvmOptions(role: TrinoRole): string[] {
    return jvmOptions(this.version, this.memory(role).xmxOption, this.heapDumpPath);
  }

  /** The properties of `node.properties` (the same for both roles; `node.id` is the runtime's). */
  public nodeProperties(): Record<string, string> {
    return nodeProperties(this.environment, this.dataDirectory);
  }

  /** The properties of `exchange-manager.properties`, when an exchange location is set. */
  public exchangeManagerProperties(): Record<string, string> | undefined {
    return this.exchange && this.objectStorage ? exchangeManagerProperties(this.exchange, this.objectStorage) : undefined;
  }

  /**
   * Every file of a role, by path relative to the configuration directory: `config.properties`,
   * `jvm.config`, `node.properties`, `catalog/<name>.properties`, `exchange-manager.properties` (with an
   * exchange location), on workers with graceful shutdown `access-control.properties` and
   * `access-control/graceful-shutdown-rules.json`, on the coordinator with password authentication
   * `password-authenticator.properties` (the password file itself holds secrets: the runtime provides it), and on the
   * coordinator with file access control `access-control.properties` and `access-control/rules.json`.
   */
  public files(role: TrinoRole): Record<string, string> {
    return renderRoleFiles(this._roleFiles(role));
  }

  /**
   * The files of a role as data (properties maps, JVM options, documents): what `files(role)` writes out, and what
   * the chart values are mapped from.
   *
   * @internal
   */
  public _roleFiles(role: TrinoRole): RoleFiles {
    const properties: Record<string, Record<string, string>> = {
      'config.properties': this.configProperties(role),
      'node.properties': this.nodeProperties(),
    };
    const documents: Record<string, string> = {};
    for (const catalog of this.catalogs) {
      properties[catalog.fileName] = this.catalogProperties(catalog);
    }
    const exchange = this.exchangeManagerProperties();
    if (exchange) {
      properties['exchange-manager.properties'] = exchange;
    }
    if (role === TrinoRole.WORKER && this.gracefulShutdown) {
      properties['access-control.properties'] = {
        'access-control.name': 'file',
        'security.config-file': `${this.configDirectory === '/' ? '' : this.configDirectory}/${GRACEFUL_SHUTDOWN_RULES_FILE}`,
      };
      documents[GRACEFUL_SHUTDOWN_RULES_FILE] = gracefulShutdownRules();
    }
    if (role === TrinoRole.COORDINATOR) {
      const accessControl = accessControlFiles(this.configDirectory, this.accessControl,
        this.managementUser !== undefined ? [this.managementUser] : []);
      Object.assign(properties, accessControl.properties);
      Object.assign(documents, accessControl.documents);
      for (const files of [resourceGroupsFiles(this.configDirectory, this.resourceGroups), groupProviderFiles(this.configDirectory, this.groups)]) {
        Object.assign(properties, files.properties);
        Object.assign(documents, files.documents);
      }
    }
    if (role === TrinoRole.COORDINATOR && this.passwordFile !== undefined) {
      properties['password-authenticator.properties'] = {
        'password-authenticator.name': 'file',
        'file.password-file': this.passwordFile,
      };
    }
    return { properties, jvmOptions: this.jvmOptions(role), documents };
  }

  /**
   * A catalog's properties: the catalog's own, plus the file-system cache's for object-storage catalogs when
   * the cache is on (the same on every node: the chart renders one catalog file for all).
   */
  public catalogProperties(catalog: Catalog): Record<string, string> {
    const own = catalog.properties(this.version, this.objectStorage);
    const cache = catalog.supportsFileSystemCache ? this.localStorage?.catalogProperties ?? {} : {};
    for (const key of Object.keys(cache)) {
      if (key in own) {
        throw propError(CONSTRUCT, 'localStorage.fileSystemCache', key,
          `is rendered for catalog "${catalog.name}" by the file-system cache; remove it from the catalog's additionalProperties`);
      }
    }
    return { ...own, ...cache };
  }

  /** The cache's page index lives on the heap, outside Trino's memory pools: it must fit well inside the headroom. */
  private checkCacheIndex(storage: LocalStorage): void {
    const index = storage.cacheIndexHeap.toMebibytes();
    const allowed = Math.floor(this.workerMemory.heapHeadroom.toMebibytes() * 0.05);
    if (storage.cacheEnabled && index > allowed) {
      throw propError(CONSTRUCT, 'localStorage.fileSystemCache', `${describeMebibytes(storage.cacheMaxSize!.toMebibytes())} cache`,
        `needs about ${describeMebibytes(index)} of heap for its page index, more than 5% of the worker's heap headroom ` +
        `(${describeMebibytes(this.workerMemory.heapHeadroom.toMebibytes())}); use FileSystemCache.of() with a smaller maxSize or a worker with more memory`);
    }
  }

  private memory(role: TrinoRole): TrinoMemory {
    return role === TrinoRole.COORDINATOR ? this.coordinatorMemory : this.workerMemory;
  }
}
