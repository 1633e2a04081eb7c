import type { PlatformConfig } from './config.ts';

/** What a newcomer needs after `npm start`: where things are and how to send a first letter. */
export const printWelcome = (
  config: PlatformConfig,
  urls: { gateway: string; senderApi: string; operations: string },
): void => {
  const store = config.DIGITAL_POST_DATABASE_URL
    ? 'the PostgreSQL server'
    : `PGlite in ${config.DIGITAL_POST_DATA_DIR}`;
  const bus = config.DIGITAL_POST_KAFKA_BROKERS ? 'Kafka' : "the store's log";
  console.log(`Digital Post is running on ${store}, bus on ${bus}.
  viewing clients (gateway): ${urls.gateway}/v1   API docs: ${urls.gateway}/docs
  authorities (sender API):  ${urls.senderApi}/v1   API docs: ${urls.senderApi}/docs
  operations:                ${urls.operations}/admin   API docs: ${urls.operations}/docs
  health and readiness:      /health and /ready on each
${config.DIGITAL_POST_DEV_TOKENS === 'on' ? devHelp(urls.operations) : ''}`);
};

const devHelp = (operations: string) => `
Development tokens (README: "Send a first letter"):
  curl -s -X POST ${operations}/dev/tokens -H 'content-type: application/json' \\
    -d '{"kind":"authority-system","authorityId":"skat","systemId":"letters"}'
`;
