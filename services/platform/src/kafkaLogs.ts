import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/** kafkajs's own log lines, as structured lines of the service's log instead of its console. */
export const kafkaLogsTo =
  (logger: Logger): logCreator =>
  () =>
  ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    const line = { kafka: namespace, ...extra };
    if (level === logLevel.ERROR) logger.error(line, message);
    else if (level === logLevel.WARN) logger.warn(line, message);
    else if (level === logLevel.INFO) logger.info(line, message);
    else logger.debug(line, message);
  };
