import { ISecurityGroup, ISubnet } from 'aws-cdk-lib/aws-ec2';

/**
 * How a node class finds subnets or security groups: by ID or by tags (all tags must match).
 * Several terms select the union of what each finds.
 */
export class SelectorTerm {
  /** The subnet or security group with this ID. */
  public static fromId(id: string): SelectorTerm {
    return new SelectorTerm(id, undefined);
  }

  /** Every subnet or security group carrying all of these tags. */
  public static fromTags(tags: Record<string, string>): SelectorTerm {
    return new SelectorTerm(undefined, { ...tags });
  }

  /** This subnet. */
  public static fromSubnet(subnet: ISubnet): SelectorTerm {
    return SelectorTerm.fromId(subnet.subnetId);
  }

  /** This security group. */
  public static fromSecurityGroup(securityGroup: ISecurityGroup): SelectorTerm {
    return SelectorTerm.fromId(securityGroup.securityGroupId);
  }

  /** The ID selected, when selecting by ID. */
  public readonly id?: string;
  /** The tags selected on, when selecting by tags. */
  public readonly tags?: Record<string, string>;

  private constructor(id: string | undefined, tags: Record<string, string> | undefined) {
    this.id = id;
    this.tags = tags;
  }

  /** @internal The term as a node class writes it. */
  public _render(): Record<string, any> {
    return this.id !== undefined ? { id: this.id } : { tags: { ...this.tags } };
  }
}
