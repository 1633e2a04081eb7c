import { z } from 'zod';

/**
 * One process runs the platform. With no database URL it uses PGlite in a data directory (the
 * embedded default); with one, the PostgreSQL server.
 */
export const platformConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DIGITAL_POST_DATA_DIR: z.string().min(1).default('.data/pglite'),
  DIGITAL_POST_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Comma-separated brokers: with them the bus is Kafka, fed by the relay; without, the store's log. */
  DIGITAL_POST_KAFKA_BROKERS: z
    .string()
    .regex(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, 'host:port[,host:port…]')
    .transform((list) => list.split(','))
    .optional(),
  /** Exactly one process of a deployment runs the relay; the others only consume. */
  DIGITAL_POST_RELAY: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
