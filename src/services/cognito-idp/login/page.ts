// The frame of every managed login page: plain HTML that works without JavaScript, styled by the
// client's look (branding/look.ts: the hosted UI's CSS, which names AWS's `*-customizable`
// classes, so this page carries them on the same elements; the managed login branding's logo).
// Pages are never cached, never framed, and send no referrer (their URLs carry the authorize
// request).
import type { ServerResponse } from 'node:http';
import type { PageLook } from '../branding/look.js';
import { brandingCss } from './branding-css.js';
import { WORDS, type Words } from './i18n/index.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PageParts {
  title: string;
  /** a sentence for the person, in plain words (an error they can act on) */
  error?: string;
  /** a sentence that is not an error (a code was sent, ...) */
  notice?: string;
  /** the page's own HTML (forms, links), already escaped */
  body: string;
  /** the HTML lang attribute (login/lang.ts) */
  lang?: string;
  /** the words of that language (English when none is given) */
  words?: Words;
  /** what the terms links say the person agrees to by (signing in, signing up); none on pages that are no such step */
  agreeBy?: 'signing in' | 'signing up' | false;
}

const BASE_CSS = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f2f3f3;color:#16191f}
main{max-width:24rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin:0 0 1.2rem}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input[type=text],input[type=password],input[type=email],input[type=tel]{box-sizing:border-box;width:100%;padding:.55rem;border:1px solid #879596;border-radius:4px;font-size:1rem}
button{margin-top:1.2rem;width:100%;padding:.65rem;border:0;border-radius:4px;background:#0972d3;color:#fff;font-size:1rem;cursor:pointer}
.errorMessage-customizable{background:#fde8e8;color:#b0160e;padding:.6rem;border-radius:4px;margin-bottom:1rem}
.notice{background:#e8f2fd;padding:.6rem;border-radius:4px;margin-bottom:1rem}
.links{margin-top:1.2rem;font-size:.9rem}.links a{display:block;margin:.3rem 0}
.legalText-customizable{font-size:.8rem;color:#5f6b7a;margin-top:1rem}
.providers a{display:block;margin:.5rem 0;padding:.6rem;border:1px solid #0972d3;border-radius:4px;text-align:center;color:#0972d3;text-decoration:none}
.or{text-align:center;color:#5f6b7a;margin:1rem 0 0}
#totp-qr{margin:0 auto 1rem;width:12rem;height:12rem}#totp-qr svg{display:block;width:100%;height:100%}
.logo-customizable{display:block;max-width:100%;max-height:5rem;margin:0 auto 1rem}
`;

/** The managed login branding's logo (its FORM_LOGO, else PAGE_HEADER_LOGO), as a data URL; the hosted UI's logo URL otherwise. */
function logo(look: PageLook | undefined): string | undefined {
  const assets = look?.managed?.assets ?? [];
  const asset =
    assets.find((a) => a.Category === 'FORM_LOGO' && a.Bytes) ??
    assets.find((a) => a.Category === 'PAGE_HEADER_LOGO' && a.Bytes);
  if (asset) {
    const type = asset.Extension === 'SVG' ? 'image/svg+xml' : `image/${asset.Extension.toLowerCase()}`;
    return `data:${type};base64,${asset.Bytes}`;
  }
  return look?.classic?.logoUrl;
}

export function sendLoginPage(
  res: ServerResponse,
  status: number,
  look: PageLook | undefined,
  parts: PageParts,
  cookies: string[] = [],
): void {
  const image = logo(look);
  const w = parts.words ?? WORDS.en;
  const agree = parts.agreeBy === 'signing up' ? w.agreeSignUp : w.agreeSignIn;
  const html = `<!doctype html>
<html lang="${esc(parts.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(parts.title)}</title>
<style>${BASE_CSS}${brandingCss(look?.managed?.settings)}</style>${look?.classic?.css ? `\n<style>${look.classic.css.replace(/<\//g, '<\\/')}</style>` : ''}
</head><body class="background-customizable"><main class="banner-customizable">
${image ? `<img class="logo-customizable" src="${esc(image)}" alt="">` : ''}
<h1 class="textDescription-customizable">${esc(parts.title)}</h1>
${parts.error ? `<p class="errorMessage-customizable" role="alert">${esc(parts.error)}</p>` : ''}
${parts.notice ? `<p class="notice">${esc(parts.notice)}</p>` : ''}
${parts.body}
${
  look?.terms && parts.agreeBy !== false
    ? `<p class="legalText-customizable">${agree(
        `<a href="${esc(look.terms.termsOfUse)}">${esc(w.termsOfUse)}</a>`,
        `<a href="${esc(look.terms.privacyPolicy)}">${esc(w.privacyPolicy)}</a>`,
      )}</p>`
    : ''
}
</main></body></html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    ...(cookies.length ? { 'Set-Cookie': cookies } : {}),
  });
  res.end(html);
}

/** A form field, labelled. */
export const field = (name: string, label: string, type = 'text', extra = '') =>
  `<label class="label-customizable" for="${esc(name)}">${esc(label)}</label><input class="inputField-customizable" id="${esc(name)}" name="${esc(name)}" type="${type}" ${extra}>`;

export const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

export const submit = (label: string) =>
  `<button class="submitButton-customizable" type="submit">${esc(label)}</button>`;

/** An attribute as a form labels it: a standard one in the page's words, a custom one by its name. */
export function attributeLabel(w: Words, name: string): string {
  if (Object.hasOwn(w.attributes, name)) return (w.attributes as Record<string, string>)[name];
  const plain = name.replace(/^custom:/, '').replace(/_/g, ' ');
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}
