import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTERRUPTION_EVENTS } from './interruption-events';
import { acknowledgeRules } from '../private/nag-acknowledgements';

/**
 * The SQS queue Karpenter reads interruption events from (encrypted, TLS only, five-minute
 * retention: an event older than that is no longer actionable), fed by one EventBridge rule per event.
 */
export class InterruptionQueue extends Construct {
  /** The queue. */
  public readonly queue: sqs.Queue;
  /** The rules feeding the queue: health events, spot interruption warnings, rebalance recommendations, state changes, capacity-reservation interruptions. */
  public readonly rules: events.Rule[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeRules(this.queue, ['AwsSolutions-SQS3'],
      'Karpenter\'s interruption events are acted on within seconds and expire after five minutes; a message Karpenter ' +
      'cannot process is deleted by Karpenter itself, so a dead-letter queue would only collect stale events.');
    // The EventBridge target adds a queue policy that lets events.amazonaws.com send only from these rules.
    this.rules = INTERRUPTION_EVENTS.map((event) => new events.Rule(this, event.id, {
      description: `Karpenter interruption handling: ${event.detailType}`,
      eventPattern: { source: [event.source], detailType: [event.detailType] },
      targets: [new targets.SqsQueue(this.queue)],
    }));
  }
}
