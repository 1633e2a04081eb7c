import type { HandingOutcome, NoticeProvider } from './provider.ts';

export interface SmsProviderOptions {
  /** The provider's API, e.g. `https://sms.example.dk/v1`: notices are POSTed to `/messages`. */
  url: string;
  /** The credentials the provider issued, sent as a bearer token. */
  token: string;
  /** The name the SMS shows as its sender. */
  sender: string;
  timeoutMs?: number;
}

/** 2xx taken; 400, 404 and 422 a number the provider will never take; anything else: again. */
const outcomeOf = (status: number): HandingOutcome => {
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 400 || status === 404 || status === 422) {
    return { kind: 'refused', detail: `${status}` };
  }
  return { kind: 'retry', detail: `${status}` };
};

/**
 * SMS through a provider's HTTP API. The notice id is the request's Idempotency-Key, which the
 * provider keeps: a notice handed again after a crash is not sent twice, so handing again is safe.
 */
export const createSmsProvider = ({
  url,
  token,
  sender,
  timeoutMs = 30_000,
}: SmsProviderOptions): NoticeProvider => ({
  idempotent: true,
  send: async ({ noticeId, to, text }) => {
    try {
      const response = await fetch(`${url.replace(/\/$/, '')}/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': noticeId,
        },
        body: JSON.stringify({ to, from: sender, text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return outcomeOf(response.status);
    } catch (error) {
      return { kind: 'retry', detail: error instanceof Error ? error.name : 'network' };
    }
  },
  close: async () => {},
});
