import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the server took it: the envelope's addresses and the whole message, raw. */
export interface TakenMail {
  from: string;
  to: string[];
  raw: Buffer;
}

/** An SMTP reply code for a recipient, or nothing to take the mail. */
export type RecipientAnswer = (address: string) => number | undefined;

export interface SmtpServerOptions {
  answer?: RecipientAnswer;
  /** Keeps a message; the server answers 250 only once it has. */
  keep(mail: TakenMail): Promise<void>;
}

export interface RunningSmtpServer {
  url: string;
  close(): Promise<void>;
}

const refusal = (code: number) =>
  Object.assign(new Error(code >= 500 ? 'No such mailbox' : 'Try again later'), {
    responseCode: code,
  });

const bytesOf = async (stream: AsyncIterable<unknown>): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * A real SMTP server (smtp-server) on loopback, without TLS or authentication: the tests' and a
 * developer's machine's stand-in for a mail provider. Each recipient is answered as told.
 */
export const startSmtpServer = async ({
  answer = () => undefined,
  keep,
}: SmtpServerOptions): Promise<RunningSmtpServer> => {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = answer(address.address);
      callback(code === undefined ? null : refusal(code));
    },
    onData: (stream, session, callback) => {
      const { mailFrom, rcptTo } = session.envelope;
      bytesOf(stream)
        .then((raw) =>
          keep({ from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address), raw }),
        )
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
