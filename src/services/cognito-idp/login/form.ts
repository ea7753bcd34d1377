// Reading the managed login forms: values trimmed where a person's typing may add spaces, and held
// to the lengths the API's model allows the same values (UsernameType 128, PasswordType 256,
// ConfirmationCodeType 2048, AttributeValueType 2048), since the pages call the domain steps
// without the API's validator in front of them.
export const LIMITS = { username: 128, password: 256, code: 2048, attribute: 2048 } as const;

export class TooLong extends Error {}

/** A field's value, trimmed unless it is a password; TooLong past its limit. */
export function value(form: URLSearchParams, name: string, kind: keyof typeof LIMITS): string {
  const raw = form.get(name) ?? '';
  const v = kind === 'password' ? raw : raw.trim();
  if (v.length > LIMITS[kind]) throw new TooLong(name);
  return v;
}
