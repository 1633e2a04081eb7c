import { randomUUID } from 'node:crypto';
import { categoryOf, type RecordedEvent } from '@digital-post/event-store';
import { contractCheckedStore } from '@digital-post/service-kit';
import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineNames, openEngine, type OpenedEngine } from '@digital-post/event-store/testing';
import type { NoticeDetailsPort } from '@digital-post/contracts';
import { createNoticeDetails } from './noticeDetails.ts';
import { newCpr, newCvr } from '@digital-post/testing';
import { noticeDetailsDigest } from './noticeDetailsDecider.ts';

interface DetailsRow {
  details_version: number;
  phone: string | null;
  email: string | null;
  sha256: string;
  digest_salt: string;
  confirmed_at: unknown;
}

const USERS = 300;

const clock = () => {
  let t = Date.parse('2026-01-05T08:00:00.000Z');
  return () => new Date((t += 1000));
};

describe.each(engineNames)('details for notices on %s', (engineName) => {
  let sut: OpenedEngine;
  let details: NoticeDetailsPort;

  beforeAll(async () => {
    sut = await openEngine(engineName, 'notification');
    details = await createNoticeDetails({ store: sut.store, db: sut.db, now: clock() });
  });
  afterAll(() => sut?.dispose());

  const rowsOf = (mailboxId: string) =>
    sut.db.query<DetailsRow>(
      `select details_version, phone, email, sha256, digest_salt, confirmed_at
         from notification.notice_details where mailbox_id = $1 order by details_version`,
      [mailboxId],
    );
  const streamOf = (mailboxId: string) => sut.store.readStream(`contact-${mailboxId}`);

  /**
   * The whole global log in one read, once everything committed is visible (on the server the
   * log holds back events while any older transaction anywhere is still running). One read,
   * not pages: paging with `after` on PGlite 0.5.16 loses events, since its xid8 ordering is
   * wrong once transaction ids pass 999 (see the report of this change).
   */
  const wholeLog = (): Promise<RecordedEvent[]> =>
    waitFor(
      async () => {
        const [counted] = await sut.db.query<{ n: unknown }>('select count(*) as n from events');
        const events = await sut.store.readAll({ batchSize: 1_000_000 });
        return events.length === Number(counted!.n) && events;
      },
      { message: 'the whole global log' },
    );

  it('registers, reads and confirms details, keeping them out of the events', async () => {
    const mailboxId = `cpr:${newCpr()}`;
    expect(await details.read(mailboxId)).toBeNull();
    const changed = await details.change(mailboxId, { phone: '+4512345678', email: 'a@b.dk' });
    expect(changed).toMatchObject({
      detailsVersion: 1,
      phone: '+4512345678',
      email: 'a@b.dk',
      channels: ['sms', 'email'],
      confirmedAt: null,
    });
    expect(await details.read(mailboxId)).toEqual(changed);
    const confirmed = await details.confirm(mailboxId, 1);
    expect(confirmed).toEqual({ ...changed, confirmedAt: expect.any(String) });

    const events = await streamOf(mailboxId);
    expect(events.map((e) => [e.type, e.schemaVersion])).toEqual([
      ['NoticeDetailsChanged', 1],
      ['NoticeDetailsConfirmed', 1],
    ]);
    const onTheBus = JSON.stringify(events.map((e) => [e.data, e.metadata]));
    expect(onTheBus).not.toContain('12345678');
    expect(onTheBus).not.toContain('a@b.dk');
    const [row] = await rowsOf(mailboxId);
    expect(events[0]!.data).toMatchObject({
      detailsVersion: 1,
      channels: ['sms', 'email'],
      detailsSha256: noticeDetailsDigest(
        { phone: '+4512345678', email: 'a@b.dk' },
        row!.digest_salt,
      ),
    });
  });

  it('changes nothing for the same details, and clears them with both null', async () => {
    const mailboxId = `cvr:${newCvr()}`;
    await details.change(mailboxId, { phone: null, email: 'post@firma.dk' });
    const again = await details.change(mailboxId, { phone: null, email: 'post@firma.dk' });
    expect(again.detailsVersion).toBe(1);
    expect(await streamOf(mailboxId)).toHaveLength(1);
    const cleared = await details.change(mailboxId, { phone: null, email: null });
    expect(cleared).toMatchObject({ detailsVersion: 2, phone: null, email: null, channels: [] });
    await expect(details.confirm(mailboxId, 2)).rejects.toMatchObject({
      rule: 'no-notice-details',
    });
    expect(await rowsOf(mailboxId)).toHaveLength(2);
  });

  it('writes nothing for a stale confirmation', async () => {
    const mailboxId = `cpr:${newCpr()}`;
    await details.change(mailboxId, { phone: '+4511111111', email: null });
    await details.change(mailboxId, { phone: '+4522222222', email: null });
    const rowsBefore = await rowsOf(mailboxId);
    await expect(details.confirm(mailboxId, 1)).rejects.toMatchObject({
      name: 'DomainRuleError',
      rule: 'notice-details-changed',
      status: 409,
    });
    expect(await streamOf(mailboxId)).toHaveLength(2);
    expect(await rowsOf(mailboxId)).toEqual(rowsBefore);
    expect((await details.read(mailboxId))?.confirmedAt).toBeNull();
  });

  it('writes nothing for bad input: no event, no row', async () => {
    const mailboxId = `cpr:${newCpr()}`;
    const bad: Array<() => Promise<unknown>> = [
      () => details.change(mailboxId, { phone: '12345678', email: null }),
      () => details.change(mailboxId, { phone: '+451234567', email: null }),
      () => details.change(mailboxId, { phone: null, email: 'not-an-address' }),
      () => details.change(mailboxId, { phone: null, email: `${'a'.repeat(250)}@x.dk` }),
      () => details.change(mailboxId, { phone: null } as never),
      () => details.change(mailboxId, { phone: null, email: null, enrolled: false } as never),
      () => details.change('cpr:1', { phone: null, email: null }),
      () => details.change("cpr:0101901234' or 1=1", { phone: null, email: null }),
      () => details.confirm(mailboxId, 0),
      () => details.confirm(mailboxId, 1.5),
      () => details.confirm(mailboxId, Number.NaN),
      () => details.read('skat'),
      () => details.read('authority:sk:at'),
    ];
    for (const call of bad) {
      await expect(call()).rejects.toMatchObject({ name: 'ProblemError', status: 400 });
    }
    expect(await streamOf(mailboxId)).toEqual([]);
    expect(await rowsOf(mailboxId)).toEqual([]);
    for (const hostile of ['cpr:1', "cpr:0101901234' or 1=1"]) {
      expect(await streamOf(hostile)).toEqual([]);
      expect(await rowsOf(hostile)).toEqual([]);
    }
  });

  it('appends the event and its row in one transaction: a failing row writes no event', async () => {
    const mailboxId = `cpr:${newCpr()}`;
    // A row for version 1 with no event: the change's own row then clashes with it.
    await sut.db.query(
      `insert into notification.notice_details
         (mailbox_id, details_version, sha256, digest_salt, changed_at)
       values ($1, 1, 'x', 'y', now())`,
      [mailboxId],
    );
    await expect(
      details.change(mailboxId, { phone: '+4512345678', email: null }),
    ).rejects.toThrow();
    expect(await streamOf(mailboxId)).toEqual([]);
  });

  it('keeps every version in the log and its row in step under concurrent changes', async () => {
    const mailboxId = `cpr:${newCpr()}`;
    const phones = ['+4530000001', '+4530000002', '+4530000003', '+4530000004'];
    await Promise.all(phones.map((phone) => details.change(mailboxId, { phone, email: null })));
    const events = await streamOf(mailboxId);
    const rows = await rowsOf(mailboxId);
    expect(events.map((e) => (e.data as { detailsVersion: number }).detailsVersion)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(rows.map((r) => r.phone).sort()).toEqual(phones);
    for (const [index, row] of rows.entries()) {
      const digest = noticeDetailsDigest({ phone: row.phone, email: null }, row.digest_salt);
      expect(row.sha256).toBe(digest);
      expect((events[index]!.data as { detailsSha256: string }).detailsSha256).toBe(digest);
    }
  });

  /**
   * August 2023: an update made users who confirmed or updated their contact details be
   * unenrolled. Here every user is enrolled, then confirms, changes and confirms again; the
   * enrollment streams must hold exactly what they held, and nothing but `contact-` streams
   * may have been written.
   */
  it(`never touches enrollment, for ${USERS} users who confirm and change their details`, async () => {
    const checked = contractCheckedStore(sut.store);
    const cprs = Array.from({ length: USERS }, () => newCpr());
    const enrolled = new Map<string, string>();
    for (const [n, cpr] of cprs.entries()) {
      const data = {
        mailboxId: `cpr:${cpr}`,
        cpr,
        cause: 'reached_age_15',
        firstEnrollment: true,
        enrolledAt: '2025-12-01T00:00:00.000Z',
        caseReference: null,
        trigger: 'register_event',
        triggerId: `r-${n}`,
        ruleVersion: 'citizen-rules/2026.1',
      };
      const id = randomUUID();
      await checked.append(
        `enrollment-${cpr}`,
        [{ id, type: 'CitizenEnrolled', schemaVersion: 3, data }],
        { expectedVersion: 'no_stream' },
      );
      enrolled.set(cpr, id);
    }
    const before = new Set((await wholeLog()).map((e) => e.id));
    expect([...enrolled.values()].every((id) => before.has(id))).toBe(true);

    const journey = async (cpr: string, n: number) => {
      const mailboxId = `cpr:${cpr}`;
      await expect(details.confirm(mailboxId, 1)).rejects.toMatchObject({
        rule: 'no-notice-details',
      });
      const first = await details.change(mailboxId, {
        phone: `+452${String(n).padStart(7, '0')}`,
        email: `user${n}@example.dk`,
      });
      await details.confirm(mailboxId, first.detailsVersion);
      const second = await details.change(mailboxId, { phone: null, email: `new${n}@example.dk` });
      const confirmed = await details.confirm(mailboxId, second.detailsVersion);
      expect(confirmed).toMatchObject({ detailsVersion: 2, channels: ['email'] });
      expect(confirmed.confirmedAt).not.toBeNull();
    };
    for (let i = 0; i < cprs.length; i += 10) {
      await Promise.all(cprs.slice(i, i + 10).map((cpr, k) => journey(cpr, i + k)));
    }

    for (const cpr of cprs) {
      const stream = await sut.store.readStream(`enrollment-${cpr}`);
      expect(stream.map((e) => [e.id, e.type, e.streamVersion])).toEqual([
        [enrolled.get(cpr), 'CitizenEnrolled', 1],
      ]);
    }
    const log = await wholeLog();
    const written = log.filter((e) => !before.has(e.id));
    expect(written).toHaveLength(USERS * 4);
    expect(new Set(written.map((e) => categoryOf(e.streamId)))).toEqual(new Set(['contact']));
    expect(new Set(written.map((e) => e.type))).toEqual(
      new Set(['NoticeDetailsChanged', 'NoticeDetailsConfirmed']),
    );
    for (const cpr of cprs) {
      expect((await sut.store.readStream(`contact-cpr:${cpr}`)).map((e) => e.type)).toEqual([
        'NoticeDetailsChanged',
        'NoticeDetailsConfirmed',
        'NoticeDetailsChanged',
        'NoticeDetailsConfirmed',
      ]);
    }
    // The whole log holds no enrollment event but the ones appended above.
    const enrollmentEvents = log.filter((e) => categoryOf(e.streamId) === 'enrollment');
    expect(enrollmentEvents.map((e) => e.id).sort()).toEqual([...enrolled.values()].sort());
  });
});
