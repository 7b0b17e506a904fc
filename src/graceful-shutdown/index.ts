export * from './graceful-shutdown-workers';
