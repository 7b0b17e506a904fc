/** An EventBridge event Karpenter reacts to: its source and detail type. */
export interface InterruptionEvent {
  /** Construct id of the rule. */
  readonly id: string;
  /** The event source. */
  readonly source: string;
  /** The event's detail type. */
  readonly detailType: string;
}

/**
 * The events Karpenter's reference CloudFormation (getting started, v1.14) routes to its queue:
 * scheduled maintenance, spot interruption warnings, rebalance recommendations, instance state
 * changes, and capacity-reservation interruptions (used by the reservedCapacity feature, on by default).
 */
export const INTERRUPTION_EVENTS: InterruptionEvent[] = [
  { id: 'ScheduledChangeRule', source: 'aws.health', detailType: 'AWS Health Event' },
  { id: 'SpotInterruptionRule', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { id: 'RebalanceRule', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { id: 'InstanceStateChangeRule', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  { id: 'CapacityReservationInterruptionRule', source: 'aws.ec2', detailType: 'EC2 Capacity Reservation Instance Interruption Warning' },
];
