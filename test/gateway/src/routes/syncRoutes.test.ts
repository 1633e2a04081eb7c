import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anna,
  annasMailbox,
  openGatewayFixture,
  type GatewayFixture,
  portTransports,
} from '../testing/index.ts';

describe.each(portTransports)('over %s ports', (ports) => {
  let fx: GatewayFixture;
  let base: string;

  beforeAll(async () => {
    fx = await openGatewayFixture({ ports });
    base = await fx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => fx.close());

  /** Reads server-sent events until `until` is satisfied by the states seen so far. */
  const readStates = async (
    response: Response,
    until: (states: string[]) => boolean,
    timeoutMs = 5_000,
  ) => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const states: string[] = [];
    const deadline = setTimeout(() => void reader.cancel(), timeoutMs);
    let buffered = '';
    while (!until(states)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      for (const match of buffered.matchAll(/^data: (.*)$/gm))
        states.push((JSON.parse(match[1]!) as { state: string }).state);
      buffered = buffered.slice(buffered.lastIndexOf('\n\n') + 2);
    }
    clearTimeout(deadline);
    await reader.cancel();
    return states;
  };

  describe('server-sent events of a mailbox', () => {
    it('tell another client of a read within a second', async () => {
      const messageId = await fx.deliver({ recipientMailboxId: annasMailbox });
      const stream = await fetch(`${base}/v1/mailboxes/${annasMailbox}/events`, {
        headers: await fx.headers(anna, 'app'),
      });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reading = readStates(stream, (states) => states.length >= 2, 10_000);
      const read = await fetch(`${base}/v1/mailboxes/${annasMailbox}/messages/${messageId}/read`, {
        method: 'POST',
        headers: { ...(await fx.headers(anna, 'eboks')), 'if-match': '"1"' },
      });
      expect(read.status).toBe(200);
      const committed = Date.now();
      const [initial, next] = await reading;
      // A second is the aim; the bound is generous because build machines are shared and noisy.
      expect(Date.now() - committed).toBeLessThan(3_000);
      const changes = await fetch(
        `${base}/v1/mailboxes/${annasMailbox}/changes?sinceState=${initial}`,
        { headers: await fx.headers(anna, 'app') },
      );
      expect(await changes.json()).toMatchObject({ newState: next, updated: [messageId] });
    });

    it('refuse a client without a user, before any stream opens', async () => {
      const { 'x-client-token': clientToken } = await fx.headers(anna);
      const response = await fetch(`${base}/v1/mailboxes/${annasMailbox}/events`, {
        headers: { 'x-client-token': clientToken! },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  });
});
