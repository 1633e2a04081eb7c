import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTelemetry, type Telemetry } from '@digital-post/telemetry';
import { waitFor } from '@digital-post/testing';
import { enroll, letterTo } from './actors.ts';
import { send, statusReaches } from './flows.ts';
import { startSystem, type Deployment, type RunningSystem } from './system.ts';

const deployments: Deployment[] = ['embedded', 'scale'];

/**
 * The OpenTelemetry SDK as the process starts it, its spans kept in memory: a letter's trace
 * runs from the authority's hand-in through routing to the mailbox that delivers it, across the
 * log and (at scale) Kafka.
 */
describe.each(deployments)('one trace from hand-in to delivery (%s)', (deployment) => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry | undefined;
  let system: RunningSystem;
  beforeAll(async () => {
    telemetry = startTelemetry({ exporter, serviceName: 'digital-post test' });
    system = await startSystem(deployment);
  }, 120_000);
  afterAll(async () => {
    await system?.close();
    await telemetry?.shutdown();
  });

  it('follows the letter through every service that handles it', async () => {
    const cpr = '0707907890';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');
    const handIn = exporter
      .getFinishedSpans()
      .find(
        (span) =>
          span.name === 'POST /v1/messages' && span.attributes['http.request.method'] === 'POST',
      );
    expect(handIn).toBeDefined();
    const traceId = handIn!.spanContext().traceId;
    const names = () =>
      new Set(
        exporter
          .getFinishedSpans()
          .filter((span) => span.spanContext().traceId === traceId)
          .map((span) => span.name),
      );
    await waitFor(() => names().has('consume MessageRouted'), { message: 'the delivery traced' });
    console.log([...names()]);
    expect([...names()]).toEqual(
      expect.arrayContaining([
        'POST /v1/messages',
        'consume MessageAccepted',
        'consume MessageRouted',
      ]),
    );
    expect(handIn!.resource.attributes['service.name']).toBe('digital-post test');
  });
});
