export * from './hive-metastore-service';
export * from './metastore-backup';
export * from './metastore-database';
export * from './metastore-image';
export * from './metastore-client';
export * from './warehouse-location';
