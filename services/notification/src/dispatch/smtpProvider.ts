import nodemailer from 'nodemailer';
import type { HandingOutcome, NoticeProvider } from './provider.ts';

export interface SmtpProviderOptions {
  /** `smtp://user:password@host:port` (or `smtps://` for TLS from the start). */
  url: string;
  /** The sender's address, e.g. `Digital Post <ikke-svar@digitalpost.dk>`. */
  from: string;
  timeoutMs?: number;
}

interface SmtpError {
  responseCode?: unknown;
  code?: unknown;
  /** The SMTP step it failed in: `CONN` while connecting, before anything was sent. */
  command?: unknown;
}

/**
 * The server's answer decides: a 5xx refuses for good, a 4xx asks to come back; a connection
 * that never opened sent nothing. Anything else broke off mid-way, and the message may be there.
 */
const outcomeOf = (error: unknown): HandingOutcome => {
  const { responseCode, code, command } = (error ?? {}) as SmtpError;
  const detail = typeof code === 'string' ? code : 'smtp';
  if (typeof responseCode === 'number') {
    return responseCode >= 500
      ? { kind: 'refused', detail: `${responseCode}` }
      : { kind: 'retry', detail: `${responseCode}` };
  }
  if (command === 'CONN' || code === 'ECONNECTION' || code === 'EDNS') {
    return { kind: 'retry', detail };
  }
  return { kind: 'unknown', detail };
};

const transportOptions = (url: URL, timeoutMs: number) => ({
  host: url.hostname,
  port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
  secure: url.protocol === 'smtps:',
  ...(url.username && {
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
  }),
  pool: true,
  maxConnections: 4,
  connectionTimeout: timeoutMs,
  greetingTimeout: timeoutMs,
  socketTimeout: timeoutMs,
});

/**
 * E-mail over SMTP through nodemailer. Plain SMTP knows no idempotency key: the notice id goes
 * in the Message-ID, but a notice whose handing broke off is not handed again.
 */
export const createSmtpProvider = ({
  url,
  from,
  timeoutMs = 30_000,
}: SmtpProviderOptions): NoticeProvider => {
  const transport = nodemailer.createTransport(transportOptions(new URL(url), timeoutMs));
  return {
    idempotent: false,
    send: async ({ noticeId, to, subject, text }) => {
      try {
        await transport.sendMail({
          from,
          to,
          subject,
          text,
          messageId: `<${noticeId}@notices.digitalpost.dk>`,
        });
        return { kind: 'sent' };
      } catch (error) {
        return outcomeOf(error);
      }
    },
    close: async () => transport.close(),
  };
};
