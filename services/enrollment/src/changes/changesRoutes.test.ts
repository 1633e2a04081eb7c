import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectRefused,
  openOperatorHarness,
  type OperatorHarness,
} from '../testing/operatorHarness.ts';
import type { RegisterEvent } from '../registerFeed/registerEvent.ts';
import { CURRENT_RULES_VERSION } from '../rules/currentRules.ts';
import { engineNames } from '../testing/engines.ts';
import { born, newCpr, newCvr, registered } from '../testing/registerEvents.ts';
import { changeRecords, CSV_COLUMNS } from './changeWindow.ts';
import { parseCsv } from '@digital-post/service-kit/testing';

const CHANGES = '/admin/enrollment/changes';
const window = (from: string, to: string, format?: string) =>
  `${CHANGES}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${format ? `&format=${format}` : ''}`;

describe.each(engineNames)('the changes of a window on %s', (engine) => {
  let h: OperatorHarness;
  const adults = Array.from({ length: 3 }, newCpr);
  const company = newCvr();
  const late = newCpr();
  const exempted = adults[0]!;
  // A register event id is text from outside: commas, quotes, a line break, a formula.
  const awkwardCpr = newCpr();
  const awkward: RegisterEvent = { ...born(awkwardCpr, '1970-07-07'), id: '=cmd("x"),\nnext' };

  beforeAll(async () => {
    h = await openOperatorHarness(engine);
    await h.register(
      ...adults.map((id) => born(id, '1980-01-01')),
      registered(company, '2001-01-01'),
    );
    await h.register(awkward);
    h.clock.now = new Date('2026-03-02T10:00:00.000Z');
    const grant = {
      subject: { kind: 'cpr', id: exempted },
      grantedBy: 'kk',
      caseReference: 'KK/7',
    };
    expect((await h.call('POST', '/admin/enrollment/exemptions', grant)).statusCode).toBe(201);
    h.clock.now = new Date('2026-03-02T11:00:00.000Z');
    await h.register(born(late, '1981-01-01'));
  });
  afterAll(() => h?.close());

  it('counts the changes by kind, cause, rule version and trigger, with their subjects', async () => {
    const response = await h.call('GET', window('2026-03-02T09:00:00Z', '2026-03-02T11:00:00Z'));
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(answer).toMatchObject({
      from: '2026-03-02T09:00:00.000Z',
      to: '2026-03-02T11:00:00.000Z',
      total: 7,
    });
    expect(answer.groups).toEqual([
      {
        change: 'enrolled',
        cause: 'reached_age_15',
        ruleVersion: CURRENT_RULES_VERSION,
        trigger: 'register_event',
        count: 4,
        firstEnrollments: 4,
        subjects: expect.arrayContaining(
          [...adults, awkwardCpr].map((id) => ({ kind: 'cpr', id })),
        ),
      },
      {
        change: 'enrolled',
        cause: 'registered',
        ruleVersion: CURRENT_RULES_VERSION,
        trigger: 'register_event',
        count: 1,
        firstEnrollments: 1,
        subjects: [{ kind: 'cvr', id: company }],
      },
      expect.objectContaining({ change: 'exempted', cause: null, trigger: 'operator_command' }),
      expect.objectContaining({ change: 'unenrolled', cause: 'exempted', count: 1 }),
    ]);
    expect(answer.groups[0].subjects).toHaveLength(4);
  });

  it('writes every change as one CSV row, quoted so that it reads back as it was', async () => {
    const response = await h.call(
      'GET',
      window('2026-03-02T10:00:00+01:00', '2026-03-02T12:00:00+01:00', 'csv'),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(7);
    const awkwardRow = rows.find((row) => row[2] === awkwardCpr)!;
    expect(awkwardRow).toEqual([
      expect.any(String),
      'cpr',
      awkwardCpr,
      'enrolled',
      'reached_age_15',
      'true',
      'register_event',
      `'${awkward.id}`,
      CURRENT_RULES_VERSION,
      '',
      '2026-03-02T09:00:00.000Z',
    ]);
    const exemption = rows.find((row) => row[3] === 'exempted')!;
    expect(exemption).toMatchObject({ 4: '', 5: '', 6: 'operator_command', 9: 'KK/7' });
    expect(rows.map((row) => row[10])).toEqual([...rows.map((row) => row[10]!)].sort());
  });

  it('pages through changes of the same instant without losing or repeating one', async () => {
    const span = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
    const all: unknown[][] = [];
    for await (const values of changeRecords(h.db, span)) all.push(values);
    const paged: unknown[][] = [];
    for await (const values of changeRecords(h.db, span, 2)) paged.push(values);
    expect(all).toHaveLength(8);
    expect(paged).toEqual(all);
  });

  it('answers an empty window with no groups and a CSV of the header alone', async () => {
    const json = await h.call('GET', window('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'));
    expect(json.json()).toMatchObject({ total: 0, groups: [] });
    const csv = await h.call('GET', window('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', 'csv'));
    expect(csv.body).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it.each([
    ['a window that ends before it starts', window('2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z')],
    ['an empty window', window('2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')],
    ['a window of more than 366 days', window('2024-01-01T00:00:00Z', '2025-01-02T00:00:01Z')],
    ['a day instead of an instant', window('2026-03-01', '2026-03-02')],
    ['an instant without its offset', window('2026-03-01T00:00:00', '2026-03-02T00:00:00')],
    ['no date at all', window('yesterday', 'today')],
    ['no end', `${CHANGES}?from=2026-03-01T00:00:00Z`],
    ['a format nobody reads', window('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 'xml')],
    ['an unknown parameter', `${window('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z')}&limit=5`],
  ])('refuses %s with 400', async (_, url) => {
    await expectRefused(h, { method: 'GET', url });
  });
});
