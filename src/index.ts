export * from './irsa-bucket-access';
export * from './metastore';
export * from './trino';
