import type { z } from 'zod';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** The whole list of what is wrong, so one failed start is enough to fix every variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: ConfigProblem[]) {
    super(
      [
        `Invalid configuration (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):`,
        ...problems.map(({ variable, reason }) => `  - ${variable}: ${reason}`),
      ].join('\n'),
    );
  }
}

/**
 * Parses the environment with `schema` (typically `z.object({ PORT: z.coerce.number(), … })`)
 * and throws a ConfigError listing every missing or bad variable at start-up, rather than failing
 * later on first use. Values never appear in the message: some of them are secrets.
 */
export const loadConfig = <Schema extends z.ZodType>(
  schema: Schema,
  env: Environment = process.env,
): z.output<Schema> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, env)));
};

const describeIssue = (issue: z.core.$ZodIssue, env: Environment): ConfigProblem => {
  const variable = issue.path.map(String).join('.') || '(environment)';
  const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
  if (issue.path.length > 0 && value === undefined) return { variable, reason: 'is not set' };
  const message = withoutValue(issue.message, value);
  return { variable, reason: value === '' ? `is empty (${message})` : message };
};

/** A custom message could quote the value it rejected; a secret must not reach the log. */
const withoutValue = (message: string, value: string | undefined): string =>
  value && value.length >= 3 ? message.replaceAll(value, '[value hidden]') : message;
