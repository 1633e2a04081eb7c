import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { withSpan } from './spans.ts';
import { startTelemetry } from './sdk.ts';

/** An OTLP/HTTP collector on loopback: what it was sent, as it came. */
const startCollector = async () => {
  const received: { url: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

describe('the OpenTelemetry SDK, started from the environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('stays off when no collector is named', () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    expect(startTelemetry()).toBeUndefined();
    expect(
      startTelemetry({
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_SDK_DISABLED: 'true' },
      }),
    ).toBeUndefined();
  });

  it('sends the spans to the OTLP collector the environment names, under its service name', async () => {
    const collector = await startCollector();
    try {
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
      process.env.OTEL_SERVICE_NAME = 'digital-post-routing';
      const telemetry = startTelemetry();
      expect(telemetry).toBeDefined();
      await withSpan('routing decide', {}, () => undefined);
      await telemetry!.shutdown();
      expect(collector.received).toHaveLength(1);
      const [sent] = collector.received;
      expect(sent!.url).toBe('/v1/traces');
      expect(sent!.headers['content-type']).toBe('application/json');
      const { resourceSpans } = JSON.parse(sent!.body.toString('utf8')) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: { name: string }[] }[];
        }[];
      };
      const [exported] = resourceSpans;
      expect(exported!.resource.attributes).toContainEqual({
        key: 'service.name',
        value: { stringValue: 'digital-post-routing' },
      });
      expect(exported!.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name))).toEqual(
        ['routing decide'],
      );
    } finally {
      await collector.close();
    }
  });
});
