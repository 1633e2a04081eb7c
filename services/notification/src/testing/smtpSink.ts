import { simpleParser } from 'mailparser';
import { startSmtpServer, type RecipientAnswer } from '../sinks/smtpServer.ts';

export type { RecipientAnswer } from '../sinks/smtpServer.ts';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it received, parsed (mailparser), and answers
 * each recipient as told: for tests of what notices look like and where they went.
 */
export const startSmtpSink = async (answer?: RecipientAnswer): Promise<SmtpSink> => {
  const received: ReceivedMail[] = [];
  const server = await startSmtpServer({
    answer,
    keep: async ({ from, to, raw }) => {
      const mail = await simpleParser(raw);
      received.push({
        from,
        to,
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        messageId: mail.messageId ?? '',
      });
    },
  });
  return { ...server, received };
};
