import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

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

/** An SMTP reply code for a recipient, or nothing to take the mail. */
export type RecipientAnswer = (address: string) => number | undefined;

const refusal = (code: number) =>
  Object.assign(new Error(code >= 500 ? 'No such mailbox' : 'Try again later'), {
    responseCode: code,
  });

/**
 * A real SMTP server (smtp-server) on loopback that keeps what it received, parsed (mailparser),
 * and answers each recipient as told: for tests of what notices look like and where they went.
 */
export const startSmtpSink = async (
  answer: RecipientAnswer = () => undefined,
): Promise<SmtpSink> => {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = answer(address.address);
      callback(code === undefined ? null : refusal(code));
    },
    onData: (stream, session, callback) => {
      simpleParser(stream).then((mail) => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          messageId: mail.messageId ?? '',
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
