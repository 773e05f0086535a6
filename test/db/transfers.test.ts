import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPollResult } from '../../src/db/transfers.js';
import { startHarness, type Harness } from '../support/harness.js';
import { payThroughMimo, transferOf } from '../web/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('recordPollResult', () => {
  it('writes only over the expected status', async () => {
    const { payment, transfer } = await payThroughMimo(h);
    const db = h.app.services.db;

    const first = await recordPollResult(db, transfer.id, 'On Hold', 60_000, { previousMimoStatus: transfer.mimoStatus });
    const second = await recordPollResult(db, transfer.id, 'On Hold', 60_000, { previousMimoStatus: transfer.mimoStatus });

    expect(first).toBe(true);
    expect(second).toBe(false);
    expect((await transferOf(h, payment.id))!.mimoStatus).toBe('On Hold');
  });

  it('writes unconditionally without an expected status', async () => {
    const { payment, transfer } = await payThroughMimo(h);

    expect(await recordPollResult(h.app.services.db, transfer.id, 'pending', 60_000)).toBe(true);
    expect((await transferOf(h, payment.id))!.mimoStatus).toBe('pending');
  });
});
