import { createDevIssuer, createTokenVerifier, type DevIssuer } from '@digital-post/auth';
import { createEmbeddedBus, type EventBus } from '@digital-post/bus';
import { createContentStore, type ContentStore } from '@digital-post/content-store';
import type { Database, EventStore } from '@digital-post/event-store';
import { openEngine, type EngineName } from '@digital-post/event-store/testing';
import { createHttpApp, createLogger, type HttpApp } from '@digital-post/service-kit';
import { createSenderApi, type SenderApi } from '../index.ts';
import type { SenderApiLimits } from '../limits.ts';

export const AUDIENCE = 'https://sender-api.digitalpost.local';

export interface Harness {
  app: HttpApp;
  api: SenderApi;
  store: EventStore;
  db: Database;
  bus: EventBus;
  content: ContentStore;
  issuer: DevIssuer;
  tokenFor(authorityId: string, systemId?: string): Promise<string>;
  close(): Promise<void>;
}

/** The sender API on PGlite (or the server) and the embedded bus, with a development issuer. */
export const openHarness = async (
  limits: Partial<SenderApiLimits> = {},
  engine: EngineName = 'PGlite',
): Promise<Harness> => {
  const { store, db, dispose } = await openEngine(engine, 'sender-api');
  const bus = await createEmbeddedBus(store, db);
  const content = await createContentStore(db);
  const issuer = await createDevIssuer();
  const verifier = createTokenVerifier({
    issuer: issuer.issuer,
    audience: AUDIENCE,
    keys: issuer.publicKeys,
  });
  const api = createSenderApi({
    store,
    db,
    bus,
    content,
    verifier,
    limits,
    // The enrollment service's port, as it would answer for these people.
    reachability: {
      reachability: async ({ id }) =>
        id.startsWith('01')
          ? { channel: 'paper', reason: 'exempt' }
          : { channel: 'digital', reason: 'enrolled' },
    },
  });
  const app = await createHttpApp({
    serviceName: 'sender-api',
    logger: createLogger({ serviceName: 'sender-api', level: 'silent' }),
  });
  await app.register(api.routes);
  await api.start();
  return {
    app,
    api,
    store,
    db,
    bus,
    content,
    issuer,
    tokenFor: (authorityId, systemId = 'case-system') =>
      issuer.issue({ kind: 'authority-system', authorityId, systemId }, { audience: AUDIENCE }),
    close: async () => {
      await api.stop();
      await app.close();
      await bus.close();
      await dispose();
      await db.close().catch(() => undefined);
    },
  };
};

/** Counts what a refused request must not have written. */
export const writtenRows = async (db: Database) => {
  const [row] = await db.query<{ events: number; files: number; letters: number; entries: number }>(
    `select (select count(*)::int from events) as events,
            (select count(*)::int from content.files) as files,
            (select count(*)::int from content.letters) as letters,
            (select count(*)::int from sender_api.status_entries) as entries`,
  );
  return row!;
};

const pdfBytes = Buffer.from('%PDF-1.7\n% a small letter\n');

export const validMessage = (overrides: Record<string, unknown> = {}) => ({
  messageUUID: crypto.randomUUID(),
  sender: { authorityId: 'skat' },
  recipient: { kind: 'cpr', id: '0101901234' },
  title: 'Your annual tax statement',
  notificationText: 'You have new post from the Tax Agency',
  documents: [
    {
      role: 'main',
      title: 'Tax statement 2024',
      files: [
        {
          name: 'statement.pdf',
          mimeType: 'application/pdf',
          content: pdfBytes.toString('base64'),
        },
      ],
    },
  ],
  actions: [{ kind: 'payment', label: 'Pay now', url: 'https://betal.skat.dk/123' }],
  reply: { allowed: true, replyByDateTime: '2030-01-31T12:00:00+01:00' },
  legalNotification: false,
  ...overrides,
});

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
