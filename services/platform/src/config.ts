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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
