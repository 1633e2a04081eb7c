import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPgliteStore, type OpenedStore } from '@digital-post/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractCheckedStore } from '../eventContracts.ts';
import { deterministicUuid, seedEnrollments } from './seedEnrollments.ts';

const exampleFile = fileURLToPath(new URL('../../seeds/enrollments.example.json', import.meta.url));

describe('seeding enrollments', () => {
  let opened: OpenedStore;
  let directory: string;
  beforeAll(async () => {
    opened = await openPgliteStore();
    directory = await mkdtemp(join(tmpdir(), 'dp-seed-'));
  });
  afterAll(async () => {
    await opened.store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('appends the example facts once, however often it is loaded', async () => {
    const store = contractCheckedStore(opened.store);
    expect(await seedEnrollments(store, exampleFile)).toEqual({
      appended: 5,
      alreadySeeded: 0,
      refused: [],
    });
    expect(await seedEnrollments(store, exampleFile)).toEqual({
      appended: 0,
      alreadySeeded: 4,
      refused: [],
    });
    const exempt = await opened.store.readStream('enrollment-0202852345');
    expect(exempt.map((event) => event.type)).toEqual([
      'CitizenEnrolled',
      'ExemptionGranted',
      'CitizenUnenrolled',
    ]);
    expect(exempt[0]!.metadata.actor).toEqual({ kind: 'system', id: 'enrollment-seed' });
  });

  it('never undoes a later change, and reports facts the rules refuse', async () => {
    const store = contractCheckedStore(opened.store);
    const file = join(directory, 'seed.json');
    const fact = (action: string, extra: object) => ({
      action,
      subject: { kind: 'cpr', id: '0303903456' },
      caseReference: 'seed-9',
      at: '2024-01-01T00:00:00.000Z',
      ...extra,
    });
    const enroll = fact('enroll', { cause: 'reached_age_15' });
    await writeFile(file, JSON.stringify([enroll]));
    await seedEnrollments(store, file);
    // An operator unenrolls; loading the seed again must not enroll again.
    await opened.store.append('enrollment-0303903456', [
      {
        type: 'CitizenUnenrolled',
        schemaVersion: 2,
        data: {
          mailboxId: 'cpr:0303903456',
          cpr: '0303903456',
          reason: 'emigrated',
          unenrolledAt: '2024-02-01T00:00:00.000Z',
          caseReference: 'J-7',
        },
      },
    ]);
    expect(await seedEnrollments(store, file)).toMatchObject({ appended: 0, alreadySeeded: 1 });
    const unenroll = fact('unenroll', { reason: 'correction', at: '2024-03-01T00:00:00.000Z' });
    await writeFile(file, JSON.stringify([unenroll]));
    expect(await seedEnrollments(store, file)).toMatchObject({
      refused: [{ subject: 'cpr:0303903456', rule: 'not-enrolled' }],
    });
  });

  it('refuses a malformed seed file before writing anything', async () => {
    const file = join(directory, 'bad.json');
    await writeFile(
      file,
      JSON.stringify([{ action: 'enroll', subject: { kind: 'cpr', id: '3199001234' } }]),
    );
    await expect(seedEnrollments(opened.store, file)).rejects.toThrow();
  });

  it('derives the same UUID from the same fact', () => {
    expect(deterministicUuid('k', 0)).toBe(deterministicUuid('k', 0));
    expect(deterministicUuid('k', 0)).not.toBe(deterministicUuid('k', 1));
    expect(deterministicUuid('k', 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
