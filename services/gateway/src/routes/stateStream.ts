import type { StateListener } from '@digital-post/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Comments keep idle connections open through proxies that close silent ones. */
const HEARTBEAT_MS = 15_000;

type Watch = (knownState: string, listener: StateListener) => () => void;

/** When the stream's credentials run out: it closes then, and the client reconnects anew. */
export interface StreamTerms {
  expiresAt: number;
  onClose(): void;
}

const stateEvent = (state: string): string =>
  `id: ${state}\nevent: state\ndata: ${JSON.stringify({ state })}\n\n`;

/**
 * Server-sent events of a mailbox's state: the current state at once, then every new one. A
 * client that sees a new state asks /changes what changed; the stream itself carries no content.
 */
export const streamStates = (
  request: FastifyRequest,
  reply: FastifyReply,
  state: string,
  watch: Watch,
  terms: StreamTerms,
): void => {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  out.write(stateEvent(state));
  const stop = watch(state, (next) => out.write(stateEvent(next)));
  const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
  // A token that has run out would be refused on the next request; so is the stream it opened.
  const expiry = setTimeout(
    () => {
      out.write('event: expired\ndata: {}\n\n');
      out.end();
    },
    Math.max(0, terms.expiresAt - Date.now()),
  );
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(expiry);
    stop();
    out.end();
    terms.onClose();
  };
  request.raw.on('close', close);
  out.on('close', close);
};
