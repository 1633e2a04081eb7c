import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type OpenedStore } from '@digital-post/event-store';
import { parseCsv } from '@digital-post/service-kit/testing';
import { createTestDatabase, type TestDatabase } from '@digital-post/testing';
import { opsRun } from './testing/opsRun.ts';

/** `pnpm ops replay` on a stopped system's database, as an operator would run it. */
describe('pnpm ops replay', () => {
  let database: TestDatabase;
  let opened: OpenedStore;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase('ops_cli');
    opened = await openPostgresStore({ connectionString: database.url });
    await opened.store.append('message-m1', [
      {
        type: 'MessageAccepted',
        data: { messageId: 'm1', senderId: 'authority:skat', title: '=cmd|calc' },
        metadata: { actor: { kind: 'authority-system', id: 'skat', client: 'skat-batch' } },
      },
    ]);
    await opened.store.append('routing-m1', [{ type: 'MessageRouted', data: { messageId: 'm1' } }]);
    dir = await mkdtemp(join(tmpdir(), 'ops-'));
  });
  afterAll(async () => {
    await opened.store.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => opsRun(['replay', '--database-url', database.url, ...args]);

  it('writes the window as NDJSON, an event a line, and tells what it wrote', async () => {
    const out = join(dir, 'log.ndjson');
    const { code, told } = await run('--category', 'message', '--out', out);
    expect(code).toBe(0);
    const lines = (await readFile(out, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        streamId: 'message-m1',
        type: 'MessageAccepted',
        actor: { kind: 'authority-system', id: 'skat', client: 'skat-batch' },
        data: { messageId: 'm1', senderId: 'authority:skat', title: '=cmd|calc' },
      }),
    ]);
    expect(told).toMatch(/replay: 1 events given, .* 100 % of the window/);
    expect(told).toMatch(/replay: 1 events written/);
    expect(told).not.toContain('m1'); // progress says counts, never what the events hold
  });

  it('writes CSV that reads back, with the data as one JSON field', async () => {
    const out = join(dir, 'log.csv');
    expect((await run('--format', 'csv', '--out', out)).code).toBe(0);
    const [header, accepted, routed] = parseCsv(await readFile(out, 'utf8'));
    expect(header).toContain('event_type');
    const field = (row: string[] | undefined, name: string) => row?.[header!.indexOf(name)];
    expect(field(accepted, 'event_type')).toBe('MessageAccepted');
    expect(field(accepted, 'client')).toBe('skat-batch');
    expect(JSON.parse(field(accepted, 'data')!)).toMatchObject({ title: '=cmd|calc' });
    expect(field(routed, 'stream_id')).toBe('routing-m1');
  });

  it('writes a stream as it stood, as CSV a field a line and as a page for people', async () => {
    const at = ['state', 'message-m1', '--database-url', database.url];
    const csv = join(dir, 'state.csv');
    const page = join(dir, 'state.html');
    expect((await opsRun([...at, '--format', 'csv', '--out', csv])).code).toBe(0);
    expect((await opsRun([...at, '--format', 'html', '--out', page])).code).toBe(0);
    const rows = parseCsv(await readFile(csv, 'utf8'));
    expect(rows[0]).toEqual(['field', 'value']);
    expect(rows).toContainEqual(['streamId', 'message-m1']);
    expect(rows).toContainEqual(['view.kind', 'events']);
    // Text a spreadsheet would run as a formula is kept as text.
    expect(rows).toContainEqual(['view.latest.MessageAccepted.title', "'=cmd|calc"]);
    const html = await readFile(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>.*<h1>Stream state<\/h1>/s);
    expect(html).toContain('<td>latest.MessageAccepted.senderId</td><td>authority:skat</td>');
  });

  it.each([
    [['--from', 'last week']],
    [['--category', '']],
    [['--format', 'xml']],
    [['--colour', 'red']],
  ])('refuses %j with what is wrong and the usage, writing nothing', async (args) => {
    const out = join(dir, 'refused.ndjson');
    const { code, told } = await run(...args, '--out', out);
    expect(code).toBe(2);
    expect(told).toMatch(/usage: pnpm ops replay/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['reconstruct', 'routing', '--sender', 'authority:skat'], /--sender: not an option/],
    [['reconstruct', 'routing', '--format', 'pdf'], /--format/],
    [['reconstruct', 'routing', '--api', 'ftp://ops'], /--api: an http\(s\) URL/],
    [['reconstruct', 'routing', '--api', 'http://ops'], /DIGITAL_POST_OPERATOR_TOKEN/],
    [['reconstruct', 'notices'], /usage: pnpm ops/],
    [['reconstruct', 'enrollment'], /enrollment is not here/],
    [
      ['remediate', 'enrollment', '--case', 'INC-1', '--enrollment-api', 'http://e'],
      /only with --execute/,
    ],
    [['remediate', 'enrollment', '--case', 'INC-1', '--execute'], /--execute changes a running/],
    [['reconstruct', 'routing'], /routing is not here/],
    [['replay', '--api', 'http://ops'], /replay reads the database/],
    [['reconstruct', 'routing', '--case', 'INC-1'], /--case: not an option/],
    [['remediate', 'routing'], /--case <reference> names the case/],
    [['remediate', 'routing', '--case', 'INC 1'], /--case: a case reference/],
    [['remediate', 'routing', '--case', 'INC-1', '--execute'], /--execute changes a running/],
  ])('refuses the reconstruction %j, writing nothing', async (args, reason) => {
    const out = join(dir, 'refused.json');
    delete process.env.DIGITAL_POST_OPERATOR_TOKEN;
    const { code, told } = await opsRun([...args, '--database-url', database.url, '--out', out]);
    expect(code).toBe(2);
    expect(told).toMatch(reason);
    expect(existsSync(out)).toBe(false);
  });
});
