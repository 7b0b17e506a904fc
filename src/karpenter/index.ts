export * from './requirements';
export * from './selector-term';
export * from './node-class';
export * from './karpenter-node-pool';
export * from './karpenter-controller';
export * from './interruption-queue';
export * from './trino-node-pools';
