import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Catalog, CatalogCredentials } from '../../src/trino';
import { TrinoCluster } from '../../src/trino-on-eks/trino-cluster-choice';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { IMPORTED_CLUSTER_NAME, IMPORTED_OIDC_ARN, importedCluster, newStack } from '../fixtures/clusters';
import { kubernetesObjects } from '../quality-gate/manifests';
import { qualityGateTests } from '../quality-gate/quality-gate';

const HELM = 'Custom::AWSCDK-EKS-HelmChart';
const CLUSTER_SG = 'sg-0c1a5e7000000c1a5';

describe('a PostgreSQL catalog on a database in the VPC', () => {
  const stack = newStack();
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: IMPORTED_CLUSTER_NAME,
    clusterSecurityGroupId: CLUSTER_SG,
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', IMPORTED_OIDC_ARN),
    kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'KubectlProvider', {
      serviceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:kubectl-provider',
      role: iam.Role.fromRoleArn(stack, 'KubectlRole', 'arn:aws:iam::111122223333:role/kubectl-provider'),
    }),
  });
  const key = new kms.Key(stack, 'OrdersKey', { enableKeyRotation: true });
  const secret = new secretsmanager.Secret(stack, 'OrdersCredentials', { encryptionKey: key });
  const databaseGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'OrdersDb', 'sg-0db0000000000d0db');
  const trino = new TrinoOnEks(stack, 'Trino', {
    cluster: TrinoCluster.existing(cluster),
    catalogs: [Catalog.tpch(), Catalog.postgresql({
      name: 'orders',
      host: 'orders.abc123.eu-west-1.rds.amazonaws.com',
      database: 'shop',
      credentials: CatalogCredentials.fromSecret(secret),
      connectable: databaseGroup,
    })],
  });
  const template = Template.fromStack(stack);
  const values = JSON.parse(Object.values<any>(template.findResources(HELM, { Properties: { Release: 'trino' } }))[0].Properties.Values);

  test('the CSI driver syncs the secret\'s username and password keys into the catalog\'s Secret', () => {
    const spc = kubernetesObjects(stack).find((o) => o.kind === 'SecretProviderClass' && o.metadata.name === 'trino-secrets');
    expect(spc.spec.secretObjects).toContainEqual({
      secretName: 'trino-catalog-orders-credentials',
      type: 'Opaque',
      data: [{ objectName: 'catalog-orders-username', key: 'username' }, { objectName: 'catalog-orders-password', key: 'password' }],
    });
    expect(JSON.parse(spc.spec.parameters.objects)[1]).toMatchObject({
      objectAlias: 'catalog-orders',
      jmesPath: [{ path: 'username', objectAlias: 'catalog-orders-username' }, { path: 'password', objectAlias: 'catalog-orders-password' }],
    });
  });

  test('both roles get the variables from that Secret; the catalog file holds references only', () => {
    expect(values.env).toEqual(expect.arrayContaining([
      { name: 'TRINO_CATALOG_ORDERS_USERNAME', valueFrom: { secretKeyRef: { name: 'trino-catalog-orders-credentials', key: 'username' } } },
      { name: 'TRINO_CATALOG_ORDERS_PASSWORD', valueFrom: { secretKeyRef: { name: 'trino-catalog-orders-credentials', key: 'password' } } },
    ]));
    expect(values.catalogs.orders).toContain('connection-user=${ENV:TRINO_CATALOG_ORDERS_USERNAME}\n');
    expect(values.catalogs.orders).toContain('connection-password=${ENV:TRINO_CATALOG_ORDERS_PASSWORD}\n');
  });

  test('the pods\' role reads exactly that secret, and decrypts it through Secrets Manager only', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: stack.getLogicalId(secret.node.defaultChild as any) } },
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as any), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  test('the database\'s security group admits the cluster security group (Trino\'s nodes) on 5432', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: 'sg-0db0000000000d0db', SourceSecurityGroupId: CLUSTER_SG, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
    });
  });

  qualityGateTests(() => ({ stack, scope: trino }), { kubernetesObjects: { withoutSchema: ['SecretProviderClass'] } });
});

describe('refused on EKS', () => {
  test('credentials from the environment, which nothing sets in the pods', () => {
    const stack = newStack();
    expect(() => new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.existing(importedCluster(stack)),
      catalogs: [Catalog.mysql({ name: 'crm', host: 'crm.internal', credentials: CatalogCredentials.fromEnvironment('CRM_USER', 'CRM_PASSWORD') })],
    })).toThrow(/TrinoOnEks: catalogs\[0\]\.credentials \("variables CRM_USER, CRM_PASSWORD"\) of catalog "crm" must come from Secrets Manager/);
  });

  test('a database to admit Trino to, on a cluster imported without its security group', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'crm');
    expect(() => new TrinoOnEks(stack, 'Trino', {
      cluster: TrinoCluster.existing(importedCluster(stack)),
      catalogs: [Catalog.mysql({
        name: 'crm',
        host: 'crm.internal',
        credentials: CatalogCredentials.fromSecret(secret),
        connectable: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Db', 'sg-0db0000000000d0db'),
      })],
    })).toThrow(/TrinoOnEks: cluster \("analytics"\) was imported without its cluster security group: import it with clusterSecurityGroupId/);
  });
});
