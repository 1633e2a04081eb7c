import type { StateListener } from '@digital-post/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Comments keep idle connections open through proxies that close silent ones. */
const HEARTBEAT_MS = 15_000;
/** How often a holder's access is asked again: a revocation closes the stream within this. */
const ACCESS_CHECK_MS = 500;

type Watch = (knownState: string, listener: StateListener) => () => void;

/** When the stream's credentials run out: it closes then, and the client reconnects anew. */
export interface StreamTerms {
  expiresAt: number;
  onClose(): void;
  /** For a stream on a mailbox held by someone else's grant: whether it still holds. */
  stillAllowed?: () => Promise<boolean>;
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
  // Access that has ended closes the stream as a refused request would be refused.
  const checks =
    terms.stillAllowed &&
    checkEvery(terms.stillAllowed, () => {
      out.write('event: revoked\ndata: {}\n\n');
      out.end();
    });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(expiry);
    checks?.stop();
    stop();
    out.end();
    terms.onClose();
  };
  request.raw.on('close', close);
  out.on('close', close);
};

/** Asks `stillAllowed` every ACCESS_CHECK_MS, one question at a time, until it says no. */
const checkEvery = (stillAllowed: () => Promise<boolean>, refused: () => void) => {
  let asking = false;
  const timer = setInterval(() => {
    if (asking) return;
    asking = true;
    stillAllowed()
      .then((allowed) => {
        if (!allowed) {
          clearInterval(timer);
          refused();
        }
      })
      // A failed question is asked again; the stream is not closed on a passing fault.
      .catch(() => undefined)
      .finally(() => {
        asking = false;
      });
  }, ACCESS_CHECK_MS);
  return { stop: () => clearInterval(timer) };
};
