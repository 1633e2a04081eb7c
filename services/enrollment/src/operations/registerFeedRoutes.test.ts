import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegisterFeedRunner } from '../registerFeed/feedRunner.ts';
import { createFileRegisterFeed, writeRegisterBatch } from '../registerFeed/fileRegisterFeed.ts';
import { born, died, newCpr } from '../testing/registerEvents.ts';
import {
  expectRefused,
  openOperatorHarness,
  type OperatorHarness,
} from '../testing/operatorHarness.ts';

const REJECTIONS = '/admin/enrollment/register-rejections';
const DAY_CHANGE = '/admin/enrollment/day-change';

describe('the register feed and the day change, for operators', () => {
  let h: OperatorHarness;
  let directory: string;
  const unknown = newCpr();
  const turning15 = newCpr();

  beforeAll(async () => {
    h = await openOperatorHarness('PGlite');
    directory = await mkdtemp(join(tmpdir(), 'dp-enrollment-ops-feed-'));
    await writeRegisterBatch(directory, '2026-03-01', [
      born(newCpr(), '1990-01-01'),
      '{"id":"cut-short"',
      died(unknown, '2026-02-01'),
    ]);
    await writeRegisterBatch(directory, '2026-03-02', [
      born(turning15, '2011-03-03'),
      JSON.stringify({ id: 'r-9', register: 'population', type: 'married', cpr: unknown }),
    ]);
    const runner = createRegisterFeedRunner(h.db, createFileRegisterFeed(directory), h.writer);
    expect(await runner.drain()).toMatchObject({ read: 5, rejected: 3 });
  });
  afterAll(async () => {
    await h?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('lists the rejected lines of a batch, by line, without their content', async () => {
    const response = await h.call('GET', `${REJECTIONS}?batchId=2026-03-01`);
    expect(response.statusCode).toBe(200);
    const { total, rejections } = response.json();
    expect(total).toBe(2);
    expect(rejections).toEqual([
      {
        feed: expect.stringMatching(/^file:/),
        batchId: '2026-03-01',
        lineNumber: 2,
        registerEventId: null,
        rule: 'malformed-json',
        detail: expect.any(String),
        rejectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      expect.objectContaining({ lineNumber: 3, rule: 'unknown-person' }),
    ]);
    for (const rejection of rejections) expect(rejection.detail).not.toContain('"id"');
  });

  it('lists every batch without a filter, a page at a time', async () => {
    const all = (await h.call('GET', REJECTIONS)).json();
    expect(all.total).toBe(3);
    expect(all.rejections.map((r: { batchId: string }) => r.batchId)).toEqual([
      '2026-03-01',
      '2026-03-01',
      '2026-03-02',
    ]);
    const second = (await h.call('GET', `${REJECTIONS}?limit=1&offset=1`)).json();
    expect(second).toMatchObject({ total: 3, rejections: [{ lineNumber: 3 }] });
    const none = (await h.call('GET', `${REJECTIONS}?batchId=2026-01-01`)).json();
    expect(none).toEqual({ total: 0, rejections: [] });
  });

  it.each(['limit=0', 'limit=1001', 'offset=-1', 'batchId=', 'line=2'])(
    'refuses the query %s with 400',
    async (query) => {
      await expectRefused(h, { method: 'GET', url: `${REJECTIONS}?${query}` });
    },
  );

  it('runs the day change for today, recording the operator; never for a day to come', async () => {
    await expectRefused(h, { method: 'POST', url: DAY_CHANGE, body: { runDate: '2026-03-03' } });
    h.clock.now = new Date('2026-03-03T07:00:00.000Z');
    const response = await h.call('POST', DAY_CHANGE, { runDate: '2026-03-03' });
    expect(response.json()).toEqual({
      runDate: '2026-03-03',
      considered: 1,
      changed: 1,
      held: 0,
      exemptionsEnded: 0,
    });
    expect((await h.stream(turning15)).at(-1)).toMatchObject({
      type: 'CitizenEnrolled',
      data: { cause: 'reached_age_15', trigger: 'day_change', firstEnrollment: true },
      metadata: { actor: { kind: 'operator', id: 'operator-7' } },
    });
    const again = await h.call('POST', DAY_CHANGE, { runDate: '2026-03-03' });
    expect(again.json()).toMatchObject({ changed: 0 });
  });

  it.each([
    ['a day that does not exist', { runDate: '2026-02-30' }],
    ['a time instead of a day', { runDate: '2026-03-01T00:00:00Z' }],
    ['no day', {}],
    ['an unknown field', { runDate: '2026-03-01', force: true }],
  ])('refuses a day change for %s with 400', async (_, body) => {
    await expectRefused(h, { method: 'POST', url: DAY_CHANGE, body });
  });
});
