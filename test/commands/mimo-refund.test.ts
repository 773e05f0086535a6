import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { allPayments, outboxRows } from '../slack/helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('/mimo-refund explains it is not available', async () => {
  const response = await h.command('/mimo-refund', '11234 500 damaged');
  expect(response.status).toBe(200);
  const body = (await response.json()) as { response_type: string; text: string };
  expect(body.response_type).toBe('ephemeral');
  expect(body.text).toContain('"Request refund" button');
  expect(body.text).toContain('Nothing was changed');
  expect(await allPayments(h)).toEqual([]);
  expect(await outboxRows(h)).toEqual([]);
});
