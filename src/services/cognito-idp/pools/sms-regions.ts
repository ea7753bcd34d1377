// Which Amazon SNS Region a user pool's SMS may use: SmsConfiguration.SnsRegion, checked against
// the table in the Cognito developer guide ("SMS message settings for Amazon Cognito user pools",
// the mission's document docs/reference/seeds/004, and docs/reference/cognito-messaging-facts.md §3.3). Most Regions use their own
// SNS; a few may also use a legacy Region, and a pool created by API without SnsRegion sends from
// that legacy Region. Seoul, Hong Kong and Malaysia must use another Region's SNS.
const ALLOWED: Record<string, string[]> = {
  'us-east-2': ['us-east-2', 'us-east-1'],
  'ca-central-1': ['ca-central-1', 'us-east-1'],
  'eu-central-1': ['eu-central-1', 'eu-west-1'],
  'eu-west-2': ['eu-west-2', 'eu-west-1'],
  'ap-south-1': ['ap-south-1', 'ap-southeast-1'],
  'ap-northeast-2': ['ap-northeast-1'],
  'ap-east-1': ['ap-southeast-1'],
  'ap-southeast-5': ['ap-southeast-1'],
};

/** The Regions whose SNS the pool's Region may use (its own, for Regions the table does not single out). */
export const allowedSnsRegions = (poolRegion: string): string[] => ALLOWED[poolRegion] ?? [poolRegion];

/** Where the pool's SMS go: SnsRegion, else the legacy Region of the table (the last one listed), else its own. */
export function effectiveSnsRegion(poolRegion: string, snsRegion: string | undefined): string {
  if (snsRegion) return snsRegion;
  const allowed = allowedSnsRegions(poolRegion);
  return allowed[allowed.length - 1];
}
