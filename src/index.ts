export * from './irsa-bucket-access';
