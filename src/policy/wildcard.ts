// IAM's wildcards: `*` matches any run of characters (also none), `?` exactly one. Action names
// compare without regard to case, resources and condition values with it
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
// .../reference_policies_elements_resource.html). Matching is the greedy two-pointer walk with one
// remembered star, so a hostile pattern (`*a*a*a*…b`) costs at most len(pattern)·len(text) steps,
// never the exponential backtracking a translated RegExp could take.

export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * ArnEquals / ArnLike: both compare the six colon-separated parts of an ARN one by one, each with
 * wildcards; the resource part (the sixth) keeps any further colons. A value that is not an ARN
 * never matches. (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN)
 */
export function arnMatch(pattern: string, arn: string): boolean {
  const a = arnParts(arn);
  if (!a) return false;
  if (!pattern.includes(':')) return globMatch(pattern, arn); // "*" alone
  const p = arnParts(pattern);
  if (!p) return false;
  return p.every((part, i) => globMatch(part, a[i]));
}

function arnParts(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
