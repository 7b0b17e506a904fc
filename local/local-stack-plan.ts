import * as path from 'path';
import { Size } from 'aws-cdk-lib';
import { QUICKSTART_MAX_WORKERS, QUICKSTART_WAREHOUSE_BUCKET, QUICKSTART_WAREHOUSE_PREFIX, quickstartTrinoOptions } from './quickstart-settings';
import { metastoreSiteProperties, renderHadoopConfiguration } from '../src/metastore/metastore-site';
import { ObjectStorage, PropertiesFile, TrinoConfiguration, TrinoConfigurationOptions, TrinoRole } from '../src/trino';

/** Environment variables the processes get the emulator's keys in; files only reference them (`${ENV:NAME}`). */
export const S3_ACCESS_KEY_VARIABLE = 'LOCAL_S3_ACCESS_KEY';
export const S3_SECRET_KEY_VARIABLE = 'LOCAL_S3_SECRET_KEY';
/** The metastore's database password, referenced by metastore-site.xml as `${env.NAME}`. */
export const METASTORE_DB_PASSWORD_VARIABLE = 'METASTORE_DB_PASSWORD';
export const METASTORE_DB_NAME = 'metastore';
export const METASTORE_DB_USER = 'hive';
export const LOCAL_REGION = 'us-east-1';

/** The loopback ports of one run. */
export interface LocalStackPorts {
  readonly s3: number;
  readonly postgres: number;
  readonly metastore: number;
  readonly coordinator: number;
  /** One per worker. */
  readonly workers: number[];
}

/**
 * A workstation's share for each Trino process, as node sizes for the library's memory rule
 * (`systemReserved: 0`: the "node" is the memory given to that one process). 2 GiB of heap for the
 * coordinator and 3 GiB for each worker: 8 GiB of heap in all, room for the metastore, PostgreSQL and
 * the S3 emulator on a 16 GiB machine.
 */
export const LOCAL_NODES = {
  coordinatorNode: { nodeMemory: Size.gibibytes(4), nodeVcpus: 2, systemReserved: Size.mebibytes(0) },
  workerNode: { nodeMemory: Size.gibibytes(5), nodeVcpus: 2, systemReserved: Size.mebibytes(0) },
};

/**
 * The local disk each Trino process is given, a directory under its own part of the work directory standing in
 * for a worker's instance store: the LocalStorage rule sizes the file-system cache and spill from it exactly as
 * on EKS (reserve 10 + 6 GiB, then 10 GiB of spill for a 5 GiB worker and a 14 GiB cache), so the local stack
 * runs Trino with `fs.cache.*` in its object-storage catalogs and spill on. Trino only writes what queries read
 * or spill, a few GiB at most for the sample data.
 */
export const LOCAL_DISK = Size.gibibytes(40);

/** One Trino process of the local stack and the files it runs on. */
export interface LocalTrinoNode {
  /** `coordinator`, `worker-1`, … */
  readonly name: string;
  readonly role: TrinoRole;
  readonly httpPort: number;
  /** `--etc-dir` of the launcher: where `files` are written. */
  readonly configDirectory: string;
  /** `node.data-dir`. */
  readonly dataDirectory: string;
  /** Relative path → content, as TrinoConfiguration.files() renders them. */
  readonly files: Record<string, string>;
  /** The rendered configuration (for its graceful shutdown budget, memory, …). */
  readonly configuration: TrinoConfiguration;
}

/** Everything the local stack writes and starts, computed from the quickstart settings. */
export interface LocalStackPlan {
  readonly workDir: string;
  readonly ports: LocalStackPorts;
  readonly coordinatorUrl: string;
  readonly metastoreUri: string;
  readonly s3Endpoint: string;
  readonly warehouseBucket: string;
  readonly warehouseLocation: string;
  readonly nodes: LocalTrinoNode[];
  readonly metastoreConfigDirectory: string;
  /** `metastore-site.xml`, rendered by the metastore's renderer. */
  readonly metastoreSite: string;
}

/** What may differ from the quickstart in one run (the e2e tests vary settings on purpose). */
export interface LocalStackPlanOptions {
  readonly workDir: string;
  readonly ports: LocalStackPorts;
  /**
   * Changes the quickstart options before they are rendered (e.g. retry policy TASK with an exchange).
   *
   * @default - the quickstart as it is
   */
  readonly customize?: (options: TrinoConfigurationOptions) => TrinoConfigurationOptions;
  /**
   * Replaces a node's rendered files (the benchmark's stock-configuration baseline); gets the node as
   * the library rendered it.
   *
   * @default - the files as the library renders them
   */
  readonly rewriteFiles?: (node: LocalTrinoNode) => Record<string, string>;
}

/**
 * The local stack's plan: the quickstart's options with the endpoints swapped for loopback ones and
 * workstation-sized nodes, rendered by TrinoConfiguration for each process (each needs its own port,
 * configuration and data directory on one machine), and the metastore's site file. Pure: writes nothing.
 */
export function planLocalStack(options: LocalStackPlanOptions): LocalStackPlan {
  const { workDir, ports } = options;
  if (ports.workers.length !== QUICKSTART_MAX_WORKERS) {
    throw new Error(`planLocalStack: ports.workers (${ports.workers.length}) must give one port to each of the quickstart's ${QUICKSTART_MAX_WORKERS} workers`);
  }
  const s3Endpoint = `http://127.0.0.1:${ports.s3}`;
  const metastoreUri = `thrift://127.0.0.1:${ports.metastore}`;
  const coordinatorUrl = `http://127.0.0.1:${ports.coordinator}`;
  const objectStorage = ObjectStorage.localEmulator({
    endpoint: s3Endpoint,
    region: LOCAL_REGION,
    accessKey: `\${ENV:${S3_ACCESS_KEY_VARIABLE}}`,
    secretKey: `\${ENV:${S3_SECRET_KEY_VARIABLE}}`,
  });
  let trinoOptions: TrinoConfigurationOptions = {
    ...quickstartTrinoOptions({ objectStorage, metastoreUri, discoveryUri: coordinatorUrl }, LOCAL_NODES),
    localStorage: { diskSize: LOCAL_DISK },
  };
  if (options.customize) trinoOptions = options.customize(trinoOptions);

  const node = (name: string, role: TrinoRole, httpPort: number): LocalTrinoNode => {
    const configDirectory = path.join(workDir, 'trino', name, 'etc');
    const dataDirectory = path.join(workDir, 'trino', name, 'data');
    // Each process has its own "local disk" (on EKS, every node has its own at the same path).
    const localStorage = trinoOptions.localStorage ? { ...trinoOptions.localStorage, path: path.join(workDir, 'trino', name, 'local-disk') } : undefined;
    const configuration = new TrinoConfiguration({ ...trinoOptions, httpPort, configDirectory, dataDirectory, localStorage });
    const files = configuration.files(role);
    // Loopback, like every other endpoint here: without these a node binds every interface and
    // announces the machine's first address. A pod needs neither (its address is its own), and a
    // fixed node.id names the process in system.runtime.nodes.
    files['node.properties'] = PropertiesFile.render({
      ...configuration.nodeProperties(),
      'node.id': name,
      'node.bind-ip': '127.0.0.1',
      'node.internal-address': '127.0.0.1',
    });
    const rendered: LocalTrinoNode = { name, role, httpPort, configDirectory, dataDirectory, files, configuration };
    return options.rewriteFiles ? { ...rendered, files: options.rewriteFiles(rendered) } : rendered;
  };
  const nodes = [
    node('coordinator', TrinoRole.COORDINATOR, ports.coordinator),
    ...ports.workers.map((port, index) => node(`worker-${index + 1}`, TrinoRole.WORKER, port)),
  ];

  // Plus the Thrift bind address: the metastore listens on every interface by default (a pod's are its own).
  const metastoreSite = renderHadoopConfiguration({
    ...metastoreSiteProperties(
      {
        host: '127.0.0.1',
        port: ports.postgres,
        databaseName: METASTORE_DB_NAME,
        username: METASTORE_DB_USER,
        passwordEnvironmentVariable: METASTORE_DB_PASSWORD_VARIABLE,
        tls: false,
      },
      {
        warehouseDir: `s3a://${QUICKSTART_WAREHOUSE_BUCKET}/${QUICKSTART_WAREHOUSE_PREFIX}`,
        region: LOCAL_REGION,
        endpoint: s3Endpoint,
        pathStyleAccess: true,
      },
    ),
    'metastore.thrift.bind.host': '127.0.0.1',
  });

  return {
    workDir,
    ports,
    coordinatorUrl,
    metastoreUri,
    s3Endpoint,
    warehouseBucket: QUICKSTART_WAREHOUSE_BUCKET,
    warehouseLocation: `s3://${QUICKSTART_WAREHOUSE_BUCKET}/${QUICKSTART_WAREHOUSE_PREFIX}`,
    nodes,
    metastoreConfigDirectory: path.join(workDir, 'metastore', 'conf'),
    metastoreSite,
  };
}
