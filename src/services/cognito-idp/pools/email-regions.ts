// Which SES Regions a user pool's EmailConfiguration.SourceArn may name, by the pool's Region
// (developer guide, user-pool-email.md "Amazon SES email configuration Regions", June 2023;
// docs/reference/cognito-messaging-facts.md §1.4). The pool's own Region always works; some Regions may also use
// the three legacy ones. Regions launched since are same-Region only, as the rule implies.
const LEGACY = ['us-east-1', 'us-west-2', 'eu-west-1'];
const SAME_ONLY = new Set(['us-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'me-south-1', 'sa-east-1']);
const WITH_LEGACY = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
]);

export function allowedSesRegions(poolRegion: string): string[] {
  if (WITH_LEGACY.has(poolRegion) && !SAME_ONLY.has(poolRegion)) return [...new Set([poolRegion, ...LEGACY])];
  return [poolRegion];
}
