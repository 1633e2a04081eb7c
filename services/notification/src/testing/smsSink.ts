import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  to: string;
  from: string;
  text: string;
  idempotencyKey: string;
}

export interface SmsSink {
  url: string;
  token: string;
  /** Each SMS once: a repeat of an Idempotency-Key is answered as before and not sent again. */
  received: ReceivedSms[];
  close(): Promise<void>;
}

/** A status for a number, or nothing to send it. */
export type NumberAnswer = (to: string) => number | undefined;

const bodyOf = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

/**
 * A stand-in for an SMS provider's HTTP API on loopback, as providers behave: a bearer token,
 * `POST /messages` with `{ to, from, text }`, and an Idempotency-Key it keeps.
 */
export const startSmsSink = async (answer: NumberAnswer = () => undefined): Promise<SmsSink> => {
  const token = 'sms-provider-token';
  const answered = new Map<string, number>();
  const sink = { received: [] as ReceivedSms[] };
  const server = createServer((request, response) => {
    void (async () => {
      if (request.headers.authorization !== `Bearer ${token}`) return response.writeHead(401).end();
      if (request.method !== 'POST' || request.url !== '/messages')
        return response.writeHead(404).end();
      const key = String(request.headers['idempotency-key'] ?? '');
      const { to, from, text } = (await bodyOf(request)) as Omit<ReceivedSms, 'idempotencyKey'>;
      const status = answered.get(key) ?? answer(to) ?? 202;
      if (!answered.has(key) && status === 202)
        sink.received.push({ to, from, text, idempotencyKey: key });
      if (key && status < 500) answered.set(key, status);
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
};
