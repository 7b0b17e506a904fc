// The engines of the local stack and of the metastore's real-engine test, each started into a ProcessSet.
export * from './metastore';
export * from './moto';
export * from './postgres';
export * from './run';
