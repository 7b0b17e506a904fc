import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { fullDeployment } from './full-deployment';
import { TrinoOnEks } from '../../src/trino-on-eks/trino-on-eks';
import { newStack } from '../fixtures/clusters';
import { inlineLambdaCode, qualityGateTests } from '../quality-gate/quality-gate';

// Every option on (created cluster and metastore, Glue catalog, fault-tolerant execution, autoscaling to zero
// with KEDA, metrics, password users, a load balancer endpoint, file access control): every finding under the construct must be fixed or acknowledged inside the library.
describe('full deployment with every option on', () => {
  let stack: Stack;
  let trino: TrinoOnEks;
  beforeAll(() => {
    stack = newStack('TrinoFull');
    trino = fullDeployment(stack);
  });

  test('KEDA, the Glue policy, the exchange bucket and the ServiceMonitor values are all there', () => {
    expect(trino.kedaChart).toBeDefined();
    expect(trino.glueAccess).toBeDefined();
    expect(trino.exchangeBucket).toBeDefined();
    expect(trino.helmValues.server.keda.minReplicaCount).toBe(0);
    expect(trino.helmValues.serviceMonitor.enabled).toBe(true);
    const outputs = Object.keys(Template.fromStack(stack).findOutputs('*')).join(' ');
    expect(outputs).toMatch(/ExchangeBucketName/);
    expect(outputs).toMatch(/MetricsEndpoint/);
    expect(outputs).toMatch(/EndpointUrl/);
    expect(outputs).toMatch(/UserSecrets/);
    expect(trino.userSecrets).toHaveLength(2);
    expect(trino.helmValues.accessControl.type).toBe('configmap');
  });

  qualityGateTests(() => ({ stack, scope: trino }), {
    knownCredentialFindings: () => [inlineLambdaCode(trino.passwordFileWriter!, 'the password-file writer\'s source names a `password` variable')],
    kubernetesObjects: { withoutSchema: ['SecretProviderClass', 'IngressClassParams'] },
  });
});
