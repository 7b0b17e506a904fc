/**
 * The Route 53 hosted zone of Application Load Balancers' DNS names, by region: what an alias record to an ALB names
 * as its target zone (the "Route 53 Hosted Zone ID" column for Application Load Balancers in the Elastic Load
 * Balancing endpoints table, docs.aws.amazon.com/general/latest/gr/elb.html). These are fixed per region. Only regions
 * checked against that table (as copied by terraform-provider-aws's `aws_lb_hosted_zone_id`) are listed; elsewhere
 * the endpoint's record is a CNAME, which needs no zone ID. Route 53 refuses an alias whose DNS name is not in the
 * zone given, so a wrong entry would fail the deployment rather than publish a wrong record.
 */
export const ALB_HOSTED_ZONE_IDS: Readonly<Record<string, string>> = {
  'af-south-1': 'Z268VQBMOI5EKX',
  'ap-east-1': 'Z3DQVH9N71FHZ0',
  'ap-northeast-1': 'Z14GRHDCWA56QT',
  'ap-northeast-2': 'ZWKZPGTI48KDX',
  'ap-northeast-3': 'Z5LXEXXYW11ES',
  'ap-south-1': 'ZP97RAFLXTNZK',
  'ap-south-2': 'Z0173938T07WNTVAEPZN',
  'ap-southeast-1': 'Z1LMS91P8CMLE5',
  'ap-southeast-2': 'Z1GM3OXH4ZPM65',
  'ap-southeast-3': 'Z08888821HLRG5A9ZRTER',
  'ca-central-1': 'ZQSVJUPU6J1EY',
  'cn-north-1': 'Z1GDH35T77C1KE',
  'cn-northwest-1': 'ZM7IZAIOVVDZF',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'eu-central-2': 'Z06391101F2ZOEP8P5EB3',
  'eu-north-1': 'Z23TAZ6LKFMNIO',
  'eu-south-1': 'Z3ULH7SSC9OV64',
  'eu-south-2': 'Z0956581394HF5D5LXGAP',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-west-2': 'ZHURV8PSTC4K8',
  'eu-west-3': 'Z3Q77PNBQS71R4',
  'me-central-1': 'Z08230872XQRWHG2XF6I',
  'me-south-1': 'ZS929ML54UICD',
  'sa-east-1': 'Z2P70J7HTTTPLU',
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-gov-east-1': 'Z166TLBEWOO7G0',
  'us-gov-west-1': 'Z33AYJ8TM3BH4J',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
};

/** The ALBs' hosted zone in `region`, when the region is known at synth and listed. */
export function albHostedZoneId(region: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(ALB_HOSTED_ZONE_IDS, region) ? ALB_HOSTED_ZONE_IDS[region] : undefined;
}
