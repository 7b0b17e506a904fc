import { Token } from 'aws-cdk-lib';
import { trinoNetworkPolicies, TrinoNetworkPolicyPlan } from '../../src/trino-on-eks/network-policies';

const PLAN: TrinoNetworkPolicyPlan = {
  construct: 'TrinoOnEks',
  namespace: 'analytics',
  selectorLabels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': 'lake' },
  name: 'lake',
  clientPorts: [8080],
  clients: [],
};

describe('trinoNetworkPolicies (pure renderer)', () => {
  test('no peer at all: no policy (the chart\'s own policy already isolates both roles)', () => {
    expect(trinoNetworkPolicies(PLAN)).toEqual([]);
  });

  test('every client port is opened to the clients, and the policy selects this release\'s coordinator only', () => {
    const [policy] = trinoNetworkPolicies({ ...PLAN, clientPorts: [8080, 8443], clients: [{ cidr: '10.1.0.0/16' }] });
    expect(policy.metadata).toMatchObject({ name: 'lake-coordinator', namespace: 'analytics' });
    expect(policy.spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': 'lake', 'app.kubernetes.io/component': 'coordinator',
    });
    expect(policy.spec.ingress).toEqual([{
      from: [{ ipBlock: { cidr: '10.1.0.0/16' } }],
      ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 8443 }],
    }]);
  });

  test('a CIDR known only at deploy time (e.g. the VPC\'s) is passed through unvalidated', () => {
    const cidr = Token.asString({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] });
    const [policy] = trinoNetworkPolicies({ ...PLAN, clients: [{ cidr }] });
    expect(policy.spec.ingress[0].from).toEqual([{ ipBlock: { cidr } }]);
  });

  test('without client ports the coordinator policy cannot be written', () => {
    expect(() => trinoNetworkPolicies({ ...PLAN, clientPorts: [] })).toThrow(/TrinoOnEks: the coordinator NetworkPolicy needs at least one client port/);
  });

  test('a bad namespace is refused', () => {
    expect(() => trinoNetworkPolicies({ ...PLAN, namespace: 'Analytics' })).toThrow(/TrinoOnEks: namespace \("Analytics"\) must be an RFC 1123 label/);
  });
});
