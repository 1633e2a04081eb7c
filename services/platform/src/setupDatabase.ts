import { loadConfig } from '@digital-post/service-kit';
import { z } from 'zod';
import { serviceNames, type ServiceName } from './config.ts';
import { setupDatabase } from './databaseSetup.ts';

/**
 * `pnpm db:setup`: sets a deployment's database up as its owner, once before the services start
 * and again after an upgrade. Creates every schema and table and one login role per service
 * (`dp_mailbox`, …), each with its password from `DIGITAL_POST_DB_PASSWORD_<SERVICE>` if set.
 */
const passwordVariable = (service: ServiceName) =>
  `DIGITAL_POST_DB_PASSWORD_${service.toUpperCase().replaceAll('-', '_')}`;

const config = loadConfig(
  z.object({
    DIGITAL_POST_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    /** Set: the bus is Kafka and only the relay keeps a checkpoint (and its lease) in the store. */
    DIGITAL_POST_KAFKA_BROKERS: z.string().min(1).optional(),
    ...Object.fromEntries(
      serviceNames.map((service) => [passwordVariable(service), z.string().min(1).optional()]),
    ),
  }),
);
const env = config as Record<string, string | undefined>;

const setup = await setupDatabase({
  connectionString: config.DIGITAL_POST_DATABASE_URL,
  passwords: Object.fromEntries(
    serviceNames.flatMap((service) => {
      const password = env[passwordVariable(service)];
      return password === undefined ? [] : [[service, password]];
    }),
  ),
  bus: config.DIGITAL_POST_KAFKA_BROKERS ? 'kafka' : 'embedded',
});
for (const service of serviceNames) {
  const password = env[passwordVariable(service)] ? 'password set' : 'no password';
  console.log(`${setup.roles[service]} (${service}, ${password}):`);
  for (const line of setup.grants[service]) console.log(`  ${line}`);
}
