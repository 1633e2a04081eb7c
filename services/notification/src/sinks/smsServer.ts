import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An SMS as the stand-in took it. */
export interface TakenSms {
  to: string;
  from: string;
  text: string;
  idempotencyKey: string;
}

/** A status for a number, or nothing to send it. */
export type NumberAnswer = (to: string) => number | undefined;

export interface SmsServerOptions {
  answer?: NumberAnswer;
  /** Keeps an SMS; the server answers 202 only once it has. */
  keep(sms: TakenSms): Promise<void>;
}

export interface RunningSmsServer {
  url: string;
  /** The bearer token it takes, made at its start. */
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

const bodyOf = async (request: IncomingMessage): Promise<Partial<Record<string, unknown>>> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return typeof body === 'object' && body !== null ? body : {};
};

const smsOf = (body: Partial<Record<string, unknown>>, key: string): TakenSms | undefined => {
  const { to, from, text } = body;
  if (typeof to !== 'string' || typeof from !== 'string' || typeof text !== 'string') return;
  return { to, from, text, idempotencyKey: key };
};

/**
 * A stand-in for an SMS provider's HTTP API on loopback, as providers behave: a bearer token,
 * `POST /messages` with `{ to, from, text }`, and an Idempotency-Key it keeps, so a repeat is
 * answered as the first was and not sent again.
 */
export const startSmsServer = async ({
  answer = () => undefined,
  keep,
}: SmsServerOptions): Promise<RunningSmsServer> => {
  const token = randomBytes(18).toString('base64url');
  const answered = new Map<string, number>();
  const take = async (request: IncomingMessage): Promise<number> => {
    if (request.headers.authorization !== `Bearer ${token}`) return 401;
    if (request.method !== 'POST' || request.url !== '/messages') return 404;
    const key = String(request.headers['idempotency-key'] ?? '');
    const sms = smsOf(await bodyOf(request).catch(() => ({})), key);
    if (!sms) return 400;
    const status = answered.get(key) ?? answer(sms.to) ?? 202;
    if (!answered.has(key) && status === 202) await keep(sms);
    if (key && status < 500) answered.set(key, status);
    return status;
  };
  const respond = (status: number, response: ServerResponse) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  const server = createServer((request, response) => {
    take(request).then(
      (status) => respond(status, response),
      () => respond(500, response),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
