import type { Acting, PopulationPort } from '@digital-post/contracts';
import { engineNames, openEngine, type OpenedEngine } from '@digital-post/event-store/testing';
import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessControl, type AccessControl } from './accessControl.ts';

const mother = { kind: 'citizen', cpr: '0101601234' } as const;
const son = { kind: 'citizen', cpr: '0101901234' } as const;
const stranger = { kind: 'citizen', cpr: '0202021234' } as const;
const admin = { kind: 'employee', cvr: '12345678', rid: '1' } as const;
const clerk = { kind: 'employee', cvr: '12345678', rid: '2' } as const;
const as = (person: Acting['person']): Acting => ({ person, viewingClient: 'mit_dk' });
const aunt = { kind: 'citizen', cpr: '0303703456' } as const;
const motherBox = 'cpr:0101601234';
const unknownCpr = '0505051234';

/** The population register, as the enrollment service answers for it: these people live. */
const population: PopulationPort = {
  isLivingPerson: async (cpr) => [mother, son, stranger, aunt].some((p) => p.cpr === cpr),
};
const company = 'cvr:12345678';

describe.each(engineNames)('access control on %s', (engineName) => {
  let sut: OpenedEngine;
  let access: AccessControl;
  let now = Date.parse('2026-03-01T10:00:00.000Z');

  beforeAll(async () => {
    sut = await openEngine(engineName, 'access');
    access = await createAccessControl({
      store: sut.store,
      db: sut.db,
      now: () => new Date(now),
      population,
    });
  });
  afterAll(async () => {
    await access?.close();
    await sut?.dispose();
  });

  const streamTypes = async (mailboxId: string) =>
    (await sut.store.readStream(`access-${mailboxId}`)).map((event) => event.type);

  it('gives full access that the holder holds at once, and both see it', async () => {
    const grant = await access.grant(as(mother), motherBox, { holderCpr: son.cpr, access: 'full' });
    expect(grant).toMatchObject({ holderId: 'cpr:0101901234', right: 'full', endsAt: null });
    expect(await access.rightsOf(son)).toEqual([
      { mailboxId: motherBox, right: 'full', endsAt: null },
    ]);
    expect(await access.grantsOn(as(mother), motherBox)).toEqual([grant]);
    expect(await access.grantsOn(as(son), motherBox)).toEqual([grant]);
    expect(await access.grantsHeld(son)).toEqual([grant]);
    await expect(access.grantsOn(as(stranger), motherBox)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('takes it back at once; a second revocation is a conflict that writes nothing', async () => {
    await access.revoke(as(mother), motherBox, 'cpr:0101901234');
    expect(await access.rightsOf(son)).toEqual([]);
    const before = await streamTypes(motherBox);
    await expect(access.revoke(as(mother), motherBox, 'cpr:0101901234')).rejects.toMatchObject({
      rule: 'no-access-to-revoke',
      status: 409,
    });
    expect(await streamTypes(motherBox)).toEqual(before);
    expect(before).toEqual(['FullAccessGranted', 'AccessRevoked']);
  });

  it('hears of a revocation made by another process, though it keeps what it read for long', async () => {
    const opened = { store: sut.store, db: sut.db, now: () => new Date(now), population };
    // Kept for ten minutes: only the change's notification can make it read again sooner.
    const keeper = await createAccessControl({ ...opened, rightsKeptMs: 600_000 });
    const other = await createAccessControl(opened);
    try {
      await other.grant(as(aunt), 'cpr:0303703456', { holderCpr: stranger.cpr, access: 'read' });
      await waitFor(async () => (await keeper.rightsOf(stranger)).length === 1, {
        message: 'the grant heard of',
      });
      await other.revoke(as(aunt), 'cpr:0303703456', 'cpr:0202021234');
      // The process that made the change knows at once.
      expect(await other.rightsOf(stranger)).toEqual([]);
      await waitFor(async () => (await keeper.rightsOf(stranger)).length === 0, {
        message: 'the revocation heard of',
        timeoutMs: 30_000,
      });
    } finally {
      await keeper.close();
      await other.close();
    }
  });

  it('refuses bad input with a clear problem and writes nothing', async () => {
    const bad: Array<[unknown, string]> = [
      [{ holderCpr: '3213901234', access: 'read' }, 'not a date'],
      [{ holderCpr: son.cpr, access: 'admin' }, 'unknown access'],
      [{ holderCpr: son.cpr, access: 'read', endsAt: 'tomorrow' }, 'not an instant'],
      [{ holderCpr: son.cpr, access: 'read', folder: 'inbox' }, 'a subset'],
    ];
    for (const [input] of bad) {
      await expect(access.grant(as(mother), motherBox, input as never)).rejects.toMatchObject({
        status: 400,
      });
    }
    await expect(
      access.grant(as(mother), motherBox, { holderCpr: mother.cpr, access: 'read' }),
    ).rejects.toMatchObject({ rule: 'access-to-oneself' });
    await expect(
      access.grant(as(mother), motherBox, {
        holderCpr: son.cpr,
        access: 'read',
        endsAt: '2026-02-01T00:00:00Z',
      }),
    ).rejects.toMatchObject({ rule: 'ends-in-the-past' });
    await expect(
      access.grant(as(son), motherBox, { holderCpr: stranger.cpr, access: 'read' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    // A CPR number no living person has; to anyone but the owner, as any mailbox not theirs.
    await expect(
      access.grant(as(mother), motherBox, { holderCpr: unknownCpr, access: 'read' }),
    ).rejects.toMatchObject({ rule: 'unknown-person', status: 422 });
    await expect(
      access.grant(as(son), motherBox, { holderCpr: unknownCpr, access: 'read' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(await streamTypes(motherBox)).toEqual(['FullAccessGranted', 'AccessRevoked']);
  });

  it('ends a grant at its end, and records the expiry once', async () => {
    await access.grant(as(mother), motherBox, {
      holderCpr: son.cpr,
      access: 'read',
      endsAt: '2026-03-01T12:00:00+01:00',
    });
    expect(await access.rightsOf(son)).toEqual([
      { mailboxId: motherBox, right: 'read', endsAt: '2026-03-01T11:00:00.000Z' },
    ]);
    now = Date.parse('2026-03-01T11:00:00.000Z');
    expect(await access.rightsOf(son)).toEqual([]);
    expect(await access.recordExpiries()).toBe(1);
    expect(await access.recordExpiries()).toBe(0);
    expect((await streamTypes(motherBox)).at(-1)).toBe('AccessExpired');
  });

  it("names an organisation's first administrator on a case, who then gives its staff rights", async () => {
    await expect(
      access.grant(as(admin), company, {
        employee: { cvr: clerk.cvr, rid: clerk.rid },
        right: 'read',
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    const named = await access.appointAdministrator(
      'ops-1',
      company,
      { cvr: admin.cvr, rid: admin.rid },
      'SR-2026-17',
    );
    expect(named).toMatchObject({
      holderId: 'cvr:12345678:rid:1',
      right: 'administer',
      grantedBy: 'operator:ops-1',
    });
    await access.grant(as(admin), company, {
      employee: { cvr: clerk.cvr, rid: clerk.rid },
      right: 'write',
    });
    expect(await access.rightsOf(clerk)).toEqual([
      { mailboxId: company, right: 'write', endsAt: null },
    ]);
    expect((await access.grantsOn(as(admin), company)).map((grant) => grant.holderId)).toEqual([
      'cvr:12345678:rid:1',
      'cvr:12345678:rid:2',
    ]);
    await expect(access.revoke(as(admin), company, 'cvr:12345678:rid:1')).rejects.toMatchObject({
      rule: 'last-administrator',
    });
    await expect(
      access.appointAdministrator(
        'ops-1',
        company,
        { cvr: admin.cvr, rid: admin.rid },
        'no spaces allowed',
      ),
    ).rejects.toMatchObject({ status: 400 });
  });
});
