import { call, type Tokens } from './client.ts';

interface Changes {
  newState: string;
  hasMoreChanges: boolean;
  created: string[];
}

/**
 * Follows one mailbox as a viewing client does: its server-sent events name each new state, and
 * /changes since the previous state names the letters created. The mailbox projects a letter and
 * moves the state in the same transaction, so a letter named here is in the inbox listing too.
 */
export const watchMailbox = (
  gateway: string,
  mailboxId: string,
  tokens: Tokens,
  onVisible: (messageId: string, at: number) => void,
) => {
  const abort = new AbortController();
  let known: string | undefined;
  // One /changes walk at a time per mailbox, and states arriving meanwhile make one more walk,
  // not one each: every request the watcher makes is load on the system it measures.
  let walking: Promise<void> | undefined;
  let again = false;

  const walk = async (): Promise<void> => {
    for (let more = true; more && known !== undefined;) {
      const path = `/v1/mailboxes/${mailboxId}/changes?sinceState=${known}`;
      const changes = await call<Changes>(gateway, 'GET', path, tokens);
      const at = performance.now();
      for (const id of changes.created) onVisible(id, at);
      known = changes.newState;
      more = changes.hasMoreChanges;
    }
  };

  const schedule = (): void => {
    if (walking) return void (again = true);
    walking = walk()
      .catch((error: unknown) => console.error(mailboxId, error))
      .finally(() => {
        walking = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
  };

  const onState = (state: string): void => {
    if (known === undefined) known = state;
    else if (state !== known) schedule();
  };

  const opened = openEvents(gateway, mailboxId, tokens, abort.signal, onState);
  return {
    /** Resolves once the stream answered with the current state: later letters are seen. */
    ready: opened,
    close: async () => {
      abort.abort();
      await walking;
    },
  };
};

/** Reads the SSE stream and calls `onState` per `state` event; resolves on the first one. */
const openEvents = async (
  gateway: string,
  mailboxId: string,
  { token, clientToken }: Tokens,
  signal: AbortSignal,
  onState: (state: string) => void,
): Promise<void> => {
  const response = await fetch(`${gateway}/v1/mailboxes/${mailboxId}/events`, {
    headers: { authorization: `Bearer ${token}`, 'x-client-token': clientToken ?? '' },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`events of ${mailboxId}: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let first: () => void = () => undefined;
  const firstState = new Promise<void>((resolve) => (first = resolve));
  void (async () => {
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: '' }));
      if (done) return;
      buffer += value;
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const frame of frames) {
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        onState((JSON.parse(data.slice(6)) as { state: string }).state);
        first();
      }
    }
  })();
  return firstState;
};
