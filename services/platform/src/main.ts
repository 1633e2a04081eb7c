import { installShutdown, loadConfig } from '@digital-post/service-kit';
import { platformConfigSchema } from './config.ts';
import { startPlatform } from './platform.ts';
import { printWelcome } from './welcome.ts';

const config = loadConfig(platformConfigSchema);
const platform = await startPlatform(config);
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
