import { installShutdown, loadConfig } from '@digital-post/service-kit';
import { startTelemetry } from '@digital-post/telemetry';
import { platformConfigSchema } from './config.ts';
import { startPlatform } from './platform.ts';
import { printWelcome } from './welcome.ts';

const config = loadConfig(platformConfigSchema);
// Before anything makes a span: traces go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT
// names one, named by OTEL_SERVICE_NAME (else after the services this process runs).
const telemetry = startTelemetry({
  serviceName: `digital-post ${config.DIGITAL_POST_SERVICES.join(',')}`,
});
const started = await startPlatform(config);
const platform = {
  ...started,
  close: async () => {
    await started.close();
    await telemetry?.shutdown();
  },
};
// One shutdown for the whole process, on SIGTERM or SIGINT: the fronts stop taking requests and
// finish those in flight, then the consumers, the bus and the store close, then it exits.
installShutdown({ app: { close: platform.close, log: platform.logger }, timeoutMs: 20_000 });
const ports = {
  gateway: config.GATEWAY_PORT,
  senderApi: config.SENDER_API_PORT,
  operations: config.OPERATIONS_PORT,
  internal: config.INTERNAL_PORT,
};
const urls: Partial<Record<keyof typeof ports, string>> = {};
for (const [front, app] of Object.entries(platform.apps)) {
  const name = front as keyof typeof ports;
  urls[name] = await app.listen({ port: ports[name], host: config.HOST });
}
printWelcome(config, urls);
