import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Database } from '@digital-post/event-store';
import { replayLines, type ReplayFormat } from '../replay/formats.ts';
import { replayLog } from '../replay/replayLog.ts';
import type { LogWindow } from '../replay/logWindow.ts';
import { progressLine, throttled } from './progressLine.ts';

export interface ReplayCommand {
  window: LogWindow;
  format: ReplayFormat;
  /** A file to write; standard output when not given. */
  out?: string;
}

/**
 * Writes the window's events to the file or standard output, minding back-pressure, and the
 * progress to standard error. Resolves with how many events it wrote.
 */
export const runReplay = async (
  db: Database,
  { window, format, out }: ReplayCommand,
  progress: (line: string) => void,
): Promise<number> => {
  const sink: Writable = out ? createWriteStream(out) : process.stdout;
  const report = throttled((value: Parameters<typeof progressLine>[0]) =>
    progress(progressLine(value)),
  );
  let written = 0;
  const counted = async function* () {
    for await (const event of replayLog(db, window, { onProgress: report.tell })) {
      yield event;
      written += 1;
    }
  };
  for await (const text of replayLines(counted(), format)) await write(sink, text);
  report.done();
  if (out)
    await new Promise<void>((resolve, reject) =>
      sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  return written;
};

const write = async (sink: Writable, text: string) => {
  if (!sink.write(text)) await once(sink, 'drain');
};
