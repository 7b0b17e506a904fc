import { deepMerge } from '../private/deep-merge';

/** Everything an EC2NodeClass is made of, defaults applied and validated. */
export interface ResolvedEc2NodeClass {
  readonly name: string;
  readonly amiAlias: string;
  readonly roleName: string;
  readonly subnetSelectorTerms: Record<string, any>[];
  readonly securityGroupSelectorTerms: Record<string, any>[];
  readonly metadataHopLimit: number;
  readonly volumeGibibytes: number;
  readonly volumeKmsKeyArn?: string;
  readonly raid0InstanceStore: boolean;
  readonly tags?: Record<string, string>;
  readonly overrides?: Record<string, any>;
}

/**
 * The `karpenter.k8s.aws/v1` EC2NodeClass: IMDSv2 required, an encrypted gp3 volume, the node
 * role (Karpenter manages the instance profile), subnets and security groups by selector.
 */
export function ec2NodeClassManifest(nodeClass: ResolvedEc2NodeClass): Record<string, any> {
  const bottlerocket = nodeClass.amiAlias.startsWith('bottlerocket@');
  const volume = {
    volumeSize: `${nodeClass.volumeGibibytes}Gi`,
    volumeType: 'gp3',
    encrypted: true,
    deleteOnTermination: true,
    ...(nodeClass.volumeKmsKeyArn ? { kmsKeyID: nodeClass.volumeKmsKeyArn } : {}),
  };
  // Bottlerocket boots from a small OS volume (/dev/xvda) and keeps images and pod storage on
  // its data volume (/dev/xvdb); AL2023 keeps everything on the root volume.
  const blockDeviceMappings = bottlerocket
    ? [
      { deviceName: '/dev/xvda', ebs: { volumeSize: '4Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true, ...kmsOf(nodeClass) } },
      { deviceName: '/dev/xvdb', ebs: volume },
    ]
    : [{ deviceName: '/dev/xvda', rootVolume: true, ebs: volume }];
  const manifest = {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: nodeClass.name, labels: { 'app.kubernetes.io/managed-by': 'cdk-trino-on-eks' } },
    spec: {
      amiSelectorTerms: [{ alias: nodeClass.amiAlias }],
      role: nodeClass.roleName,
      subnetSelectorTerms: nodeClass.subnetSelectorTerms,
      securityGroupSelectorTerms: nodeClass.securityGroupSelectorTerms,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpPutResponseHopLimit: nodeClass.metadataHopLimit,
        httpTokens: 'required',
      },
      blockDeviceMappings,
      ...(nodeClass.raid0InstanceStore ? { instanceStorePolicy: 'RAID0' } : {}),
      ...(nodeClass.tags && Object.keys(nodeClass.tags).length > 0 ? { tags: { ...nodeClass.tags } } : {}),
    },
  };
  return deepMerge(manifest, nodeClass.overrides);
}

function kmsOf(nodeClass: ResolvedEc2NodeClass): Record<string, string> {
  return nodeClass.volumeKmsKeyArn ? { kmsKeyID: nodeClass.volumeKmsKeyArn } : {};
}
