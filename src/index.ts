export * from './irsa-bucket-access';
export * from './metastore';
export * from './trino';
export * from './karpenter';
export * from './trino-on-eks';
export * from './graceful-shutdown';
