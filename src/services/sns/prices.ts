// What one outbound SMS costs, per destination country, in millionths of a US dollar: cognate
// counts it against the Region's MonthlySpendLimit as SNS does.
//
// Source: the base price per outbound message on AWS's SMS pricing page
// (https://aws.amazon.com/end-user-messaging/pricing/, formerly https://aws.amazon.com/sns/sms-pricing/),
// rounded, as listed in 2024; carrier surcharges (such as US 10DLC fees) are left out. They are
// approximations for accounting against the limit, not a bill. A country not listed costs the default.
const PRICE_MICRO_USD: Record<string, number> = {
  US: 5_810,
  CA: 7_500,
  GB: 39_550,
  DE: 88_300,
  FR: 72_800,
  ES: 73_000,
  IT: 81_700,
  NL: 100_500,
  CH: 55_100,
  SE: 58_900,
  NO: 66_200,
  DK: 46_700,
  IE: 72_400,
  PT: 34_700,
  PL: 38_700,
  AT: 83_500,
  BE: 86_400,
  AU: 45_800,
  NZ: 115_000,
  JP: 73_800,
  KR: 26_800,
  CN: 38_900,
  HK: 48_000,
  SG: 40_600,
  IN: 2_780,
  ID: 410_000,
  PH: 170_000,
  TH: 16_300,
  MY: 76_200,
  BR: 27_800,
  MX: 25_600,
  AR: 57_500,
  CO: 4_100,
  ZA: 19_600,
  NG: 218_000,
  EG: 138_000,
  AE: 43_800,
  SA: 43_000,
  IL: 253_000,
  TR: 7_400,
};

export const DEFAULT_PRICE_MICRO_USD = 50_000;

export const priceOf = (country: string | undefined): number =>
  (country && PRICE_MICRO_USD[country]) || DEFAULT_PRICE_MICRO_USD;
