/**
 * HTML of the consent page, its error page and the callback echo page. The pages are
 * mobile-first, need no JavaScript, and every interpolated string goes through escapeHtml.
 */
import { escapeHtml } from '../html-escape.js';
import { formatNaira } from '../money.js';
import { TEST_CUSTOMERS, findTestCustomer } from './customers.js';

/** A validated authenticate request, as the consent form carries it in hidden fields. */
export interface ConsentRequest {
  clientId: string;
  merchantName: string;
  url: string;
  /** The amount parameter exactly as received, for example "980.99". */
  amountText: string;
  amountKobo: number;
  notes: string;
  destinationUsername: string | null;
}

export interface ConsentPageOptions {
  /** Username whose radio button is checked. Defaults to the first test customer. */
  selectedUsername?: string;
  /** Message shown above the form, for example after a wrong PIN. */
  error?: string;
  balanceOf(username: string): number;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f3f5f7}
.banner{margin:0;padding:.5rem 1rem;background:#fff3c4;color:#5c4600;font-size:.875rem;text-align:center}
main{max-width:30rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;padding:1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 .25rem}
h2{font-size:1rem;margin:1.25rem 0 .5rem}
h3{font-size:.9375rem;margin:.75rem 0 .25rem}
.amount{font-size:2rem;font-weight:700;margin:.25rem 0}
.muted{color:#5b6673;font-size:.875rem}
.notes{overflow-wrap:anywhere;white-space:pre-wrap}
.alert{background:#fde8e8;color:#8a1c1c;border-radius:8px;padding:.75rem;margin:1rem 0;overflow-wrap:anywhere}
ul{margin:.25rem 0;padding-left:1.25rem}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:700;margin:1.25rem 0 .5rem;padding:0}
.account{display:flex;gap:.75rem;align-items:flex-start;padding:.75rem;border:1px solid #d5dbe1;border-radius:8px;margin-bottom:.5rem}
.account input{margin-top:.3rem;width:1.1rem;height:1.1rem}
.account span{display:block}
label[for=pin]{display:block;font-weight:700;margin:1.25rem 0 .5rem}
#pin{width:100%;font-size:1.25rem;padding:.6rem .75rem;border:1px solid #9aa5b1;border-radius:8px;letter-spacing:.3em}
.actions{display:grid;gap:.5rem;margin-top:1.25rem}
button{font:inherit;font-weight:700;min-height:48px;border-radius:8px;border:1px solid #9aa5b1;background:#fff;color:#1c2430}
button.primary{background:#0b6b3a;border-color:#0b6b3a;color:#fff}
table{width:100%;border-collapse:collapse;table-layout:fixed}
th,td{text-align:left;vertical-align:top;padding:.4rem;border-bottom:1px solid #e3e7eb;overflow-wrap:anywhere}
`;

function renderDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="banner">MiMo sandbox: test accounts only, no real money moves.</p>
<main>
<div class="card">
${body}
</div>
</main>
</body>
</html>
`;
}

function hiddenField(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

function renderAccountChoice(selectedUsername: string, balanceOf: (username: string) => number): string {
  const options = TEST_CUSTOMERS.map((customer) => {
    const id = `account-${customer.username}`;
    const checked = customer.username === selectedUsername ? ' checked' : '';
    const fullName = [customer.firstName, customer.surname].join(' ');
    const balance = formatNaira(balanceOf(customer.username));
    return `<label class="account" for="${escapeHtml(id)}">
<input type="radio" name="username" id="${escapeHtml(id)}" value="${escapeHtml(customer.username)}" required${checked}>
<span><span>${escapeHtml(fullName)}</span>
<span class="muted">@${escapeHtml(customer.username)} · balance ${escapeHtml(balance)} · \
test PIN ${escapeHtml(customer.pin)}</span></span>
</label>`;
  });
  return `<fieldset>
<legend>Pay from</legend>
${options.join('\n')}
</fieldset>`;
}

function renderPermissions(merchantName: string): string {
  return `<h2>${escapeHtml(merchantName)} asks for these permissions</h2>
<h3>Person Account Info</h3>
<p class="muted">View information about you:</p>
<ul>
<li>Username</li>
<li>MiMo account number</li>
<li>Account type (merchant or personal)</li>
<li>Full name</li>
<li>Company name (merchant accounts only)</li>
<li>Email address</li>
<li>Profile photo</li>
<li>KYC verification level (I, II or III)</li>
</ul>
<h3>Charge Account</h3>
<p class="muted">Charge your MiMo account for the purchase of goods or services.</p>`;
}

export function renderConsentPage(request: ConsentRequest, options: ConsentPageOptions): string {
  const amount = formatNaira(request.amountKobo);
  const selectedUsername = options.selectedUsername ?? TEST_CUSTOMERS[0]?.username ?? '';
  const parts: string[] = [
    `<h1>Pay ${escapeHtml(request.merchantName)}</h1>`,
    `<p class="amount">${escapeHtml(amount)}</p>`,
  ];
  if (request.notes !== '') {
    parts.push(`<p class="notes"><strong>Notes:</strong> ${escapeHtml(request.notes)}</p>`);
  }
  if (request.destinationUsername !== null) {
    const recipient = findTestCustomer(request.destinationUsername);
    const recipientName = recipient ? `${recipient.firstName} ${recipient.surname}` : request.destinationUsername;
    parts.push(
      `<p>The money goes to ${escapeHtml(recipientName)} (@${escapeHtml(request.destinationUsername)}).</p>`,
    );
  }
  if (options.error !== undefined) {
    parts.push(`<p class="alert" role="alert" id="error">${escapeHtml(options.error)}</p>`);
  }
  parts.push(renderPermissions(request.merchantName));
  parts.push(`<form method="post" action="/oauth/v2/authenticate">
${hiddenField('client_id', request.clientId)}
${hiddenField('url', request.url)}
${hiddenField('amount', request.amountText)}
${hiddenField('notes', request.notes)}
${hiddenField('destination_user', request.destinationUsername ?? '')}
${hiddenField('response_type', 'code')}
${renderAccountChoice(selectedUsername, options.balanceOf)}
<label for="pin">MiMo PIN</label>
<input type="password" id="pin" name="pin" inputmode="numeric" autocomplete="off" required>
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary">Approve and pay ${escapeHtml(amount)}</button>
<button type="submit" name="decision" value="reject" formnovalidate>Reject</button>
</div>
</form>`);
  return renderDocument(`Pay ${request.merchantName} – MiMo sandbox`, parts.join('\n'));
}

/** Renders the page for an authenticate request that is not valid, for example with an unknown client_id. */
export function renderErrorPage(message: string): string {
  return renderDocument(
    'Payment request not valid – MiMo sandbox',
    `<h1>This payment request is not valid</h1>
<p class="alert" role="alert" id="error">${escapeHtml(message)}</p>
<p class="muted">No money moved. Return to the merchant and start the payment again.
Developers: correct the parameter named above in the authenticate URL.</p>`,
  );
}

/** Renders a stand-in callback page that lists the query parameters it received. */
export function renderCallbackEcho(parameters: readonly (readonly [string, string])[]): string {
  const rows = parameters.map(
    ([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? '<p>The callback URL was opened without query parameters.</p>'
      : `<table>\n<tr><th scope="col">Parameter</th><th scope="col">Value</th></tr>\n${rows.join('\n')}\n</table>`;
  return renderDocument(
    'Callback received – MiMo sandbox',
    `<h1>Callback received</h1>
<p class="muted">MiMo redirected the customer here. A merchant server would now exchange the code
for an access token at POST /oauth/v2/token.</p>
${table}`,
  );
}
