// The managed login branding style's settings that cognate's pages draw: colours and corner radii
// of the page, the form, its inputs, buttons, links and text, in the light or dark mode that
// `categories.global.colorSchemeMode` names. The document's shape is the branding editor's (its
// `componentClasses` and `components` with `lightMode`/`darkMode` members and colours as RRGGBBAA
// hex, as the editor exports them); a value of any other form is ignored, so nothing a style holds
// can break out of the CSS. Settings not listed here are kept but not drawn (docs/oauth.md).
import type { Settings } from '../branding/managed-login.js';

const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

/** `#RRGGBBAA` from the editor's `rrggbbaa` (or `rrggbb`); undefined for anything else. */
function colour(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(v) ? `#${v}` : undefined;
}

function radius(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 ? `${v}px` : undefined;
}

/** CSS rules for the style's settings, drawn over the base CSS; empty without settings. */
export function brandingCss(settings: Settings | undefined): string {
  if (!settings) return '';
  const mode = at(settings, 'categories', 'global', 'colorSchemeMode') === 'DARK' ? 'darkMode' : 'lightMode';
  const cc = (name: string, ...path: string[]) => at(settings, 'componentClasses', name, ...path);
  const comp = (name: string, ...path: string[]) => at(settings, 'components', name, ...path);
  const rules: [string, string, string | undefined][] = [
    ['body', 'background', colour(comp('pageBackground', mode, 'color'))],
    ['main', 'background', colour(comp('form', mode, 'backgroundColor'))],
    ['main', 'border', colour(comp('form', mode, 'borderColor'))],
    ['main', 'border-radius', radius(comp('form', 'borderRadius'))],
    ['h1', 'color', colour(cc('text', mode, 'headingTextColor'))],
    ['body', 'color', colour(cc('text', mode, 'bodyTextColor'))],
    ['label', 'color', colour(cc('inputLabel', mode, 'textColor'))],
    ['a', 'color', colour(cc('link', mode, 'defaults', 'textColor'))],
    ['input', 'background', colour(cc('input', mode, 'defaults', 'backgroundColor'))],
    ['input', 'border-color', colour(cc('input', mode, 'defaults', 'borderColor'))],
    ['input', 'border-radius', radius(cc('input', 'borderRadius'))],
    ['button', 'border-radius', radius(cc('buttons', 'borderRadius'))],
    ['button', 'background', colour(comp('primaryButton', mode, 'defaults', 'backgroundColor'))],
    ['button', 'color', colour(comp('primaryButton', mode, 'defaults', 'textColor'))],
  ];
  return rules
    .filter((r): r is [string, string, string] => r[2] !== undefined)
    .map(([sel, prop, value]) => `\n${sel}{${prop === 'border' ? `border:1px solid ${value}` : `${prop}:${value}`}}`)
    .join('');
}
