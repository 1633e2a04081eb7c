import { readFileSync } from 'node:fs';
import {
  createSmsProvider,
  createSmtpProvider,
  startNoticeFileSinks,
  type NoticeProvider,
  type NotificationServiceOptions,
} from '@digital-post/notification';
import type { PlatformConfig } from './config.ts';

/** The notification service's settings from the configuration, with its providers. */
export interface NoticeSettings {
  options: Pick<
    NotificationServiceOptions,
    'providers' | 'perSecond' | 'reminderAfterMs' | 'dispatch'
  >;
  /** Stops the local sinks, when this process runs them. */
  close(): Promise<void>;
}

type Providers = { email?: NoticeProvider; sms?: NoticeProvider };

/** The token the SMS provider issued, read from its file: never in the environment or a log. */
const smsTokenOf = (file: string): string => {
  const token = readFileSync(file, 'utf8').trim();
  if (!token) throw new Error(`the SMS provider's token file ${file} is empty`);
  return token;
};

const DAY_MS = 86_400_000;

/** The settings the configuration gives, with its providers; with the local sinks on, the sinks. */
export const noticeSettingsOf = async (config: PlatformConfig): Promise<NoticeSettings> => {
  const settings = {
    perSecond: {
      email: config.DIGITAL_POST_SMTP_PER_SECOND,
      sms: config.DIGITAL_POST_SMS_PER_SECOND,
    },
    reminderAfterMs: config.DIGITAL_POST_REMINDER_AFTER_DAYS * DAY_MS,
    dispatch: { claimMs: config.DIGITAL_POST_NOTICE_CLAIM_SECONDS * 1000 },
  };
  const { providers, close } = await providersOf(config);
  return { options: { ...settings, providers }, close };
};

const providersOf = async (
  config: PlatformConfig,
): Promise<{ providers: Providers; close(): Promise<void> }> => {
  const from = config.DIGITAL_POST_NOTICE_FROM;
  const sender = config.DIGITAL_POST_SMS_SENDER;
  if (config.DIGITAL_POST_NOTICE_SINKS === 'on') {
    const sinks = await startNoticeFileSinks(config.DIGITAL_POST_NOTICE_SINK_DIR);
    const providers = {
      email: createSmtpProvider({ url: sinks.smtpUrl, from }),
      sms: createSmsProvider({ ...sinks.sms, sender }),
    };
    return { providers, close: sinks.close };
  }
  const smtpUrl = config.DIGITAL_POST_SMTP_URL;
  const smsUrl = config.DIGITAL_POST_SMS_URL;
  const tokenFile = config.DIGITAL_POST_SMS_TOKEN_FILE;
  const providers = {
    ...(smtpUrl && { email: createSmtpProvider({ url: smtpUrl, from }) }),
    ...(smsUrl &&
      tokenFile && {
        sms: createSmsProvider({ url: smsUrl, token: smsTokenOf(tokenFile), sender }),
      }),
  };
  return { providers, close: async () => undefined };
};
