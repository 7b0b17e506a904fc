export * from './hive-metastore-service';
export * from './metastore-database';
export * from './metastore-image';
export { MetastoreClient } from './metastore-manifests';
export * from './warehouse-location';
