import type { DomainRuleError } from '@digital-post/service-kit';
import { deciderSpec } from '@digital-post/service-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  noticeDetailsDecider,
  noticeDetailsDigest,
  type ChangeNoticeDetails,
  type ConfirmNoticeDetails,
  type NoticeDetailsEvent,
} from './noticeDetailsDecider.ts';

const mailboxId = 'cpr:0101901234';
const at = '2024-03-01T10:00:00.000Z';
const later = '2024-03-02T10:00:00.000Z';
const salt = 'a1b2c3';
const phone = '+4512345678';
const email = 'anna@example.dk';
const spec = deciderSpec(noticeDetailsDecider);

const change = (details: Partial<ChangeNoticeDetails> = {}): ChangeNoticeDetails => ({
  type: 'ChangeNoticeDetails',
  mailboxId,
  phone,
  email,
  digestSalt: salt,
  at,
  ...details,
});

const confirm = (detailsVersion: number, when = later): ConfirmNoticeDetails => ({
  type: 'ConfirmNoticeDetails',
  mailboxId,
  detailsVersion,
  at: when,
});

const changed = (
  detailsVersion: number,
  details: { phone: string | null; email: string | null } = { phone, email },
  when = at,
): NoticeDetailsEvent => ({
  type: 'NoticeDetailsChanged',
  schemaVersion: 1,
  data: {
    mailboxId,
    detailsVersion,
    channels: [
      ...(details.phone === null ? [] : (['sms'] as const)),
      ...(details.email === null ? [] : (['email'] as const)),
    ],
    detailsSha256: noticeDetailsDigest(details, salt),
    changedAt: when,
  },
});

const confirmed = (detailsVersion: number, when = later): NoticeDetailsEvent => ({
  type: 'NoticeDetailsConfirmed',
  schemaVersion: 1,
  data: { mailboxId, detailsVersion, confirmedAt: when },
});

const ruleBroken = (rule: string) => (error: unknown) =>
  expect(error).toMatchObject({
    name: 'DomainRuleError',
    rule,
    status: 409,
  } satisfies Partial<DomainRuleError>);

describe('changing details for notices', () => {
  it('registers the first details as version 1, with channels and a digest', () => {
    spec
      .given([])
      .when(change())
      .then([changed(1)]);
  });

  it('counts each change', () => {
    spec
      .given([changed(1), confirmed(1)])
      .when(change({ phone: '+4587654321', at: later }))
      .then([changed(2, { phone: '+4587654321', email }, later)]);
  });

  it('changes nothing when the details are the same as now', () => {
    spec
      .given([changed(1)])
      .when(change({ at: later }))
      .then([]);
    spec
      .given([changed(1), changed(2, { phone: null, email: null })])
      .when(change({ phone: null, email: null }))
      .then([]);
  });

  it('clears the details with both null, leaving no channel', () => {
    spec
      .given([changed(1)])
      .when(change({ phone: null, email: null }))
      .then([changed(2, { phone: null, email: null })]);
  });

  it('records a choice of no notices even when nothing was registered before', () => {
    spec
      .given([])
      .when(change({ phone: null, email: null }))
      .then([changed(1, { phone: null, email: null })]);
  });

  it('keeps one channel when only one detail is given', () => {
    spec
      .given([changed(1)])
      .when(change({ phone: null }))
      .then([changed(2, { phone: null, email })]);
  });
});

describe('confirming details for notices', () => {
  it('confirms the version the user saw', () => {
    spec
      .given([changed(1)])
      .when(confirm(1))
      .then([confirmed(1)]);
    spec
      .given([changed(1), confirmed(1), changed(2, { phone: null, email })])
      .when(confirm(2))
      .then([confirmed(2)]);
  });

  it('records every confirmation of the same version, each with its time', () => {
    spec
      .given([changed(1), confirmed(1)])
      .when(confirm(1, '2025-03-01T10:00:00.000Z'))
      .then([confirmed(1, '2025-03-01T10:00:00.000Z')]);
  });

  it('refuses a confirmation when there are no details', () => {
    spec.given([]).when(confirm(1)).thenThrows(ruleBroken('no-notice-details'));
    spec
      .given([changed(1), changed(2, { phone: null, email: null })])
      .when(confirm(2))
      .thenThrows(ruleBroken('no-notice-details'));
  });

  it('refuses a confirmation of a version that is no longer the newest', () => {
    spec
      .given([changed(1), changed(2, { phone: null, email })])
      .when(confirm(1))
      .thenThrows(ruleBroken('notice-details-changed'));
    spec
      .given([changed(1)])
      .when(confirm(2))
      .thenThrows(ruleBroken('notice-details-changed'));
  });
});

describe('the digest', () => {
  it('depends on the salt, so the bus cannot be searched for a known number', () => {
    const details = { phone, email: null };
    expect(noticeDetailsDigest(details, 'one')).not.toBe(noticeDetailsDigest(details, 'two'));
    expect(noticeDetailsDigest(details, 'one')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells a phone number from the same text as an e-mail address', () => {
    expect(noticeDetailsDigest({ phone: 'x', email: null }, salt)).not.toBe(
      noticeDetailsDigest({ phone: null, email: 'x' }, salt),
    );
  });
});
