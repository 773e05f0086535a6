/**
 * Test controls under /sandbox/: settle transactions, set statuses, move the clock,
 * inject faults, read events and transactions, reset. They need no credentials, so
 * the sandbox listens on loopback by default.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatNaira, koboToDecimalString } from '../money.js';
import { renderCallbackEcho } from './consent-page.js';
import { TEST_CUSTOMERS } from './customers.js';
import { ApiError } from './errors.js';
import { FAULT_KINDS, type FaultRegistry } from './faults.js';
import { firstIssueMessage, optionalParam, requiredParam } from './params.js';
import type { SandboxState } from './state.js';
import { controlTransactionJson } from './views.js';

const transactionIdPattern = /^[1-9]\d{0,14}$/;

const statusSchema = z.object({ status: requiredParam('status') });
const advanceSchema = z.object({
  seconds: requiredParam('seconds').regex(/^\d+(?:\.\d+)?$/, {
    error: 'seconds must be a number of seconds >= 0, for example 1800.',
  }),
});
const faultSchema = z.object({
  path: requiredParam('path'),
  kind: requiredParam('kind').refine((kind) => (FAULT_KINDS as readonly string[]).includes(kind), {
    error: `kind must be one of ${FAULT_KINDS.join(', ')}.`,
  }),
  count: optionalParam('count').refine((count) => count === undefined || /^[1-9]\d{0,8}$/.test(count), {
    error: 'count must be a positive integer.',
  }),
  delay_ms: optionalParam('delay_ms').refine((delay) => delay === undefined || /^\d{1,9}$/.test(delay), {
    error: 'delay_ms must be a whole number of milliseconds >= 0.',
  }),
});

export interface SandboxControls {
  state: SandboxState;
  faults: FaultRegistry;
  /** Restores the start-up state and removes all faults. */
  reset(): void;
}

function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) {
    throw new ApiError(400, 'invalid_request', firstIssueMessage(parsed.error));
  }
  return parsed.data;
}

function transactionIdFrom(req: Request): number {
  const text = String(req.params.id);
  if (!transactionIdPattern.test(text)) {
    throw new ApiError(400, 'invalid_request', `"${text}" is not a transaction id (a positive integer).`);
  }
  return Number(text);
}

export function createControlRouter(controls: SandboxControls): Router {
  const { state, faults } = controls;
  const router = express.Router();

  router.post('/sandbox/transactions/:id/settle', (req: Request, res: Response) => {
    const transactionId = transactionIdFrom(req);
    res.locals.logFields = { transactionId };
    res.json(controlTransactionJson(state, state.settle(transactionId)));
  });

  router.post('/sandbox/transactions/:id/status', (req: Request, res: Response) => {
    const transactionId = transactionIdFrom(req);
    const { status } = parseQuery(statusSchema, req);
    res.locals.logFields = { transactionId, status };
    res.json(controlTransactionJson(state, state.setStatus(transactionId, status)));
  });

  router.get('/sandbox/transactions', (_req: Request, res: Response) => {
    res.json(state.transactionList().map((transaction) => controlTransactionJson(state, transaction)));
  });

  router.get('/sandbox/customers', (_req: Request, res: Response) => {
    res.json(
      TEST_CUSTOMERS.map((customer) => {
        const balanceKobo = state.balanceOf(customer.username);
        return {
          username: customer.username,
          balance: koboToDecimalString(balanceKobo),
          balanceKobo,
          balanceText: formatNaira(balanceKobo),
        };
      }),
    );
  });

  router.post('/sandbox/clock/advance', (req: Request, res: Response) => {
    const { seconds } = parseQuery(advanceSchema, req);
    const ms = Math.round(Number(seconds) * 1000);
    state.advanceClock(ms);
    res.locals.logFields = { advancedMs: ms };
    res.json({ now: new Date(state.clock.now()).toISOString() });
  });

  router.get('/sandbox/events', (_req: Request, res: Response) => {
    res.json(state.events());
  });

  router.post('/sandbox/faults', (req: Request, res: Response) => {
    const params = parseQuery(faultSchema, req);
    try {
      const fault = faults.add({
        path: params.path,
        kind: params.kind as (typeof FAULT_KINDS)[number],
        ...(params.count === undefined ? {} : { count: Number(params.count) }),
        ...(params.delay_ms === undefined ? {} : { delayMs: Number(params.delay_ms) }),
      });
      res.locals.logFields = { faultPath: fault.path, faultKind: fault.kind, count: fault.remaining };
      res.json(fault);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new ApiError(400, 'invalid_request', error.message);
      }
      throw error;
    }
  });

  router.delete('/sandbox/faults', (_req: Request, res: Response) => {
    faults.clear();
    res.status(204).end();
  });

  router.post('/sandbox/reset', (_req: Request, res: Response) => {
    controls.reset();
    res.status(204).end();
  });

  router.get('/sandbox/callback-echo', (req: Request, res: Response) => {
    const parameters = [...new URL(req.originalUrl, 'http://sandbox.invalid').searchParams.entries()];
    res.set('Cache-Control', 'no-store');
    res.type('html').send(renderCallbackEcho(parameters));
  });

  return router;
}
