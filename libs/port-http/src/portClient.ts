import type { PortDefinition } from '@digital-post/contracts';
import {
  CORRELATION_ID_HEADER,
  PROBLEM_CONTENT_TYPE,
  ProblemError,
  currentRequestContext,
  currentTraceContext,
  type ProblemDetails,
} from '@digital-post/service-kit';
import { Agent, fetch, type Response } from 'undici';
import { rebuiltError } from './carriedErrors.ts';
import { decode, encode } from './codec.ts';
import { ACTOR_HEADER, PORT_ERROR_STATUS, pathOf, type CarriedPortError } from './paths.ts';

export interface PortClientOptions {
  /** Where the serving process listens, e.g. `http://mailbox:8083`. */
  baseUrl: string;
  /** A service token for the serving process (see `serviceTokens`). */
  token: () => Promise<string>;
  /** The connections to the serving process; the global pool when absent. */
  agent?: Agent;
}

/**
 * The connections to one serving process, kept alive between calls and closed with the caller,
 * so a stopping process leaves no half-open connection for the other one to wait out.
 */
export const portConnection = (
  options: Omit<PortClientOptions, 'agent'>,
): PortClientOptions & { close(): Promise<void> } => {
  const agent = new Agent({ connect: { timeout: 5_000 } });
  return { ...options, agent, close: () => agent.destroy() };
};

/** A port served by another process is unreachable or failed: a fault of ours, never the caller's. */
export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
}

type Call = (...args: unknown[]) => Promise<unknown>;

const headersFor = async (options: PortClientOptions): Promise<Record<string, string>> => {
  const context = currentRequestContext();
  return {
    authorization: `Bearer ${await options.token()}`,
    'content-type': 'application/json',
    ...(context && { [CORRELATION_ID_HEADER]: context.correlationId }),
    ...(context?.actor && { [ACTOR_HEADER]: JSON.stringify(context.actor) }),
    ...currentTraceContext(),
  };
};

const post = async (
  options: PortClientOptions,
  path: string,
  args: unknown[],
  signal?: AbortSignal,
): Promise<Response> => {
  try {
    return await fetch(new URL(path, options.baseUrl), {
      method: 'POST',
      headers: await headersFor(options),
      body: encode({ args }),
      signal,
      ...(options.agent && { dispatcher: options.agent }),
    });
  } catch (error) {
    throw new PortUnavailableError(`${path}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * The serving side's refusal, as it was thrown there: the port's own error rebuilt by name, a
 * problem (4xx) as the same ProblemError, anything else as a fault of the serving process.
 */
const failureOf = async <Port>(
  definition: PortDefinition<Port>,
  path: string,
  response: Response,
): Promise<Error> => {
  const text = await response.text();
  if (response.status === PORT_ERROR_STATUS) {
    const rebuilt = rebuiltError(definition, decode(text) as CarriedPortError);
    if (rebuilt) return rebuilt;
  }
  const isProblem = response.headers.get('content-type')?.startsWith(PROBLEM_CONTENT_TYPE);
  if (isProblem && response.status < 500) {
    const { type, title, status, detail, ...extensions } = JSON.parse(text) as ProblemDetails;
    return new ProblemError({ type, title, status }, detail, extensions);
  }
  return new PortUnavailableError(`${path} answered ${response.status}`);
};

const callOf =
  <Port>(definition: PortDefinition<Port>, options: PortClientOptions, method: string): Call =>
  async (...args) => {
    const path = pathOf(definition, method);
    const response = await post(options, path, args);
    if (response.status !== 200) throw await failureOf(definition, path, response);
    return (decode(await response.text()) as { result?: unknown }).result;
  };

/** Reads NDJSON lines as they come and hands each value to the listener. */
const follow = async (body: ReadableStream<Uint8Array>, listener: (value: unknown) => void) => {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line.trim() !== '') listener((decode(line) as { value: unknown }).value);
    }
  }
};

/**
 * A stream's method answers at once with a stop, as in process; the values arrive as the serving
 * process sends them. A refusal there (no such mailbox) reaches `onError`, as does a broken
 * connection, after which no more values come.
 */
const streamOf =
  <Port>(
    definition: PortDefinition<Port>,
    options: PortClientOptions,
    method: string,
    onError: (error: unknown) => void,
  ) =>
  (...argsAndListener: unknown[]) => {
    const listener = argsAndListener.at(-1) as (value: unknown) => void;
    const args = argsAndListener.slice(0, -1);
    const aborted = new AbortController();
    const path = pathOf(definition, method);
    void (async () => {
      const response = await post(options, path, args, aborted.signal);
      if (response.status !== 200) throw await failureOf(definition, path, response);
      await follow(response.body!, listener);
    })().catch((error: unknown) => {
      if (!aborted.signal.aborted) onError(error);
    });
    return () => aborted.abort();
  };

/**
 * The port as the other process offers it: the same interface as the in-process object, each
 * call one authenticated HTTP request (`portRoutes` on the other side).
 */
export const portClient = <Port>(
  definition: PortDefinition<Port>,
  options: PortClientOptions & { onStreamError?: (error: unknown) => void },
): Port => {
  const port: Record<string, unknown> = {};
  for (const method of definition.calls) port[method] = callOf(definition, options, method);
  const onError = options.onStreamError ?? (() => {});
  for (const method of definition.streams) {
    port[method] = streamOf(definition, options, method, onError);
  }
  return port as Port;
};

/** Whether the serving process answers an authenticated ping: for readiness. */
export const pingPorts = async (options: PortClientOptions): Promise<void> => {
  const response = await fetch(new URL('/internal/ping', options.baseUrl), {
    headers: { authorization: `Bearer ${await options.token()}` },
    signal: AbortSignal.timeout(2_000),
    ...(options.agent && { dispatcher: options.agent }),
  });
  if (response.status !== 200) throw new PortUnavailableError(`ping answered ${response.status}`);
};
