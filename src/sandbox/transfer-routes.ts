/**
 * MiMo's partner endpoints: create, void, refund and read transfers, and read the
 * customer's profile. Every endpoint takes its parameters from the query string of a
 * POST request and needs a valid access token.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AmountError } from '../money.js';
import { ApiError } from './errors.js';
import {
  firstIssueMessage,
  notesParam,
  optionalParam,
  parsePositiveAmount,
  requiredParam,
  transactionIdParam,
} from './params.js';
import type { Authorization, SandboxState } from './state.js';
import { profileJson, transactionDetailsJson } from './views.js';

const tokenSchema = z.object({ access_token: optionalParam('access_token') });
const transactionSchema = z.object({ transaction_id: transactionIdParam('transaction_id') });
const refundSchema = z.object({
  transaction_id: transactionIdParam('transaction_id'),
  amount: requiredParam('amount'),
  notes: notesParam('notes'),
});

/** Parses query parameters, or throws invalid_request (400) naming the first bad parameter. */
function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) {
    throw new ApiError(400, 'invalid_request', firstIssueMessage(parsed.error));
  }
  return parsed.data;
}

function authorize(state: SandboxState, req: Request, res: Response): Authorization {
  const { access_token: accessToken } = parseQuery(tokenSchema, req);
  const auth = state.authorize(accessToken, req.path);
  res.locals.logFields = { grantId: auth.grant.id };
  return auth;
}

export function createTransferRouter(state: SandboxState): Router {
  const router = express.Router();

  router.post('/partner/transfers/create', (req: Request, res: Response) => {
    const auth = authorize(state, req, res);
    const transaction = state.createTransfer(auth);
    res.locals.logFields = { grantId: auth.grant.id, transactionId: transaction.id };
    res.json({ message: 'Money was successfully transferred.', transactionId: transaction.id });
  });

  router.post('/partner/transfers/void', (req: Request, res: Response) => {
    const auth = authorize(state, req, res);
    const { transaction_id: transactionId } = parseQuery(transactionSchema, req);
    res.locals.logFields = { grantId: auth.grant.id, transactionId };
    state.voidTransfer(auth, transactionId);
    res.json({ message: 'Transaction has been voided' });
  });

  router.post('/partner/transfers/refund', (req: Request, res: Response) => {
    const auth = authorize(state, req, res);
    const params = parseQuery(refundSchema, req);
    res.locals.logFields = { grantId: auth.grant.id, transactionId: params.transaction_id };
    let amountKobo: number;
    try {
      amountKobo = parsePositiveAmount('amount', params.amount);
    } catch (error) {
      if (error instanceof AmountError) {
        throw new ApiError(400, 'invalid_amount', error.message);
      }
      throw error;
    }
    const refund = state.refundTransfer(auth, params.transaction_id, amountKobo, params.notes);
    res.locals.logFields = { grantId: auth.grant.id, transactionId: params.transaction_id, refundTransactionId: refund.id };
    res.json({ message: 'Money was successfully refunded.', refundtransactionId: refund.id });
  });

  router.post('/partner/transfers/details', (req: Request, res: Response) => {
    const auth = authorize(state, req, res);
    const { transaction_id: transactionId } = parseQuery(transactionSchema, req);
    res.locals.logFields = { grantId: auth.grant.id, transactionId };
    const transaction = state.readDetails(auth, transactionId);
    res.json(transactionDetailsJson(state, transaction));
  });

  router.post('/partner/users/card_id', (req: Request, res: Response) => {
    const auth = authorize(state, req, res);
    res.json(profileJson(state.readProfile(auth)));
  });

  return router;
}
