import { describe, expect, it } from 'vitest';
import { parseCsv } from '@digital-post/service-kit/testing';
import {
  sameDecision,
  wrongRecipientOf,
  type Decision,
  type RecordedDecision,
} from './decisions.ts';
import { incidentCsv } from './incidentCsv.ts';
import { incidentHtml } from './incidentHtml.ts';
import type { MisroutedLetter, RoutingIncident } from './reconstructRouting.ts';
import { summariesOf } from './summaries.ts';

const forwarded: Decision = {
  outcome: 'routed',
  channel: 'forwarded',
  mailboxId: 'cvr:20000001',
  ruleId: 'rule-1',
  ruleVersion: 1,
  heldFor: null,
};
const toCompany: Decision = {
  ...forwarded,
  channel: 'digital',
  mailboxId: 'cvr:10000002',
  ruleId: null,
  ruleVersion: null,
};

const recorded = (decision: Decision, messageId: string): RecordedDecision => ({
  ...decision,
  messageId,
  release: 'routing-2021.02',
  decidedAt: '2021-02-02T10:00:00.000Z',
  position: 42,
});

const misrouted = (messageId: string, senderId: string, opened = 0): MisroutedLetter => ({
  messageId,
  senderId,
  addressee: 'cvr:10000002',
  recorded: recorded(toCompany, messageId),
  trusted: forwarded,
  wrongRecipient: 'cvr:10000002',
  opened: Array.from({ length: opened }, () => ({
    mailboxId: 'cvr:10000002',
    actorId: 'cvr:10000002:rid:1001',
    viewingClient: 'e_boks',
    openedAt: '2021-02-03T09:00:00.000Z',
  })),
  notified: [],
  forwarded: false,
});

describe('comparing a recorded decision with the trusted one', () => {
  it('finds the same decision the same, a rule version apart different', () => {
    expect(sameDecision(recorded(forwarded, 'm'), forwarded)).toBe(true);
    expect(sameDecision({ ...forwarded, ruleVersion: 2 }, forwarded)).toBe(false);
  });

  it('names the mailbox that got a letter it should not have, and none for paper', () => {
    expect(wrongRecipientOf(toCompany, forwarded)).toBe('cvr:10000002');
    const paper = { ...toCompany, channel: 'paper' as const, mailboxId: null };
    expect(wrongRecipientOf(paper, forwarded)).toBeNull();
  });
});

describe('an incident in numbers and for people', () => {
  const letters = [
    misrouted('m-1', 'authority:skat', 1),
    misrouted('m-2', 'authority:skat'),
    misrouted('=m-3', 'authority:<script>alert(1)</script>'),
  ];
  const incident: RoutingIncident = {
    window: { from: { position: 0 } },
    trustedRelease: 'routing-2021.03',
    decisions: 100,
    misrouted: letters,
    ...summariesOf(letters),
  };

  it('counts by sender and by wrong recipient, largest first', () => {
    expect(incident.bySender[0]).toEqual({
      senderId: 'authority:skat',
      letters: 2,
      misdelivered: 2,
      opened: 1,
    });
    expect(incident.byWrongRecipient).toEqual([
      { mailboxId: 'cvr:10000002', letters: 3, opened: 1 },
    ]);
  });

  it('writes a letter a line of CSV, a formula disarmed', () => {
    const rows = parseCsv(incidentCsv(incident));
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain('cvr:10000002:rid:1001');
    expect(rows[3]![0]).toBe("'=m-3");
  });

  it('draws one page with a chart, and escapes what the log holds', () => {
    const html = incidentHtml(incident);
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });
});
