import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { measuredPhase, type CpuSeconds } from './phase.ts';
import type { SmtpServerProcess } from './smtpProcess.ts';

export const FROM = 'Digital Post <ikke-svar@digitalpost.dk>';

export interface BaselineFigures {
  mails: number;
  mailsPerSecond: number;
  cpuSeconds: CpuSeconds;
  seconds: number;
}

/** The transport `createSmtpProvider` makes (smtpProvider.ts), for a URL without TLS or user. */
const transportOf = (url: URL) =>
  nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 30_000,
  });

/** A mail like a notice of new post, to its own address. */
const mailOf = (n: number) => ({
  from: FROM,
  to: `cpr-${String(n).padStart(10, '0')}@borger.example.dk`,
  subject: 'Ny post i Digital Post',
  text:
    'Du har fået ny post fra skat i Digital Post. ' +
    'Læs den på borger.dk/digitalpost eller i din app.',
  messageId: `<${randomUUID()}@notices.digitalpost.dk>`,
});

/**
 * The SMTP server's own rate of taking mail: a bare nodemailer loop with the provider's transport
 * settings (a pool of 4 connections) sends `mails` mails to it, `inFlight` at a time (the most
 * the dispatcher hands over at once: its batch), each answered before the next takes its place.
 */
export const measureBareSending = async (
  smtp: SmtpServerProcess,
  mails: number,
  inFlight: number,
): Promise<BaselineFigures> => {
  const transport = transportOf(new URL(smtp.url));
  try {
    const phase = await measuredPhase(smtp, async () => {
      const started = performance.now();
      let next = 0;
      const sender = async () => {
        while (next < mails) await transport.sendMail(mailOf(next++));
      };
      await Promise.all(Array.from({ length: Math.min(inFlight, mails) }, sender));
      return (performance.now() - started) / 1000;
    });
    const { result: seconds, received, cpuSeconds } = phase;
    if (received !== mails) throw new Error(`the SMTP server took ${received} of ${mails}`);
    return { mails, mailsPerSecond: mails / seconds, cpuSeconds, seconds };
  } finally {
    transport.close();
  }
};
