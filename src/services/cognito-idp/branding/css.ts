// What SetUICustomization accepts as CSS and logo. The developer guide ("Customizing hosted UI
// (classic) branding", docs.aws.amazon.com/cognito/latest/developerguide/hosted-ui-classic-branding.html)
// lists the class names a style sheet may use, refuses @import, @supports, @page and @media
// statements and JavaScript, and takes a PNG, JPG or JPEG logo of at most 100 KB. Users report AWS
// refusing selectors outside the list, such as `body` or `.banner-customizable img` (found by code
// search). AWS's texts for these refusals are not on record: the messages below are cognate's.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';

export const CSS_CLASSES: readonly string[] = [
  'background-customizable',
  'banner-customizable',
  'errorMessage-customizable',
  'idpButton-customizable',
  'idpButton-customizable:hover',
  'idpDescription-customizable',
  'inputField-customizable',
  'inputField-customizable:focus',
  'label-customizable',
  'legalText-customizable',
  'logo-customizable',
  'passwordCheck-valid-customizable',
  'passwordCheck-notValid-customizable',
  'redirect-customizable',
  'socialButton-customizable',
  'submitButton-customizable',
  'submitButton-customizable:hover',
  'textDescription-customizable',
];
const ALLOWED = new Set(CSS_CLASSES.map((c) => `.${c}`));

export const MAX_IMAGE_BYTES = 100 * 1024;

const FORBIDDEN: readonly [RegExp, string][] = [
  [/@(import|supports|page|media)\b/i, 'CSS must not contain @import, @supports, @page or @media statements.'],
  [/javascript:|expression\s*\(|<\s*\/?\s*script/i, 'CSS must not contain JavaScript.'],
];

/** Refuses CSS that styles anything but the customizable classes, or holds what AWS forbids. */
export function checkCss(css: string): void {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [re, message] of FORBIDDEN) if (re.test(text)) throw new InvalidParameterException(message);
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{', at);
    const rest = open < 0 ? text.slice(at) : text.slice(at, open);
    if (open < 0) {
      if (rest.trim() !== '') throw new InvalidParameterException('CSS is not well formed: a rule has no block.');
      return;
    }
    for (const selector of rest.split(',')) {
      const s = selector.trim().replace(/\s+/g, ' ');
      if (!ALLOWED.has(s))
        throw new InvalidParameterException(
          `CSS selector '${s.slice(0, 100)}' is not one that can be customized: use only the classes ${CSS_CLASSES.join(', ')}.`,
        );
    }
    const close = text.indexOf('}', open + 1);
    const nested = text.indexOf('{', open + 1);
    if (close < 0 || (nested >= 0 && nested < close))
      throw new InvalidParameterException('CSS is not well formed: a block is not closed.');
    at = close + 1;
  }
}

/** The logo's media type, or a refusal: PNG or JPEG of at most 100 KB. */
export function imageType(image: Buffer): string {
  if (image.length > MAX_IMAGE_BYTES)
    throw new InvalidParameterException(`The logo image must not be larger than ${MAX_IMAGE_BYTES / 1024} KB.`);
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (image.length >= 3 && image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return 'image/jpeg';
  throw new InvalidParameterException('The logo image must be a PNG or JPEG file.');
}
