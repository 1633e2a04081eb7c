import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from './loadConfig.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.url(),
  KAFKA_BROKERS: z.string().min(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PRINT_PROVIDER_API_KEY: z.string().min(32, 'must be at least 32 characters'),
  TRACING_ENABLED: z.stringbool().default(false),
});

const validEnv = {
  DATABASE_URL: 'postgres://digital_post@localhost:5432/digital_post',
  KAFKA_BROKERS: 'localhost:9092',
  PRINT_PROVIDER_API_KEY: 'k'.repeat(40),
};

const failureOf = (env: Record<string, string | undefined>, using: z.ZodType = schema) => {
  try {
    loadConfig(using, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
};

describe('loadConfig', () => {
  it('parses and coerces a valid environment, applying defaults', () => {
    expect(loadConfig(schema, { ...validEnv, PORT: '8080', TRACING_ENABLED: 'true' })).toEqual({
      ...validEnv,
      PORT: 8080,
      LOG_LEVEL: 'info',
      TRACING_ENABLED: true,
    });
  });

  it('lists every missing and bad variable in one readable message', () => {
    const error = failureOf({ PORT: 'eighty', LOG_LEVEL: 'verbose', KAFKA_BROKERS: '' });
    expect(error.problems.map((problem) => problem.variable)).toEqual([
      'PORT',
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'PRINT_PROVIDER_API_KEY',
    ]);
    expect(error.message).toMatch(/^Invalid configuration \(5 problems\):\n/);
    expect(error.message).toContain('  - DATABASE_URL: is not set');
    expect(error.message).toContain('  - PRINT_PROVIDER_API_KEY: is not set');
    expect(error.message).toMatch(/ {2}- KAFKA_BROKERS: is empty \(.+\)/);
    expect(error.message).toMatch(/ {2}- LOG_LEVEL: .*info/);
  });

  it('never prints a value, even when a message would quote it', () => {
    const secret = 'postgres://admin:hunter2@db.internal/post';
    const quoting = z.object({
      DATABASE_URL: z.string().refine((value) => value.startsWith('postgresql:'), {
        error: (issue) => `unsupported scheme in ${String(issue.input)}`,
      }),
    });
    const error = failureOf({ DATABASE_URL: secret }, quoting);
    expect(error.message).toContain('unsupported scheme in [value hidden]');
    expect(error.message).not.toContain('hunter2');
    expect(
      failureOf({ ...validEnv, PRINT_PROVIDER_API_KEY: 'short-secret' }).message,
    ).not.toContain('short-secret');
  });

  it('reads process.env by default', () => {
    expect(loadConfig(z.object({ PATH: z.string() })).PATH).toBe(process.env.PATH);
  });
});
