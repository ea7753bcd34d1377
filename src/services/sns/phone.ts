// Destination numbers: what SNS accepts as an E.164 number, and which country it belongs to
// (for the price table and the US origination rule).
//
// Recorded (docs/reference/aws-recorded.md §2.1–2.2): Publish refuses `+1a234` and `NAA+15551234567`
// with `Invalid parameter: PhoneNumber Reason: <value> is not valid to publish to`; AWS tolerates
// `/ - .` separators between digits (`+12/34-567.890` is accepted) but not two in a row, nor one
// at either end.

const SEPARATED = /^\+\d+(?:[-./]\d+)*$/;

/** The number in E.164 (`+` and 8–15 digits), or undefined when SNS would not publish to it. */
export function e164(value: string): string | undefined {
  if (!SEPARATED.test(value)) return undefined;
  const digits = value.replace(/[-./]/g, '');
  if (digits.length < 9 || digits.length > 16 || digits[1] === '0') return undefined;
  return digits;
}

// Country calling codes, longest prefix first where they overlap. Only what the price table and
// the US rule need; other numbers still publish, priced at the table's default.
const CODES: [string, string][] = [
  ['1', 'US'],
  ['44', 'GB'],
  ['49', 'DE'],
  ['33', 'FR'],
  ['34', 'ES'],
  ['39', 'IT'],
  ['31', 'NL'],
  ['41', 'CH'],
  ['46', 'SE'],
  ['47', 'NO'],
  ['45', 'DK'],
  ['353', 'IE'],
  ['351', 'PT'],
  ['48', 'PL'],
  ['43', 'AT'],
  ['32', 'BE'],
  ['61', 'AU'],
  ['64', 'NZ'],
  ['81', 'JP'],
  ['82', 'KR'],
  ['86', 'CN'],
  ['852', 'HK'],
  ['65', 'SG'],
  ['91', 'IN'],
  ['62', 'ID'],
  ['63', 'PH'],
  ['66', 'TH'],
  ['60', 'MY'],
  ['55', 'BR'],
  ['52', 'MX'],
  ['54', 'AR'],
  ['57', 'CO'],
  ['27', 'ZA'],
  ['234', 'NG'],
  ['20', 'EG'],
  ['971', 'AE'],
  ['966', 'SA'],
  ['972', 'IL'],
  ['90', 'TR'],
];
// Canadian area codes share +1 with the US; the rest of NANP is counted as US here.
const CANADA = new Set([
  '204',
  '226',
  '236',
  '249',
  '250',
  '263',
  '289',
  '306',
  '343',
  '354',
  '365',
  '367',
  '368',
  '382',
  '403',
  '416',
  '418',
  '428',
  '431',
  '437',
  '438',
  '450',
  '468',
  '474',
  '506',
  '514',
  '519',
  '548',
  '579',
  '581',
  '584',
  '587',
  '604',
  '613',
  '639',
  '647',
  '672',
  '683',
  '705',
  '709',
  '742',
  '753',
  '778',
  '780',
  '782',
  '807',
  '819',
  '825',
  '867',
  '873',
  '879',
  '902',
  '905',
]);

/** ISO 3166 alpha-2 country of an E.164 number, or undefined when the table does not know it. */
export function countryOf(number: string): string | undefined {
  const digits = number.slice(1);
  let best: [string, string] | undefined;
  for (const entry of CODES)
    if (digits.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  if (best?.[1] === 'US' && CANADA.has(digits.slice(1, 4))) return 'CA';
  return best?.[1];
}
