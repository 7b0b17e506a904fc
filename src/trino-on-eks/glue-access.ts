import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BucketAccess } from '../irsa-bucket-access/bucket-grant';
import { acknowledgeFinding, flattenReference } from '../private/nag-acknowledgements';
import { Catalog } from '../trino/catalog';

/**
 * What Trino's Hive, Iceberg and Delta Lake connectors call on the AWS Glue Data Catalog to read metadata
 * (object-storage/metastores.html "AWS Glue catalog"): databases, tables, partitions and their statistics.
 */
export const GLUE_READ_ACTIONS: readonly string[] = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetTableVersions',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
  'glue:GetColumnStatisticsForTable',
  'glue:GetColumnStatisticsForPartition',
];

/** What writing catalogs add: CREATE/DROP SCHEMA and TABLE, INSERT (partitions), ANALYZE (statistics), Iceberg commits (UpdateTable). */
export const GLUE_WRITE_ACTIONS: readonly string[] = [
  'glue:CreateDatabase',
  'glue:UpdateDatabase',
  'glue:DeleteDatabase',
  'glue:CreateTable',
  'glue:UpdateTable',
  'glue:DeleteTable',
  'glue:CreatePartition',
  'glue:BatchCreatePartition',
  'glue:UpdatePartition',
  'glue:BatchUpdatePartition',
  'glue:DeletePartition',
  'glue:BatchDeletePartition',
  'glue:UpdateColumnStatisticsForTable',
  'glue:DeleteColumnStatisticsForTable',
  'glue:UpdateColumnStatisticsForPartition',
  'glue:DeleteColumnStatisticsForPartition',
];

/**
 * The Glue permissions of the catalogs that use the AWS Glue Data Catalog: for each Glue catalog (region,
 * account), read actions, plus write actions when any of the catalog's storage locations is READ_WRITE (a
 * catalog that may only read its data has no business changing its tables either). Resources are that
 * Data Catalog's ARNs only (`catalog`, every `database/…` and every `table/…/…`): a Trino catalog spans every database of
 * the Glue catalog, which Trino lists itself, so databases cannot be named more narrowly here. Catalogs on
 * the same Glue catalog with the same access share one statement. Pure: no construct scope.
 *
 * @param catalogs the Trino catalogs (those without `glueRegion` are skipped)
 * @param account the account whose Data Catalog is used when a catalog names no `glueCatalogId`
 * @param partition the AWS partition, e.g. `aws`
 */
export function glueCatalogStatements(catalogs: Catalog[], account: string, partition: string): iam.PolicyStatement[] {
  // glue catalog ARN prefix -> writes?
  const byCatalog = new Map<string, boolean>();
  for (const catalog of catalogs) {
    if (catalog.glueRegion === undefined) continue;
    const prefix = `arn:${partition}:glue:${catalog.glueRegion}:${catalog.glueCatalogId ?? account}`;
    const writes = catalog.storageAccess.some((a) => a.access === BucketAccess.READ_WRITE);
    byCatalog.set(prefix, (byCatalog.get(prefix) ?? false) || writes);
  }
  const statements: iam.PolicyStatement[] = [];
  for (const [prefix, writes] of byCatalog) {
    statements.push(new iam.PolicyStatement({
      actions: [...GLUE_READ_ACTIONS, ...(writes ? GLUE_WRITE_ACTIONS : [])],
      resources: [`${prefix}:catalog`, `${prefix}:database/*`, `${prefix}:table/*/*`],
    }));
  }
  return statements;
}

/**
 * A customer-managed policy with the Glue permissions of `catalogs`, attached to `role`; undefined when no
 * catalog uses Glue. The database and table wildcards are acknowledged (AwsSolutions-IAM5), and only those.
 */
export function grantGlueCatalogs(scope: Construct, id: string, role: iam.IRole, catalogs: Catalog[]): iam.ManagedPolicy | undefined {
  const stack = Stack.of(scope);
  const statements = glueCatalogStatements(catalogs, stack.account, stack.partition);
  if (statements.length === 0) return undefined;
  const policy = new iam.ManagedPolicy(scope, id, {
    description: `Trino: AWS Glue Data Catalog access of the catalogs ${catalogs.filter((c) => c.glueRegion !== undefined).map((c) => c.name).join(', ')}`,
    statements,
    roles: [role],
  });
  policy.node.addValidation({
    validate: () => {
      const document = stack.resolve(policy.document.toJSON());
      for (const statement of document?.Statement ?? []) {
        for (const resource of [statement.Resource].flat()) {
          const flat = flattenReference(resource);
          if (/:database\/\*$/.test(flat) || /:table\/\*\/\*$/.test(flat)) {
            acknowledgeFinding(policy, `AwsSolutions-IAM5[Resource::${flat}]`,
              'A Trino catalog on the AWS Glue Data Catalog spans all its databases and tables (Trino lists and creates them ' +
              'itself), so they cannot be named one by one; the actions are explicit (no glue:*), read-only unless the ' +
              'catalog writes its storage, and limited to one Data Catalog (account and region).');
          }
        }
      }
      return [];
    },
  });
  return policy;
}
