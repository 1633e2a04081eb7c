import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { startSmsSink, startSmtpSink } from '@digital-post/notification/testing';

/** A notice as the person got it: where it went and its words. */
export interface Received {
  to: string;
  subject: string;
  text: string;
}

/** Where notices go in a test, the settings that point the platform there, and what arrived. */
export interface NoticeProviders {
  env: Record<string, string>;
  mails(): Promise<Received[]>;
  texts(): Promise<Received[]>;
  close(): Promise<void>;
}

const filesIn = async (dir: string): Promise<string[]> =>
  (await readdir(dir).catch(() => [])).sort().map((name) => join(dir, name));

/**
 * The platform's own local sinks, as `npm start` runs them: a real SMTP server and SMS API in
 * the platform's process, writing each notice to a file, read back here.
 */
export const localSinks = async (): Promise<NoticeProviders> => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-notices-'));
  return {
    env: { DIGITAL_POST_NOTICE_SINKS: 'on', DIGITAL_POST_NOTICE_SINK_DIR: dir },
    mails: async () =>
      Promise.all(
        (await filesIn(join(dir, 'email'))).map(async (file) => {
          const mail = await simpleParser(await readFile(file));
          const to = [mail.to ?? []].flat().flatMap((address) => address.value);
          return { to: to[0]?.address ?? '', subject: mail.subject ?? '', text: mail.text ?? '' };
        }),
      ),
    texts: async () =>
      Promise.all(
        (await filesIn(join(dir, 'sms'))).map(async (file) => {
          const sms = JSON.parse(await readFile(file, 'utf8')) as { to: string; text: string };
          return { to: sms.to, subject: '', text: sms.text };
        }),
      ),
    close: () => rm(dir, { recursive: true, force: true }),
  };
};

/**
 * Providers outside the platform, as production has them: an SMTP server and an SMS provider's
 * stand-in that the test starts, named to the platform by URL, and the SMS token in a file.
 */
export const outsideProviders = async (): Promise<NoticeProviders> => {
  const smtp = await startSmtpSink();
  const sms = await startSmsSink();
  const dir = await mkdtemp(join(tmpdir(), 'dp-sms-token-'));
  const tokenFile = join(dir, 'sms-token');
  await writeFile(tokenFile, `${sms.token}\n`);
  return {
    env: {
      DIGITAL_POST_SMTP_URL: smtp.url,
      DIGITAL_POST_SMS_URL: sms.url,
      DIGITAL_POST_SMS_TOKEN_FILE: tokenFile,
    },
    mails: async () =>
      smtp.received.map((mail) => ({
        to: mail.to[0] ?? '',
        subject: mail.subject,
        text: mail.text,
      })),
    texts: async () => sms.received.map((text) => ({ to: text.to, subject: '', text: text.text })),
    close: async () => {
      await smtp.close();
      await sms.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
