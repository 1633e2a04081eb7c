import { waitFor } from '@digital-post/testing';
import { call } from '../http.ts';
import { expectOk, type Fixture } from './fixture.ts';
import { asOperator, operations } from './otherSamples.ts';
import type { SampleTable } from './samples.ts';

/** A breach over the last minute of the log (likely no letters), recorded to act on. */
const recordBreach = async (
  fx: Fixture,
  stage: 'found' | 'preliminary' | 'follow-up' = 'found',
) => {
  const as = { headers: { ...fx.operator, 'x-operator': 'ops-1' } };
  const breaches = '/admin/breaches';
  const recorded = await call(fx.system.operations, 'POST', breaches, {
    ...as,
    body: breachBody(),
  });
  expectOk(recorded, 'recording a breach');
  const breachId = recorded.body.breachId as string;
  const file = async (path: string, body: object) =>
    expectOk(
      await call(fx.system.operations, 'POST', `${breaches}/${breachId}/${path}`, { ...as, body }),
      `filing ${path}`,
    );
  if (stage !== 'found') await file('preliminary', { authorityReference: 'DT-1' });
  if (stage === 'follow-up') await file('follow-up', {});
  return breachId;
};

const breachBody = () => ({
  kind: 'routing',
  from: new Date(Date.now() - 60_000).toISOString(),
  to: '1000000',
  foundAt: new Date().toISOString(),
  caseReference: 'INC-HOSTILE',
});

/** A reconstruction started in the background over the last minute, and followed. */
const jobSamples = (kind: 'routing' | 'enrollment'): SampleTable => {
  const jobs = `/admin/incidents/${kind}/jobs`;
  return {
    [`POST ${jobs}`]: operations(async (fx) =>
      asOperator(fx, {
        body: { from: new Date(Date.now() - 60_000).toISOString(), to: '1000000' },
      }),
    ),
    [`GET ${jobs}/{jobId}`]: operations(async (fx) => {
      const started = await call(fx.system.operations, 'POST', jobs, {
        headers: fx.operator,
        body: { from: new Date().toISOString() },
      });
      expectOk(started, 'starting a reconstruction');
      return asOperator(fx, {
        params: { jobId: started.body.jobId as string },
        query: { format: 'json' },
      });
    }),
  };
};

/** The first event of the log, once a signed checkpoint holds it. */
const firstChainedEvent = async (fx: Fixture): Promise<string> => {
  const log = await call(fx.system.operations, 'GET', '/admin/log?to=1', { headers: fx.operator });
  expectOk(log, 'reading the first event');
  // One event as NDJSON: the helper reads it as the JSON it is.
  const { eventId } = log.body as { eventId: string };
  await waitFor(
    async () =>
      (
        await call(fx.system.operations, 'GET', `/admin/evidence/proofs/${eventId}`, {
          headers: fx.operator,
        })
      ).status === 200,
    { message: 'a checkpoint holding the first event' },
  );
  return eventId;
};

/** The SREs' tools: incidents, their background runs, breaches, and streams at a moment. */
export const forensicsSamples: SampleTable = {
  'GET /admin/incidents/routing': operations(async (fx) =>
    asOperator(fx, {
      query: { from: new Date(Date.now() - 60_000).toISOString(), to: '1000000', format: 'json' },
    }),
  ),
  ...jobSamples('routing'),
  'GET /admin/incidents/enrollment': operations(async (fx) =>
    asOperator(fx, {
      query: { from: new Date(Date.now() - 60_000).toISOString(), to: '1000000', format: 'json' },
    }),
  ),
  ...jobSamples('enrollment'),
  // A dry run over the last minute: the hostile body must not carry anything out.
  'POST /admin/incidents/routing/remediation': operations(async (fx) =>
    asOperator(fx, {
      headers: { 'x-operator': 'ops-1' },
      query: { format: 'json' },
      body: {
        from: new Date(Date.now() - 60_000).toISOString(),
        to: '1000000',
        caseReference: 'INC-HOSTILE',
        execute: false,
      },
    }),
  ),
  'GET /admin/streams/{streamId}/state': operations(async (fx) =>
    asOperator(fx, {
      params: { streamId: `forwarding-${fx.ruleMailboxId}` },
      query: { at: new Date().toISOString(), format: 'json' },
    }),
  ),
  'POST /admin/breaches': operations(async (fx) =>
    asOperator(fx, { headers: { 'x-operator': 'ops-1' }, body: breachBody() }),
  ),
  'GET /admin/evidence/checkpoints': operations(async (fx) =>
    asOperator(fx, { query: { after: '0' } }),
  ),
  'GET /admin/evidence/proofs/{eventId}': operations(async (fx) =>
    asOperator(fx, {
      params: { eventId: await firstChainedEvent(fx) },
      query: { checkpoint: '1' },
    }),
  ),
  'GET /admin/breaches': operations(async (fx) =>
    asOperator(fx, { query: { overdue: 'false', format: 'json' } }),
  ),
  'GET /admin/breaches/{breachId}': operations(async (fx) =>
    asOperator(fx, { params: { breachId: await recordBreach(fx) } }),
  ),
  'GET /admin/breaches/{breachId}/report': operations(async (fx) =>
    asOperator(fx, {
      params: { breachId: await recordBreach(fx) },
      query: { stage: 'preliminary', format: 'json' },
    }),
  ),
  'POST /admin/breaches/{breachId}/preliminary': operations(async (fx) =>
    asOperator(fx, {
      params: { breachId: await recordBreach(fx) },
      headers: { 'x-operator': 'ops-1' },
      body: { authorityReference: 'DT-2021-0001' },
    }),
  ),
  'POST /admin/breaches/{breachId}/follow-up': operations(async (fx) =>
    asOperator(fx, {
      params: { breachId: await recordBreach(fx, 'preliminary') },
      headers: { 'x-operator': 'ops-1' },
      body: {},
    }),
  ),
  'POST /admin/breaches/{breachId}/close': operations(async (fx) =>
    asOperator(fx, {
      params: { breachId: await recordBreach(fx, 'follow-up') },
      headers: { 'x-operator': 'ops-1' },
      body: {},
    }),
  ),
};
