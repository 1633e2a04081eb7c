import { createDevIssuer, createTokenVerifier, type DevIssuer } from '@digital-post/auth';
import {
  NotFoundError,
  definePort,
  mailboxPort,
  myEnrollmentPort,
  noticeDetailsPort,
  reachabilityPort,
} from '@digital-post/contracts';
import { createHttpApp, createLogger, problem, type HttpApp } from '@digital-post/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  INTERNAL_AUDIENCE,
  pingPorts,
  portClient,
  portRoutes,
  PortUnavailableError,
  servedPort,
  serviceTokens,
} from './index.ts';

/** A small port with each kind of answer a real one gives. */
interface FilingPort {
  file(name: string, bytes: Buffer): Promise<{ name: string; bytes: Buffer; size: number }>;
  forget(name: string): Promise<void>;
  find(name: string): Promise<string>;
  refuse(): Promise<never>;
  crash(): Promise<never>;
  follow(from: number, listener: (value: number) => void): () => void;
}

const filingPort = definePort<FilingPort>({
  name: 'filing',
  calls: ['file', 'forget', 'find', 'refuse', 'crash'],
  streams: ['follow'],
  errors: [NotFoundError],
  args: { find: z.tuple([z.string().max(20)]) },
});

const stopped: number[] = [];
const filing: FilingPort = {
  file: async (name, bytes) => ({ name, bytes, size: bytes.length }),
  forget: async () => {},
  find: async (name) => {
    if (name !== 'known') throw new NotFoundError('file');
    return name;
  },
  refuse: async () => {
    throw problem.conflict('Already filed.');
  },
  crash: async () => {
    throw new Error('disk on fire');
  },
  follow: (from, listener) => {
    if (from < 0) throw new NotFoundError('mailbox');
    let next = from;
    const timer = setInterval(() => listener((next += 1)), 10);
    return () => {
      clearInterval(timer);
      stopped.push(from);
    };
  },
};

describe('a port over HTTP between processes', () => {
  let app: HttpApp;
  let baseUrl: string;
  let services: DevIssuer;
  let client: FilingPort;

  beforeAll(async () => {
    services = await createDevIssuer({ issuer: 'https://services.test' });
    const verifier = createTokenVerifier({
      issuer: services.issuer,
      audience: INTERNAL_AUDIENCE,
      keys: services.publicKeys,
    });
    const logger = createLogger({ serviceName: 'port-test', level: 'silent' });
    app = await createHttpApp({ serviceName: 'filing', logger, openApi: false });
    await app.register(portRoutes([servedPort(filingPort, filing)], verifier));
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    client = portClient(filingPort, { baseUrl, token: serviceTokens(services, 'gateway') });
  });
  afterAll(() => app?.close());

  it('answers a call with its result, bytes as bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 0x7b, 0x7d]);
    const filed = await client.file('letter.pdf', bytes);
    expect(filed).toEqual({ name: 'letter.pdf', bytes, size: 6 });
    expect(Buffer.isBuffer(filed.bytes)).toBe(true);
    expect(await client.forget('letter.pdf')).toBeUndefined();
  });

  it("rebuilds the port's own error, by name and fields", async () => {
    expect(await client.find('known')).toBe('known');
    const error = await client.find('unknown').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).what).toBe('file');
  });

  it('carries a problem as the same problem', async () => {
    const error = await client.refuse().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProblemError', status: 409, message: 'Already filed.' });
  });

  it("reports the serving side's fault, or its absence, as unavailable, never as the caller's", async () => {
    await expect(client.crash()).rejects.toBeInstanceOf(PortUnavailableError);
    const nobody = portClient(filingPort, {
      baseUrl: 'http://127.0.0.1:1',
      token: serviceTokens(services, 'gateway'),
    });
    await expect(nobody.find('known')).rejects.toBeInstanceOf(PortUnavailableError);
  });

  it('streams values until the caller stops, and then stops the port', async () => {
    const seen: number[] = [];
    const stop = client.follow(100, (value) => seen.push(value));
    await expect.poll(() => seen.length).toBeGreaterThanOrEqual(3);
    stop();
    expect(seen.slice(0, 3)).toEqual([101, 102, 103]);
    await expect.poll(() => stopped).toContain(100);
  });

  it('hands a refusal of a stream to its error listener', async () => {
    const errors: unknown[] = [];
    const refusing = portClient(filingPort, {
      baseUrl,
      token: serviceTokens(services, 'gateway'),
      onStreamError: (error) => errors.push(error),
    });
    refusing.follow(-1, () => {});
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(NotFoundError);
  });

  it('serves services only: no token, another audience, another kind or another key is 401', async () => {
    const path = `${baseUrl}/internal/filing/find`;
    const body = JSON.stringify({ args: ['known'] });
    const headers = { 'content-type': 'application/json' };
    const citizen = await services.issue(
      { kind: 'citizen', cpr: '0101901234' },
      { audience: INTERNAL_AUDIENCE },
    );
    const elsewhere = await services.issue(
      { kind: 'service', service: 'gateway' },
      { audience: 'https://gateway.digitalpost.local' },
    );
    const stranger = await (
      await createDevIssuer({ issuer: services.issuer })
    ).issue({ kind: 'service', service: 'gateway' }, { audience: INTERNAL_AUDIENCE });
    for (const token of [undefined, citizen, elsewhere, stranger]) {
      const response = await fetch(path, {
        method: 'POST',
        body,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const forged = portClient(filingPort, { baseUrl, token: async () => stranger });
    await expect(forged.find('known')).rejects.toMatchObject({ status: 401 });
    await expect(pingPorts({ baseUrl, token: async () => stranger })).rejects.toThrow();
    await pingPorts({ baseUrl, token: serviceTokens(services, 'gateway') });
  });

  it('answers a body without arguments, or arguments of the wrong shape, with a 400 problem', async () => {
    const token = await serviceTokens(services, 'gateway')();
    for (const body of ['{}', '{"args": 3}', 'not json', '{"args": [3]}', '{"args": []}']) {
      const response = await fetch(`${baseUrl}/internal/filing/find`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(400);
    }
  });

  it('checks the arguments of every method of every port served between processes', () => {
    for (const port of [mailboxPort, myEnrollmentPort, noticeDetailsPort, reachabilityPort]) {
      const methods: string[] = [...port.calls, ...port.streams];
      expect(Object.keys(port.args).sort(), port.name).toEqual([...methods].sort());
    }
  });
});
