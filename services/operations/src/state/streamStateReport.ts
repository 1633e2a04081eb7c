import { csvRecord } from '@digital-post/service-kit';
import { escapeHtml, reportPage, table } from '../incidents/report/reportHtml.ts';
import type { StreamState } from './streamState.ts';

type Fact = [field: string, value: string | number | boolean | null];

/** Nested values as one line each, named by their path (`view.rules.0.targetMailboxId`). */
const factsOf = (value: unknown, path: string): Fact[] => {
  if (value === null || value === undefined) return [[path, null]];
  if (typeof value !== 'object') return [[path, value as Fact[1]]];
  const entries = Object.entries(value);
  if (entries.length === 0) return [[path, Array.isArray(value) ? '[]' : '{}']];
  return entries.flatMap(([key, inner]) => factsOf(inner, path ? `${path}.${key}` : key));
};

/** A stream's state for a spreadsheet: one field a line, its path and its value. */
export const streamStateCsv = (state: StreamState): string =>
  [csvRecord(['field', 'value']), ...factsOf(state, '').map((fact) => csvRecord(fact))].join('');

/** A stream's state as one page for people: the moment, and each field of what it said. */
export const streamStateHtml = (state: StreamState, generatedAt = new Date()): string => {
  const summary = `Stream ${state.streamId} at ${state.at}: ${state.events} events, version ${state.version}, last at log position ${state.position}.`;
  const body = `<p>${escapeHtml(summary)}</p>
<h2>What its events said then (${escapeHtml(state.view.kind)})</h2>${table(['field', 'value'], factsOf(state.view, ''))}`;
  return reportPage('Stream state', body, generatedAt);
};
