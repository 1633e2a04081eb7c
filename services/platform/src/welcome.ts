import type { PlatformConfig } from './config.ts';

/** What a newcomer needs after `npm start`: where things are and how to send a first letter. */
export const printWelcome = (
  config: PlatformConfig,
  urls: { gateway?: string; senderApi?: string; operations?: string; internal?: string },
): void => {
  const store = config.DIGITAL_POST_DATABASE_URL
    ? 'the PostgreSQL server'
    : `PGlite in ${config.DIGITAL_POST_DATA_DIR}`;
  const bus = config.DIGITAL_POST_KAFKA_BROKERS ? 'Kafka' : "the store's log";
  const line = (label: string, url: string | undefined, api: string) =>
    url ? `  ${label.padEnd(27)}${url}${api}   API docs: ${url}/docs\n` : '';
  console.log(
    `Digital Post is running ${config.DIGITAL_POST_SERVICES.join(', ')} on ${store}, bus on ${bus}.\n` +
      line('viewing clients (gateway):', urls.gateway, '/v1') +
      line('authorities (sender API):', urls.senderApi, '/v1') +
      line('operations:', urls.operations, '/admin') +
      line('service ports (internal):', urls.internal, '/internal') +
      '  health and readiness:      /health and /ready on each\n' +
      (config.DIGITAL_POST_NOTICE_SINKS === 'on' &&
      config.DIGITAL_POST_SERVICES.includes('notification')
        ? `  notices (e-mail and SMS):  written to ${config.DIGITAL_POST_NOTICE_SINK_DIR}/\n`
        : '') +
      (config.DIGITAL_POST_DEV_TOKENS === 'on' && urls.operations ? devHelp(urls.operations) : ''),
  );
};

const devHelp = (operations: string) => `
WARNING: development tokens are on (DIGITAL_POST_DEV_TOKENS=on): anyone on this machine can
make a token for any citizen, authority or operator. Never turn them on in production.
Development tokens (README: "Send a first letter"):
  curl -s -X POST ${operations}/dev/tokens -H 'content-type: application/json' \\
    -d '{"kind":"authority-system","authorityId":"skat","systemId":"letters"}'
`;
