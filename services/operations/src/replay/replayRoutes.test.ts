import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineNames, openEngine, type OpenedEngine } from '@digital-post/event-store/testing';
import { createHttpApp, createLogger, type HttpApp } from '@digital-post/service-kit';
import { replayRoutes } from './replayRoutes.ts';

describe.each(engineNames)('the log replayed through the operator API on %s', (engine) => {
  let opened: OpenedEngine;
  let app: HttpApp;
  beforeAll(async () => {
    opened = await openEngine(engine, 'replay_api');
    await opened.store.append('message-m1', [
      { type: 'MessageAccepted', data: { messageId: 'm1', senderId: 'authority:skat' } },
    ]);
    await opened.store.append('routing-m1', [
      { type: 'MessageRouted', data: { messageId: 'm1', routerRelease: 'routing-2021.02' } },
    ]);
    await opened.store.append('message-m2', [
      { type: 'MessageAccepted', data: { messageId: 'm2', senderId: 'authority:sund' } },
    ]);
    const logger = createLogger({ serviceName: 'operations', level: 'silent' });
    app = await createHttpApp({ serviceName: 'operations', logger, openApi: false });
    await app.register(replayRoutes(opened.db));
  });
  afterAll(async () => {
    await app?.close();
    await opened?.dispose();
  });

  const streamsOf = (ndjson: string) =>
    ndjson
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { streamId: string }).streamId);

  it('streams the filtered window as NDJSON, a parameter repeated for a list', async () => {
    const response = await app.inject({
      url: '/admin/log?sender=authority:skat&sender=authority:sund&category=message',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(streamsOf(response.body)).toEqual(['message-m1', 'message-m2']);
    const one = await app.inject({ url: '/admin/log?release=routing-2021.02' });
    expect(streamsOf(one.body)).toEqual(['routing-m1']);
  });

  it('answers CSV with its header first', async () => {
    const response = await app.inject({ url: '/admin/log?format=csv&type=MessageRouted' });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, row, end] = response.body.split('\r\n');
    expect(header).toMatch(/^position,transaction_id,recorded_at,stream_id/);
    expect(row).toContain('routing-m1');
    expect(end).toBe('');
  });

  it.each([
    'from=yesterday',
    'to=99999999999999999999',
    'category=',
    'format=xml',
    'colour=red',
    `stream=${encodeURIComponent('message-\u0000')}`,
  ])('refuses %s as problem+json', async (query) => {
    const response = await app.inject({ url: `/admin/log?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
