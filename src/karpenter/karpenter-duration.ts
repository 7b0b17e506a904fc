import { Duration } from 'aws-cdk-lib';

/** A Duration as Karpenter writes it (`720h`, `90m`, `45s`): the largest unit that is exact. */
export function karpenterDuration(duration: Duration): string {
  const seconds = duration.toSeconds();
  if (seconds === 0) return '0s';
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
