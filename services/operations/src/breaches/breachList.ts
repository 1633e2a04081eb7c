import type { BreachFound } from '@digital-post/contracts';
import { csvRecord } from '@digital-post/service-kit';
import { escapeHtml, reportPage, table, type Cell } from '../incidents/report/reportHtml.ts';
import type { Deadlines } from './deadlines.ts';

/** A breach as the operator API lists it: what was recorded, its filings and deadlines now. */
export type BreachView = BreachFound & {
  preliminary: { filedAt: string } | null;
  followUp: { filedAt: string } | null;
  closed: { closedAt: string } | null;
  deadlines: Deadlines;
};

export interface BreachList {
  breaches: BreachView[];
}

const columns = [
  'breach_id',
  'kind',
  'case_reference',
  'found_at',
  'began',
  'ended',
  'letters',
  'misdelivered',
  'opened',
  'people',
  'preliminary_due',
  'preliminary_filed_at',
  'preliminary_overdue',
  'follow_up_due',
  'follow_up_filed_at',
  'follow_up_overdue',
  'closed_at',
];

const cellsOf = (view: BreachView): Cell[] => [
  view.breachId,
  view.kind,
  view.caseReference,
  view.foundAt,
  view.began,
  view.ended,
  view.letters,
  view.misdelivered,
  view.opened,
  view.people,
  view.deadlines.preliminary.due,
  view.deadlines.preliminary.filedAt,
  view.deadlines.preliminary.overdue,
  view.deadlines.followUp.due,
  view.deadlines.followUp.filedAt,
  view.deadlines.followUp.overdue,
  view.closed?.closedAt ?? null,
];

/** The breaches for a spreadsheet: one a line, with its counts and both deadlines. */
export const breachListCsv = ({ breaches }: BreachList): string =>
  [csvRecord(columns), ...breaches.map((view) => csvRecord(cellsOf(view)))].join('');

/** The breaches as one page for people, the overdue counted first. */
export const breachListHtml = ({ breaches }: BreachList, generatedAt = new Date()): string => {
  const overdue = breaches.filter(
    (view) => view.deadlines.preliminary.overdue || view.deadlines.followUp.overdue,
  ).length;
  const body = `<p>${escapeHtml(`${breaches.length} breaches; ${overdue} with a deadline missed.`)}</p>
${table(
  columns.map((column) => column.replaceAll('_', ' ')),
  breaches.map(cellsOf),
)}`;
  return reportPage('Breaches', body, generatedAt);
};
