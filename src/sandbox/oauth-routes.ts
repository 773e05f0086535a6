/**
 * MiMo's OAuth endpoints: the consent page (GET and POST /oauth/v2/authenticate) and
 * the code-for-token exchange (POST /oauth/v2/token).
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AmountError } from '../money.js';
import { renderConsentPage, renderErrorPage, type ConsentRequest } from './consent-page.js';
import { TEST_CUSTOMERS, findTestCustomer } from './customers.js';
import { ApiError } from './errors.js';
import {
  firstIssueMessage,
  isAbsoluteHttpUrl,
  notesParam,
  optionalParam,
  parsePositiveAmount,
  requiredParam,
} from './params.js';
import type { SandboxState } from './state.js';

const HTML_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const authenticateSchema = z.object({
  client_id: requiredParam('client_id'),
  url: requiredParam('url'),
  amount: requiredParam('amount'),
  notes: notesParam('notes'),
  destination_user: optionalParam('destination_user'),
  response_type: optionalParam('response_type'),
});

const decisionSchema = z.object({
  decision: optionalParam('decision'),
  username: optionalParam('username'),
  pin: optionalParam('pin'),
});

const tokenSchema = z.object({
  client_id: optionalParam('client_id'),
  client_secret: optionalParam('client_secret'),
  grant_type: optionalParam('grant_type'),
  code: optionalParam('code'),
});

type ParseResult = { ok: true; request: ConsentRequest } | { ok: false; message: string };

/** Validates authenticate parameters from the query string (GET) or the consent form (POST). */
function parseConsentRequest(state: SandboxState, input: unknown): ParseResult {
  const parsed = authenticateSchema.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, message: firstIssueMessage(parsed.error) };
  }
  const params = parsed.data;

  const client = state.findClient(params.client_id);
  if (!client) {
    return { ok: false, message: `client_id "${params.client_id}" is not a registered client.` };
  }
  if (!isAbsoluteHttpUrl(params.url)) {
    return { ok: false, message: `url "${params.url}" is not an absolute http or https URL.` };
  }
  let amountKobo: number;
  try {
    amountKobo = parsePositiveAmount('amount', params.amount);
  } catch (error) {
    if (error instanceof AmountError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
  const destinationUsername = params.destination_user ? params.destination_user : null;
  if (destinationUsername !== null && !findTestCustomer(destinationUsername)) {
    const known = TEST_CUSTOMERS.map((customer) => customer.username).join(', ');
    return {
      ok: false,
      message: `destination_user "${destinationUsername}" is not a MiMo username in this sandbox. Use one of: ${known}.`,
    };
  }
  const responseType = params.response_type ?? 'code';
  if (responseType !== 'code') {
    return { ok: false, message: `response_type "${responseType}" is not supported. Use response_type=code.` };
  }

  return {
    ok: true,
    request: {
      clientId: client.clientId,
      merchantName: client.merchantName,
      url: params.url,
      amountText: params.amount,
      amountKobo,
      notes: params.notes,
      destinationUsername,
    },
  };
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status);
  res.set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': HTML_SECURITY_POLICY });
  res.type('html').send(html);
}

/** Adds parameters to the callback URL, keeping any query it already has. */
function buildCallbackUrl(callback: string, parameters: Record<string, string>): string {
  const url = new URL(callback);
  for (const [name, value] of Object.entries(parameters)) {
    url.searchParams.set(name, value);
  }
  return url.href;
}

export function createOAuthRouter(state: SandboxState): Router {
  const router = express.Router();

  router.get('/oauth/v2/authenticate', (req: Request, res: Response) => {
    const result = parseConsentRequest(state, req.query);
    if (!result.ok) {
      res.locals.logFields = { outcome: 'invalid_request', reason: result.message };
      sendHtml(res, 400, renderErrorPage(result.message));
      return;
    }
    res.locals.logFields = { clientId: result.request.clientId };
    const page = renderConsentPage(result.request, { balanceOf: (username) => state.balanceOf(username) });
    sendHtml(res, 200, page);
  });

  router.post(
    '/oauth/v2/authenticate',
    express.urlencoded({ extended: false, limit: '16kb' }),
    (req: Request, res: Response) => {
      const body: unknown = req.body ?? {};
      const result = parseConsentRequest(state, body);
      if (!result.ok) {
        res.locals.logFields = { outcome: 'invalid_request', reason: result.message };
        sendHtml(res, 400, renderErrorPage(result.message));
        return;
      }
      const request = result.request;
      const decisionParsed = decisionSchema.safeParse(body);
      if (!decisionParsed.success) {
        const message = firstIssueMessage(decisionParsed.error);
        res.locals.logFields = { clientId: request.clientId, outcome: 'invalid_request', reason: message };
        sendHtml(res, 400, renderErrorPage(message));
        return;
      }
      const { decision, username, pin } = decisionParsed.data;
      const showForm = (status: number, outcome: string, error: string): void => {
        res.locals.logFields = { clientId: request.clientId, outcome };
        const options = { error, balanceOf: (name: string) => state.balanceOf(name) };
        sendHtml(res, status, renderConsentPage(request, username ? { ...options, selectedUsername: username } : options));
      };

      if (decision === 'reject') {
        state.record('authenticate.rejected', { detail: { clientId: request.clientId } });
        res.locals.logFields = { clientId: request.clientId, outcome: 'rejected' };
        res.redirect(302, buildCallbackUrl(request.url, { response_type: 'access_denied' }));
        return;
      }
      if (decision !== 'approve') {
        showForm(400, 'missing_decision', 'Choose Approve or Reject.');
        return;
      }
      const customer = username === undefined ? undefined : findTestCustomer(username);
      if (!customer) {
        showForm(400, 'missing_account', 'Choose the account to pay from.');
        return;
      }
      if (pin !== customer.pin) {
        state.record('authenticate.wrong_pin', { detail: { clientId: request.clientId, username: customer.username } });
        showForm(401, 'wrong_pin', `The PIN is wrong for @${customer.username}. Enter the account's PIN and try again.`);
        return;
      }
      if (request.destinationUsername === customer.username) {
        const message = `@${customer.username} is the recipient of this payment. Choose another account to pay from.`;
        showForm(400, 'payer_is_recipient', message);
        return;
      }

      const grant = state.approve({
        clientId: request.clientId,
        username: customer.username,
        amountKobo: request.amountKobo,
        notes: request.notes,
        destinationUsername: request.destinationUsername,
      });
      res.locals.logFields = { clientId: request.clientId, grantId: grant.id, outcome: 'approved' };
      res.redirect(302, buildCallbackUrl(request.url, { code: grant.code, response_type: 'code' }));
    },
  );

  router.post('/oauth/v2/token', (req: Request, res: Response) => {
    const parsed = tokenSchema.safeParse(req.query);
    if (!parsed.success) {
      throw new ApiError(400, 'invalid_request', firstIssueMessage(parsed.error));
    }
    const token = state.exchangeCode({
      clientId: parsed.data.client_id,
      clientSecret: parsed.data.client_secret,
      grantType: parsed.data.grant_type,
      code: parsed.data.code,
    });
    res.locals.logFields = { clientId: parsed.data.client_id, grantId: token.grantId };
    res.set('Cache-Control', 'no-store');
    res.json({ access_token: token.value });
  });

  return router;
}
