import { startSmsServer, type NumberAnswer, type TakenSms } from '../sinks/smsServer.ts';

export type { NumberAnswer } from '../sinks/smsServer.ts';
export type ReceivedSms = TakenSms;

export interface SmsSink {
  url: string;
  token: string;
  /** Each SMS once: a repeat of an Idempotency-Key is answered as before and not sent again. */
  received: ReceivedSms[];
  close(): Promise<void>;
}

/**
 * The SMS provider's stand-in on loopback, keeping what it sent in memory, for tests; `taken`
 * runs after an SMS is kept and before the provider answers (a test kills its caller there).
 */
export const startSmsSink = async (
  answer?: NumberAnswer,
  taken: (sms: ReceivedSms) => Promise<void> = async () => undefined,
): Promise<SmsSink> => {
  const received: ReceivedSms[] = [];
  const server = await startSmsServer({
    answer,
    keep: async (sms) => {
      received.push(sms);
      await taken(sms);
    },
  });
  return { ...server, received };
};
