import fc from 'fast-check';
import type { Fixture } from './fixture.ts';
import { faultsOf, outcomeOf, shown, type Finding } from './findings.ts';
import {
  canonicalValues,
  hostileValues,
  kindOf,
  mustBeRefused,
  type Hostile,
} from './mutations.ts';
import { labelOf, withValue, type Parameter } from './parameters.ts';
import { send, type Reply, type RequestSpec } from './request.ts';
import { operationOf, type Sample } from './samples.ts';

/** What one deployment's run has learnt so far. */
export interface Probe {
  fx: Fixture;
  findings: Finding[];
  /** Correlation ids of the requests refused with 4xx, by operation: none may have written. */
  refused: Map<string, string[]>;
  sent: number;
  /** Statuses seen by `operation parameter class`, for reading what was accepted. */
  observed: Map<string, Set<number>>;
}

export const buildRequest = async (fx: Fixture, key: string, sample: Sample) => {
  const [method, path] = operationOf(key).split(' ') as [string, string];
  const parts = await sample.build(fx);
  const spec: RequestSpec = { method, path, params: {}, query: {}, headers: {}, ...parts };
  return spec;
};

/**
 * Sends a request under its own correlation id, which the services copy onto every event the
 * request writes and every event those set off: what a refused request wrote can be found.
 */
const sendTagged = async (probe: Probe, sample: Sample, spec: RequestSpec) => {
  probe.sent += 1;
  const correlationId = `hostile-${process.pid}-${probe.sent}`;
  const tagged = { ...spec, headers: { ...spec.headers, 'x-correlation-id': correlationId } };
  return { reply: await send(probe.fx.system[sample.front], tagged), correlationId };
};

/** The sample itself, once: it must be accepted, or its mutations would test nothing. */
export const sampleFault = async (probe: Probe, key: string, sample: Sample) => {
  const { reply } = await sendTagged(probe, sample, await buildRequest(probe.fx, key, sample));
  const { status } = outcomeOf(operationOf(key), reply);
  if (status >= 200 && status < 300) return undefined;
  return { status, detail: reply.text.slice(0, 300) };
};

// `Bearer` kept, so a hostile token reaches the token's parser rather than the scheme check.
const asSent = (parameter: Parameter, value: unknown) =>
  parameter.name === 'authorization' && typeof value === 'string' ? `Bearer ${value}` : value;

interface Trial {
  key: string;
  sample: Sample;
  parameter: Parameter;
  hostile: Hostile;
}

const findingOf = (
  trial: Trial,
  fault: Finding['fault'],
  status: number | null,
  detail?: string,
) => ({
  operation: trial.key,
  parameter: labelOf(trial.parameter),
  valueClass: trial.hostile.valueClass,
  fault,
  status,
  example: shown(trial.hostile.value),
  ...(detail && { detail }),
});

const contentRows = (writes: string) => writes.split(':').slice(1).join(':');

/** Whether a refused request wrote: content rows appeared, or events under its correlation id. */
const wroteWhenRefused = async (probe: Probe, before: string, after: string, id: string) => {
  if (before === after) return undefined;
  if (contentRows(before) !== contentRows(after)) return `rows ${before} → ${after}`;
  const events = await probe.fx.system.eventsCorrelatedWith([id]);
  return events > 0 ? `${events} events` : undefined;
};

const detailOf = (reply: Reply) => reply.text.replace(/\s+/g, ' ').slice(0, 160);

/** One hostile request: every fault it shows is recorded, none thrown, so all are found. */
const trial = async (probe: Probe, t: Trial) => {
  const spec = withValue(
    await buildRequest(probe.fx, t.key, t.sample),
    t.parameter,
    asSent(t.parameter, t.hostile.value),
  );
  const before = await probe.fx.system.writes();
  let sent: Awaited<ReturnType<typeof sendTagged>>;
  try {
    sent = await sendTagged(probe, t.sample, spec);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    probe.findings.push(findingOf(t, 'no answer', null, `${error}${cause ? `: ${cause}` : ''}`));
    return;
  }
  const outcome = outcomeOf(operationOf(t.key), sent.reply);
  const kind = kindOf(t.parameter.name.split('/').pop()!, t.parameter.sample);
  const lenient = t.sample.lenient?.includes(t.parameter.name) ?? false;
  const refuse =
    !lenient && mustBeRefused(t.hostile, kind, t.parameter.location, t.parameter.sample);
  for (const fault of faultsOf(outcome, refuse)) {
    probe.findings.push(findingOf(t, fault, outcome.status, detailOf(sent.reply)));
  }
  observe(probe, t, outcome.status);
  if (outcome.status < 400) return;
  const after = await probe.fx.system.writes();
  const wrote = await wroteWhenRefused(probe, before, after, sent.correlationId);
  const fault = outcome.status >= 500 ? 'wrote before failing' : 'wrote after refusing';
  if (wrote) probe.findings.push(findingOf(t, fault, outcome.status, wrote));
  if (outcome.status >= 500) return;
  const ids = probe.refused.get(t.key) ?? [];
  probe.refused.set(t.key, [...ids, sent.correlationId]);
};

const observe = (probe: Probe, t: Trial, status: number) => {
  const key = `${t.key} ${labelOf(t.parameter)} ${t.hostile.valueClass}`;
  probe.observed.set(key, (probe.observed.get(key) ?? new Set()).add(status));
};

/** fast-check replaces the one parameter: each class's canonical value first, then random ones. */
export const probeParameter = async (
  probe: Probe,
  key: string,
  sample: Sample,
  parameter: Parameter,
  numRuns: number,
) => {
  const kind = kindOf(parameter.name.split('/').pop()!, parameter.sample);
  const examples = canonicalValues(kind, parameter.sample, parameter.location).map(
    (hostile) => [hostile] as [Hostile],
  );
  await fc.assert(
    fc.asyncProperty(hostileValues(parameter.sample, parameter.location), async (hostile) => {
      await trial(probe, { key, sample, parameter, hostile });
    }),
    // fast-check counts the examples among the runs: the random ones come on top.
    { numRuns: examples.length + numRuns, examples },
  );
};

/** After the system has come to rest: what the refused requests set off wrote nothing either. */
export const lateWrites = async (probe: Probe, key: string) => {
  await probe.fx.system.settle();
  const events = await probe.fx.system.eventsCorrelatedWith(probe.refused.get(key) ?? []);
  return events;
};
