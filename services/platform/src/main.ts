import { installShutdown, loadConfig, onShutdown } from '@digital-post/service-kit';
import { platformConfigSchema } from './config.ts';
import { startPlatform } from './platform.ts';
import { printWelcome } from './welcome.ts';

const config = loadConfig(platformConfigSchema);
const platform = await startPlatform(config);
onShutdown(() => platform.close(), 'platform');
const listen = (app: (typeof platform.apps)[keyof typeof platform.apps], port: number) =>
  app.listen({ port, host: config.HOST });
const urls = {
  gateway: await listen(platform.apps.gateway, config.GATEWAY_PORT),
  senderApi: await listen(platform.apps.senderApi, config.SENDER_API_PORT),
  operations: await listen(platform.apps.operations, config.OPERATIONS_PORT),
};
for (const app of Object.values(platform.apps)) installShutdown({ app, timeoutMs: 20_000 });
printWelcome(config, urls);
