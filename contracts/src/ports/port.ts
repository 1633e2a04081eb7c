import type { z } from 'zod';

/**
 * A synchronous port one service offers others, described once so that both of its adapters
 * follow it: in process (the embedded default, a plain object) and over HTTP between processes.
 * `calls` answer once; `streams` take a listener as their last argument and return a stop.
 * `errors` are the port's own failures, which the HTTP adapter carries across by name.
 */
export interface PortDefinition<Port> {
  name: string;
  calls: readonly (keyof Port & string)[];
  streams: readonly (keyof Port & string)[];
  errors: readonly PortErrorClass[];
  /** The arguments' shapes, checked where the port is served to another process. */
  args: { readonly [Method in keyof Port & string]?: z.ZodType<unknown[]> };
}

/** A failure the caller is meant to handle, and its fields, which travel as JSON. */
export abstract class PortError extends Error {
  /** The fields a caller reads; the HTTP adapter rebuilds the error from them. */
  abstract readonly fields: Record<string, string>;
}

export interface PortErrorClass {
  readonly name: string;
  fromFields(fields: Record<string, string>): PortError;
}

export const definePort = <Port>(definition: PortDefinition<Port>): PortDefinition<Port> =>
  definition;
