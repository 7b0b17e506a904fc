export * from './bucket-grant';
export * from './irsa-bucket-access';
