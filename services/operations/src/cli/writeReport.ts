import { writeFile } from 'node:fs/promises';
import type { ReportFormat, ReportFormats } from '../incidents/report/reportReply.ts';

/** A result written in the format asked for, to the file named or to standard output. */
export const writeReport = async <Result>(
  result: Result,
  { format, out }: { format: ReportFormat; out?: string | undefined },
  forms: Pick<ReportFormats<Result>, 'csv' | 'html'>,
): Promise<void> => {
  const text =
    format === 'csv'
      ? forms.csv(result)
      : format === 'html'
        ? forms.html(result)
        : `${JSON.stringify(result, null, 2)}\n`;
  if (out) await writeFile(out, text);
  else process.stdout.write(text);
};
