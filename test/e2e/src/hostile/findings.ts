import type { ValueClass } from './mutations.ts';
import { jsonText, RawJson, type Reply } from './request.ts';

/** What went wrong with one answer to a hostile request. */
export type Fault =
  | 'server error'
  | 'refusal not a problem+json'
  | 'accepted an invalid value'
  | 'wrote after refusing'
  | 'wrote before failing'
  | 'no answer'
  | 'sample not accepted';

export interface Finding {
  operation: string;
  parameter: string;
  valueClass: ValueClass | 'none';
  fault: Fault;
  status: number | null;
  example: string;
  detail?: string;
}

/** An answer as the client must read it: a batch answers each letter on its own in a 200. */
export interface Outcome {
  status: number;
  /** The problem document of a refusal, when one could be read. */
  problem: unknown;
  problemType: boolean;
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const outcomeOf = (operation: string, reply: Reply): Outcome => {
  const body = parsed(reply.text) as { results?: Array<{ status: number; problem?: unknown }> };
  const first = body?.results?.[0];
  if (operation === 'POST /v1/messages/batch' && reply.status === 200 && first) {
    return { status: first.status, problem: first.problem, problemType: true };
  }
  return {
    status: reply.status,
    problem: body,
    problemType: reply.contentType.startsWith('application/problem+json'),
  };
};

const isProblem = (outcome: Outcome): boolean => {
  const problem = outcome.problem as Record<string, unknown> | undefined;
  return (
    outcome.problemType &&
    typeof problem?.type === 'string' &&
    typeof problem.title === 'string' &&
    problem.status === outcome.status
  );
};

/** The faults of one answer: never ours (5xx), a refusal is a problem, invalid is refused. */
export const faultsOf = (outcome: Outcome, mustBeRefused: boolean): Fault[] => {
  const { status } = outcome;
  if (status >= 500) return ['server error'];
  const faults: Fault[] = [];
  if (status >= 400 && !isProblem(outcome)) faults.push('refusal not a problem+json');
  if (mustBeRefused && status < 400) faults.push('accepted an invalid value');
  return faults;
};

/** A value as a reader of the report can retype it: escapes shown, long ones cut. */
export const shown = (value: unknown): string => {
  if (value === undefined) return '(missing)';
  if (value instanceof RawJson) return `${value.text} (JSON number)`;
  const text = typeof value === 'string' ? JSON.stringify(value) : jsonText(value);
  if (text.length <= 70) return text;
  const length = typeof value === 'string' ? value.length : text.length;
  return `${text.slice(0, 40)}… (${length} chars)`;
};

const keyOf = (f: Finding) => [f.operation, f.parameter, f.valueClass, f.fault, f.status].join('|');

/** One line per distinct fault (operation, parameter, class, fault, status), with a count. */
export const deduplicated = (findings: Finding[]): Array<Finding & { count: number }> => {
  const groups = new Map<string, Finding & { count: number }>();
  for (const finding of findings) {
    const group = groups.get(keyOf(finding));
    if (group) group.count += 1;
    else groups.set(keyOf(finding), { ...finding, count: 1 });
  }
  return [...groups.values()];
};

export const summaryTable = (title: string, findings: Finding[]): string => {
  const rows = deduplicated(findings).map((f) =>
    [
      f.operation,
      f.parameter,
      f.valueClass,
      f.fault,
      f.status ?? '-',
      f.count,
      f.example,
      f.detail ?? '',
    ]
      .map((cell) => String(cell).replaceAll('|', '\\|'))
      .join(' | '),
  );
  const header = 'operation | parameter | class | fault | status | n | example | detail';
  return [`## ${title}: ${rows.length} distinct faults`, header, ...rows].join('\n');
};
