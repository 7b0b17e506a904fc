import { RemovalPolicy } from 'aws-cdk-lib';
import { HiveMetastoreService } from '../metastore/hive-metastore-service';
import { WarehouseLocation } from '../metastore/warehouse-location';

/** The Hive Metastore TrinoOnEks creates. */
export interface CreatedMetastoreOptions {
  /** Where the metastore keeps managed tables. */
  readonly warehouse: WarehouseLocation;

  /**
   * What happens to the metastore's database, secret and KMS key when it leaves the stack. DESTROY takes effect only
   * with the context flag `cdk-trino-on-eks:allowDestroy=true`, and a synth warning says which happened.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The Hive Metastore Trino's catalogs use: none, one TrinoOnEks creates, or one that exists. */
export class TrinoMetastore {
  /** No metastore (catalogs on Glue, or TPC-H only). */
  public static none(): TrinoMetastore {
    return new TrinoMetastore(undefined, undefined);
  }

  /**
   * A Hive Metastore on private RDS PostgreSQL, in namespace `hive-metastore`, whose managed tables live in
   * `warehouse`; its Thrift URI is `TrinoOnEks.CREATED_METASTORE_URI`, and by default an Iceberg catalog uses it.
   */
  public static create(options: CreatedMetastoreOptions): TrinoMetastore {
    return new TrinoMetastore(options, undefined);
  }

  /** A metastore the app created with `HiveMetastoreService` (for example shared by several Trino clusters). */
  public static existing(metastore: HiveMetastoreService): TrinoMetastore {
    return new TrinoMetastore(undefined, metastore);
  }

  /** The created metastore's options, when TrinoOnEks creates one. */
  public readonly createOptions?: CreatedMetastoreOptions;
  /** The existing metastore, when there is one. */
  public readonly existingMetastore?: HiveMetastoreService;

  private constructor(createOptions: CreatedMetastoreOptions | undefined, existing: HiveMetastoreService | undefined) {
    this.createOptions = createOptions;
    this.existingMetastore = existing;
  }
}
