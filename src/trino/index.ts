// The public, jsii-compatible surface of Trino's configuration rendering. Internal helpers (the
// per-file renderers used by TrinoConfiguration) stay unexported.
export { TrinoVersion } from './trino-version';
export { PropertiesFile } from './properties-file';
export { TrinoMemory } from './memory-sizing';
export type { TrinoMemoryOptions } from './memory-sizing';
export { ObjectStorage } from './object-storage';
export type { LocalS3EmulatorOptions } from './object-storage';
export { CatalogAccess, SystemInformationAccess, TablePrivilege, TrinoAccessControl } from './access-control';
export type {
  CatalogAccessRule, FileAccessControlOptions, SchemaAccessRule, SystemInformationRule, TableAccessRule,
} from './access-control';
export { AuthenticationType, TrinoAuthentication } from './authentication';
export type { OAuth2AuthenticationOptions, PasswordAuthenticationOptions } from './authentication';
export { Catalog } from './catalog';
export { CatalogCredentials } from './catalog-credentials';
export type { ResolvedCatalogCredentials, SecretCredentialsOptions } from './catalog-credentials';
export type { DatabaseAccess, DatabaseCatalogOptions, GenericCatalogOptions, SingleDatabaseCatalogOptions } from './database-catalog';
export type {
  CatalogStorageAccess, LakehouseCatalogOptions, ThriftMetastoreCatalogOptions, GlueCatalogOptions,
} from './catalog';
export type { ExchangeLocation } from './exchange-manager';
export { GracefulShutdownBudget } from './graceful-shutdown';
export type { GracefulShutdownBudgetOptions, GracefulShutdownOptions, ShutdownRequest } from './graceful-shutdown';
export { TrinoRole, RetryPolicy } from './server-config';
export type { ScaleToZeroOptions, SpillOptions } from './server-config';
export { FileSystemCache, LocalStorage } from './local-storage';
export type { FileSystemCacheSizeOptions, LocalStorageOptions, LocalStorageNodeOptions } from './local-storage';
export { QueryType, ResourceGroupMemoryLimit, SchedulingPolicy } from './resource-groups';
export type { ResourceGroup, ResourceGroupSelector, ResourceGroupsOptions } from './resource-groups';
export type { UserGroup } from './user-groups';
export { TrinoConfiguration } from './trino-configuration';
export type { TrinoConfigurationOptions } from './trino-configuration';
