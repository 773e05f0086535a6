import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { formatNaira } from '../../money.js';
import { html, SafeHtml } from './html.js';

/** A customer page, ready to send. */
export interface Page {
  status: number;
  title: string;
  body: SafeHtml;
  /** Reload the page after this many seconds (meta refresh, so no JavaScript is needed). */
  refreshSeconds?: number;
  /** For redirects: the Location header. The body should then contain the same link. */
  location?: string;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f3f5f7}
main{max-width:30rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem 1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem}
p{margin:.75rem 0}
.merchant{color:#5b6673;font-size:.875rem;margin:0 0 .25rem}
.amount{font-size:2rem;font-weight:700;margin:.25rem 0 .75rem}
.muted{color:#5b6673;font-size:.875rem}
dl{margin:1rem 0 0;display:grid;grid-template-columns:minmax(6rem,auto) 1fr;gap:.5rem .75rem}
dt{color:#5b6673}
dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
.notice{border-radius:8px;padding:.75rem;margin:1rem 0;overflow-wrap:anywhere}
.ok{background:#e4f4ea;color:#0b4d2a}
.warn{background:#fff3c4;color:#5c4600}
.bad{background:#fde8e8;color:#8a1c1c}
.button{display:block;text-align:center;font-weight:700;min-height:48px;line-height:48px;border-radius:8px;background:#0b6b3a;color:#fff;text-decoration:none;margin-top:1.25rem}
code{font:inherit;font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
`;

// The style is allowed by its hash, so the policy needs no 'unsafe-inline'.
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every customer page, redirects included. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // The callback URL carries MiMo's authentication code, so no page may send it on.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

export function renderDocument(page: Page): string {
  const refresh = page.refreshSeconds === undefined ? null : html`<meta http-equiv="refresh" content="${page.refreshSeconds}">\n`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${refresh}<title>${page.title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
<div class="card">
${page.body}
</div>
</main>
</body>
</html>
`.value;
}

export function sendPage(response: Response, page: Page): void {
  response.status(page.status);
  response.set(PAGE_HEADERS);
  if (page.location !== undefined) {
    response.location(page.location);
  }
  response.type('html').send(renderDocument(page));
}

export interface PaymentSummary {
  merchantName: string;
  amountKobo: number;
}

/** Renders the merchant's name and the amount, shown at the top of every payment page. */
export function summaryHeader(summary: PaymentSummary): SafeHtml {
  return html`<p class="merchant">${summary.merchantName}</p>
<p class="amount">${formatNaira(summary.amountKobo)}</p>`;
}
