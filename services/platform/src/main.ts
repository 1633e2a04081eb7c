import { installShutdown, loadConfig, onShutdown } from '@digital-post/service-kit';
import { platformConfigSchema } from './config.ts';
import { startPlatform } from './platform.ts';

const config = loadConfig(platformConfigSchema);
const platform = await startPlatform(config);
onShutdown(() => platform.close(), 'platform');
const address = await platform.app.listen({ port: config.PORT, host: config.HOST });
installShutdown({ app: platform.app, timeoutMs: 20_000 });

const store = config.DIGITAL_POST_DATABASE_URL
  ? 'the PostgreSQL server'
  : `PGlite in ${config.DIGITAL_POST_DATA_DIR}`;
console.log(`Digital Post is running on ${store}.
  health:   ${address}/health
  ready:    ${address}/ready
  API docs: ${address}/docs`);
