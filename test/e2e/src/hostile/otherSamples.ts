import { randomUUID } from 'node:crypto';
import { call } from '../http.ts';
import { addForwardingRule, expectOk, fileOfLetters, inADay, type Fixture } from './fixture.ts';
import type { Sample, SampleParts, SampleTable } from './samples.ts';

const short = () => randomUUID().slice(0, 8);

const senderApi = (build: Sample['build']): Sample => ({ front: 'senderApi', build });

/**
 * A letter with every field the sender API knows, to the sink, so every field is a parameter
 * to replace. A fresh messageUUID each time: the same one with other content is a conflict
 * (409), which would hide what a replaced field does.
 */
const fullLetter = (fx: Fixture) => ({
  messageUUID: randomUUID(),
  sender: { authorityId: 'skat' },
  recipient: { kind: 'cpr', id: fx.sink.cpr },
  title: 'Your annual tax statement',
  notificationText: 'A new letter from Skat',
  documents: [
    {
      documentId: 'doc-1',
      role: 'main',
      title: 'Annual statement',
      files: [
        {
          fileId: 'file-1',
          name: 'statement.pdf',
          mimeType: 'application/pdf',
          content: fileOfLetters.content,
        },
      ],
    },
  ],
  actions: [{ kind: 'payment', label: 'Pay', url: 'https://skat.dk/pay' }],
  reply: { allowed: true, replyByDateTime: inADay() },
  doNotDeliverUntil: inADay(),
  inReplyTo: fx.sinkLetterId,
  legalNotification: false,
});

export const senderApiSamples: SampleTable = {
  'POST /v1/messages': senderApi(async (fx) => ({
    headers: { ...fx.authority },
    body: fullLetter(fx),
  })),
  'POST /v1/messages/batch': senderApi(async (fx) => ({
    headers: { ...fx.authority },
    body: { messages: [fullLetter(fx)] },
  })),
  'GET /v1/messages/{messageUUID}': senderApi(async (fx) => ({
    params: { messageUUID: fx.letterId },
    headers: { ...fx.authority },
  })),
  'GET /v1/receipts': senderApi(async (fx) => ({
    query: { after: fx.receiptsCursor, limit: '10' },
    headers: { ...fx.authority },
  })),
  'GET /v1/incoming': senderApi(async (fx) => ({
    query: { after: fx.incoming.cursor, limit: '10' },
    headers: { ...fx.authority },
  })),
  'POST /v1/incoming/acknowledgement': senderApi(async (fx) => ({
    body: { cursor: fx.incoming.cursor },
    headers: { ...fx.authority },
  })),
  'GET /v1/incoming/{messageUUID}/files/{sha256}': senderApi(async (fx) => ({
    params: { messageUUID: fx.sinkLetterId, sha256: fx.incoming.fileSha256 },
    headers: { ...fx.authority },
  })),
  'GET /v1/reachability/{kind}/{id}': senderApi(async (fx) => ({
    params: { kind: 'cpr', id: fx.citizen.cpr },
    headers: { ...fx.authority },
  })),
};

// The operations front sets X-Operator from the operator's token, whatever the client sent.
export const operations = (build: Sample['build']): Sample => ({
  front: 'operations',
  lenient: ['x-operator'],
  build,
});

export const asOperator = (fx: Fixture, parts: SampleParts): SampleParts => ({
  ...parts,
  headers: { ...fx.operator, ...parts.headers },
});

/** A CPR number no register reported: a person to exempt without touching anyone's post. */
const freshCpr = (): string => {
  const two = (n: number) => String(n).padStart(2, '0');
  const random = (n: number) => Math.floor(Math.random() * n);
  return `${two(1 + random(28))}${two(1 + random(12))}${two(random(100))}${random(4)}${String(random(1000)).padStart(3, '0')}`;
};

const CASE = 'HOSTILE-1';

const exempted = async (fx: Fixture) => {
  const subject = { kind: 'cpr', id: freshCpr() };
  const granted = await call(fx.system.operations, 'POST', '/admin/enrollment/exemptions', {
    headers: fx.operator,
    body: { subject, grantedBy: 'kommune-101', caseReference: CASE },
  });
  expectOk(granted, 'granting an exemption');
  return subject;
};

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export const operationsSamples: SampleTable = {
  'POST /admin/mailboxes/{mailboxId}/forwarding-rules': operations(async (fx) =>
    asOperator(fx, {
      params: { mailboxId: `authority:hostile-${short()}` },
      headers: { 'x-operator': 'ops-1' },
      body: { ruleId: randomUUID(), targetMailboxId: 'cvr:87654321' },
    }),
  ),
  'GET /admin/mailboxes/{mailboxId}/forwarding-rules': operations(async (fx) =>
    asOperator(fx, { params: { mailboxId: fx.ruleMailboxId } }),
  ),
  'DELETE /admin/mailboxes/{mailboxId}/forwarding-rules/{ruleId}': operations(async (fx) => {
    const rule = await addForwardingRule(fx.system, fx.operator.authorization.slice(7));
    return asOperator(fx, { params: { ...rule }, headers: { 'x-operator': 'ops-1' } });
  }),
  'GET /admin/mailboxes/refused-access': operations(async (fx) =>
    asOperator(fx, { query: { limit: '10' } }),
  ),
  'GET /admin/consumers': operations(async (fx) => asOperator(fx, {})),
  'GET /admin/log': operations(async (fx) =>
    asOperator(fx, {
      // Every filter at once: the window is likely empty, and each parameter is still read.
      query: {
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: String(Number.MAX_SAFE_INTEGER),
        category: 'message',
        type: 'MessageAccepted',
        stream: 'message-hostile',
        sender: 'authority:skat',
        mailbox: 'cpr:0101901234',
        ruleVersion: 'rules-2023.08', // text: a forwarding rule's number is compared as text
        release: 'routing-1',
        format: 'ndjson',
      },
    }),
  ),
  'GET /admin/notification/failures': operations(async (fx) =>
    asOperator(fx, {
      headers: { 'x-operator': 'ops-1' },
      query: { since: new Date(Date.now() - 3_600_000).toISOString(), limit: '10' },
    }),
  ),
  'GET /admin/notification/quiet-period': operations(async (fx) =>
    asOperator(fx, { headers: { 'x-operator': 'ops-1' } }),
  ),
  'PUT /admin/notification/quiet-period': operations(async (fx) =>
    asOperator(fx, {
      headers: { 'x-operator': 'ops-1' },
      body: {
        period: { from: '22:00', until: '07:00', timeZone: 'Europe/Copenhagen' },
        caseReference: 'OPS-2026-1',
      },
    }),
  ),
  'POST /admin/access/administrators': operations(async (fx) =>
    asOperator(fx, {
      headers: { 'x-operator': 'ops-1' },
      body: {
        mailboxId: 'cvr:12345678',
        employee: { cvr: '12345678', rid: String(1 + Math.floor(Math.random() * 1e6)) },
        caseReference: 'OPS-2026-1',
      },
    }),
  ),
  // On Kafka only: where the relay stands, and publishing the log again.
  'GET /admin/relay': { ...operations(async (fx) => asOperator(fx, {})), deployments: ['scale'] },
  'POST /admin/relay/republish': {
    ...operations(async (fx) => asOperator(fx, { body: { from: 1, caseReference: 'OPS-2026-1' } })),
    deployments: ['scale'],
  },
  'GET /admin/held-messages': operations(async (fx) =>
    asOperator(fx, { query: { reason: 'scheduled_delivery', limit: '10' } }),
  ),
  'POST /admin/enrollment/exemptions': operations(async (fx) =>
    asOperator(fx, {
      body: {
        subject: { kind: 'cpr', id: freshCpr() },
        exemptionId: `ex-${short()}`,
        grantedBy: 'kommune-101',
        validUntil: inADay(),
        caseReference: CASE,
      },
    }),
  ),
  'POST /admin/enrollment/exemptions/end': operations(async (fx) =>
    asOperator(fx, {
      body: { subject: await exempted(fx), reason: 'revoked_by_authority', caseReference: CASE },
    }),
  ),
  'GET /admin/enrollment/held-changes': operations(async (fx) =>
    asOperator(fx, {
      query: { breakerKey: 'rule-version:none', status: 'open', limit: '10', after: randomUUID() },
    }),
  ),
  'POST /admin/enrollment/held-changes/decision': operations(async (fx) =>
    asOperator(fx, {
      body: { decision: 'reject', breakerKey: 'rule-version:none', caseReference: CASE },
    }),
  ),
  'POST /admin/enrollment/held-changes/decision#pendingIds': operations(async (fx) =>
    asOperator(fx, {
      body: { decision: 'reject', pendingIds: [randomUUID()], caseReference: CASE },
    }),
  ),
  'GET /admin/enrollment/audit': operations(async (fx) => asOperator(fx, {})),
  'POST /admin/enrollment/remediations/reenroll': operations(async (fx) =>
    asOperator(fx, {
      body: { subjects: [{ kind: 'cpr', id: fx.citizen.cpr }], caseReference: CASE },
    }),
  ),
  'POST /admin/enrollment/remediations/apply-rules': operations(async (fx) =>
    asOperator(fx, {
      body: { subjects: [{ kind: 'cpr', id: fx.citizen.cpr }], caseReference: CASE },
    }),
  ),
  'GET /admin/enrollment/changes': operations(async (fx) =>
    asOperator(fx, {
      query: { from: `${day(-7)}T00:00:00Z`, to: new Date().toISOString(), format: 'json' },
    }),
  ),
  'GET /admin/enrollment/register-rejections': operations(async (fx) =>
    asOperator(fx, {
      query: { batchId: 'e2e-00000001', feed: 'registers', limit: '10', offset: '0' },
    }),
  ),
  'POST /admin/enrollment/day-change': operations(async (fx) =>
    asOperator(fx, { body: { runDate: day(-1) } }),
  ),
};
