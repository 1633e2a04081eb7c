import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSmsServer } from './smsServer.ts';
import { startSmtpServer } from './smtpServer.ts';

export interface NoticeFileSinks {
  /** The local SMTP server's URL, for the e-mail provider. */
  smtpUrl: string;
  /** The local SMS API's URL and token, for the SMS provider. */
  sms: { url: string; token: string };
  close(): Promise<void>;
}

/** A file name that sorts by arrival and cannot leave the directory. */
const fileName = (at: Date, key: string, extension: string) =>
  `${at.toISOString().replace(/[:.]/g, '-')}-${key.replace(/[^\w-]/g, '_').slice(0, 80)}.${extension}`;

const messageIdOf = (raw: Buffer): string =>
  /^message-id:\s*<?([^>\r\n]+)>?/im.exec(raw.toString('utf8', 0, 8192))?.[1] ?? 'mail';

/**
 * `npm start`'s mail and SMS providers: a real SMTP server and an SMS API on loopback that write
 * each notice they take to a file under `dir` (`email/*.eml`, `sms/*.json`), so a developer
 * sees what a person would receive. Production points the providers at real ones instead.
 */
export const startNoticeFileSinks = async (dir: string): Promise<NoticeFileSinks> => {
  const email = join(dir, 'email');
  const sms = join(dir, 'sms');
  await mkdir(email, { recursive: true });
  await mkdir(sms, { recursive: true });
  const smtpServer = await startSmtpServer({
    keep: ({ raw }) => writeFile(join(email, fileName(new Date(), messageIdOf(raw), 'eml')), raw),
  });
  const smsServer = await startSmsServer({
    keep: (taken) =>
      writeFile(
        join(sms, fileName(new Date(), taken.idempotencyKey, 'json')),
        `${JSON.stringify(taken, null, 2)}\n`,
      ),
  });
  return {
    smtpUrl: smtpServer.url,
    sms: { url: smsServer.url, token: smsServer.token },
    close: async () => {
      await smtpServer.close();
      await smsServer.close();
    },
  };
};
