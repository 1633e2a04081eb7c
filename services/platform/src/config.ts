import { z } from 'zod';

/**
 * One process runs the platform. With no database URL it uses PGlite in a data directory (the
 * embedded default); with one, the PostgreSQL server.
 */
export const serviceNames = [
  'enrollment',
  'routing',
  'sender-api',
  'access-control',
  'notification',
  'mailbox',
  'gateway',
  'operations',
] as const;
export type ServiceName = (typeof serviceNames)[number];

const port = z.coerce.number().int().min(0).max(65_535);
const perMinute = z.coerce.number().int().min(1);

export const platformConfigSchema = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    /** Viewing clients' API. */
    GATEWAY_PORT: port.default(8080),
    /** Authorities' API. */
    SENDER_API_PORT: port.default(8081),
    /** Operators' API (forwarding rules, held post) and the dev token issuer. */
    OPERATIONS_PORT: port.default(8082),
    /** The ports this process's services offer other processes (service tokens only). */
    INTERNAL_PORT: port.default(8083),
    /**
     * Where another process serves the mailbox's and the enrollment service's ports, for the
     * services here that call them (the gateway, the sender API) when those run elsewhere.
     */
    DIGITAL_POST_MAILBOX_URL: z.url({ protocol: /^https?$/ }).optional(),
    DIGITAL_POST_ENROLLMENT_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Where another process serves the access-control service's port (mailbox, gateway). */
    DIGITAL_POST_ACCESS_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Where another process serves the notification service's port (gateway). */
    DIGITAL_POST_NOTIFICATION_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Where another process serves routing's port (operations, deciding letters again). */
    DIGITAL_POST_ROUTING_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The deployment's service key, shared by its processes: each signs its calls to another's
     * ports with it and accepts only calls signed with it. Created on first start.
     */
    DIGITAL_POST_SERVICE_KEY_FILE: z.string().min(1).default('.data/service-key.json'),
    DIGITAL_POST_DATA_DIR: z.string().min(1).default('.data/pglite'),
    /**
     * The key the operations service signs the log's checkpoints with (Ed25519, PKCS #8 PEM);
     * created on first start, its public key written beside it (`….pub.pem`) for whoever checks
     * a proof. Keep a copy of the public key outside the deployment.
     */
    DIGITAL_POST_CHECKPOINT_KEY_FILE: z.string().min(1).default('.data/checkpoint-key.pem'),
    /** Where the local print channel writes what would be printed (paper post). */
    DIGITAL_POST_PRINT_DIR: z.string().min(1).default('.data/print'),
    /** The development identity provider's signing key; created on first start. */
    DIGITAL_POST_DEV_IDP_KEY_FILE: z.string().min(1).default('.data/dev-idp-key.json'),
    /**
     * The identity provider whose tokens the platform accepts: its issuer and a file with its
     * public keys (a JWKS document). Unset, the development issuer's tokens are accepted instead.
     */
    DIGITAL_POST_IDP_ISSUER: z.url().optional(),
    DIGITAL_POST_IDP_JWKS_FILE: z.string().min(1).optional(),
    /**
     * Serve POST /dev/tokens on the operations port, to callers on this machine only: a token
     * for anyone. Off unless turned on (`npm start` turns it on).
     */
    DIGITAL_POST_DEV_TOKENS: z.enum(['on', 'off']).default('off'),
    /**
     * The population and company registers' feed: a directory of batch files
     * (`<batchId>.ndjson`, one register event a line), read by the enrollment service.
     */
    DIGITAL_POST_REGISTER_FEED_DIR: z.string().min(1).default('.data/registers'),
    /** How often the enrollment service looks for new register events, in milliseconds. */
    DIGITAL_POST_REGISTER_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
    /**
     * The mass-change breaker: at most this many enrollment changes of one cause per hour (and
     * at most 1% of the enrolled mailboxes, but never fewer than the minimum) before it holds
     * the rest for an operator. Raise them for a first load of a whole register.
     */
    DIGITAL_POST_BREAKER_MAX_CHANGES: z.coerce.number().int().min(1).default(5000),
    DIGITAL_POST_BREAKER_MIN_CHANGES: z.coerce.number().int().min(1).default(100),
    /**
     * Where notices of new post go. E-mail: an SMTP server (`smtp://user:password@host:port`, or
     * `smtps://`) and the sender's address. SMS: the provider's HTTP API, a file holding the
     * token it issued, and the name an SMS shows as its sender. A channel without its provider
     * keeps its notices queued until one is configured.
     */
    DIGITAL_POST_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    DIGITAL_POST_NOTICE_FROM: z
      .string()
      .min(3)
      .max(200)
      .default('Digital Post <ikke-svar@digitalpost.dk>'),
    DIGITAL_POST_SMS_URL: z.url({ protocol: /^https?$/ }).optional(),
    DIGITAL_POST_SMS_TOKEN_FILE: z.string().min(1).optional(),
    DIGITAL_POST_SMS_SENDER: z
      .string()
      .regex(/^[A-Za-z0-9 ]{1,11}$/, 'an SMS sender name is 1 to 11 letters, digits or spaces')
      .default('DigitalPost'),
    /** Each provider's rate limit, notices a second: notices go out at that pace, no faster. */
    DIGITAL_POST_SMTP_PER_SECOND: z.coerce.number().int().min(1).default(100),
    DIGITAL_POST_SMS_PER_SECOND: z.coerce.number().int().min(1).default(50),
    /** How long a legal notification lies unopened before its owner is reminded of it. */
    DIGITAL_POST_REMINDER_AFTER_DAYS: z.coerce.number().positive().max(365).default(7),
    /**
     * How long a notice stays in a dispatcher's hands before another takes the dispatcher for
     * dead: then an SMS is handed again under its key, and an e-mail fails as `outcome_unknown`.
     */
    DIGITAL_POST_NOTICE_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
    /**
     * A local SMTP server and SMS API in this process, writing each notice to a file under
     * `DIGITAL_POST_NOTICE_SINK_DIR` (a developer's machine: `npm start` turns it on), in place
     * of real providers.
     */
    DIGITAL_POST_NOTICE_SINKS: z.enum(['on', 'off']).default('off'),
    DIGITAL_POST_NOTICE_SINK_DIR: z.string().min(1).default('.data/notices'),
    DIGITAL_POST_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Comma-separated brokers: with them the bus is Kafka, fed by the relay; without, the store's log. */
    DIGITAL_POST_KAFKA_BROKERS: z
      .string()
      .regex(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, 'host:port[,host:port…]')
      .transform((list) => list.split(','))
      .optional(),
    /**
     * On Kafka, every process that reads the log is a candidate to relay it; a lease in the
     * store lets exactly one publish, and another takes over within seconds when it dies.
     * `off` keeps a process out of it.
     */
    DIGITAL_POST_RELAY: z.enum(['on', 'off']).default('on'),
    /**
     * Which services this process runs; all of them by default (the embedded default). At scale each
     * container names one. The gateway is the viewing clients' edge: it calls the mailbox's and
     * the enrollment service's ports, in this process or over HTTP.
     */
    DIGITAL_POST_SERVICES: z
      .string()
      .default(serviceNames.join(','))
      .transform((list) => list.split(',').map((name) => name.trim()))
      .pipe(z.array(z.enum(serviceNames)).min(1)),
    /**
     * Requests per minute per caller (429 with Retry-After beyond):
     * a person (a citizen's or an employee's token, also at the operations front), a viewing
     * client (all its users together), an authority's system (a batch of letters is one), and
     * any one network address.
     */
    DIGITAL_POST_RATE_LIMIT_USER: perMinute.default(600),
    DIGITAL_POST_RATE_LIMIT_CLIENT: perMinute.default(60_000),
    DIGITAL_POST_RATE_LIMIT_SYSTEM: perMinute.default(6_000),
    DIGITAL_POST_RATE_LIMIT_ADDRESS: perMinute.default(120_000),
    /**
     * Set: the limits are counted in this Redis, shared by every process of the deployment, so
     * a caller has its limit once, not once per process. Unset: each process counts its own.
     */
    DIGITAL_POST_RATE_LIMIT_REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .refine(
    (config) =>
      (config.DIGITAL_POST_IDP_ISSUER === undefined) ===
      (config.DIGITAL_POST_IDP_JWKS_FILE === undefined),
    { message: 'set both or neither', path: ['DIGITAL_POST_IDP_JWKS_FILE'] },
  )
  .refine(
    (config) =>
      (config.DIGITAL_POST_SMS_URL === undefined) ===
      (config.DIGITAL_POST_SMS_TOKEN_FILE === undefined),
    { message: 'set both or neither', path: ['DIGITAL_POST_SMS_TOKEN_FILE'] },
  )
  .refine(
    (config) =>
      config.DIGITAL_POST_NOTICE_SINKS === 'off' ||
      (config.DIGITAL_POST_SMTP_URL === undefined && config.DIGITAL_POST_SMS_URL === undefined),
    {
      message: 'the local notice sinks stand in for the providers: turn them off to use real ones',
      path: ['DIGITAL_POST_NOTICE_SINKS'],
    },
  )
  .refine(
    (config) => reachable(config, ['gateway', 'operations'], 'mailbox', 'DIGITAL_POST_MAILBOX_URL'),
    {
      message:
        'the gateway or operations runs here without the mailbox: say where the mailbox serves its ports',
      path: ['DIGITAL_POST_MAILBOX_URL'],
    },
  )
  .refine(
    (config) =>
      reachable(
        config,
        ['gateway', 'sender-api', 'access-control', 'operations'],
        'enrollment',
        'DIGITAL_POST_ENROLLMENT_URL',
      ),
    {
      message:
        'the gateway, the sender API, access control or operations runs here without enrollment: say where enrollment serves its ports',
      path: ['DIGITAL_POST_ENROLLMENT_URL'],
    },
  )
  .refine(
    (config) => reachable(config, ['gateway'], 'notification', 'DIGITAL_POST_NOTIFICATION_URL'),
    {
      message:
        'the gateway runs here without the notification service: say where it serves its port',
      path: ['DIGITAL_POST_NOTIFICATION_URL'],
    },
  )
  .refine(
    (config) =>
      reachable(config, ['gateway', 'mailbox'], 'access-control', 'DIGITAL_POST_ACCESS_URL'),
    {
      message:
        'the gateway or the mailbox runs here without access control: say where it serves its port',
      path: ['DIGITAL_POST_ACCESS_URL'],
    },
  )
  .refine((config) => reachable(config, ['operations'], 'routing', 'DIGITAL_POST_ROUTING_URL'), {
    message: 'operations runs here without routing: say where routing serves its port',
    path: ['DIGITAL_POST_ROUTING_URL'],
  });

/** A service that calls `offering`'s ports finds them in this process or at the named URL. */
const reachable = (
  config: { DIGITAL_POST_SERVICES: string[] } & Record<string, unknown>,
  callers: ServiceName[],
  offering: ServiceName,
  urlVariable: string,
): boolean =>
  !callers.some((caller) => config.DIGITAL_POST_SERVICES.includes(caller)) ||
  config.DIGITAL_POST_SERVICES.includes(offering) ||
  config[urlVariable] !== undefined;

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
