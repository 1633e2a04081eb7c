import type { Database } from '@digital-post/event-store';
import type { Bound } from '../replay/logWindow.ts';
import { streamStateAt, type StreamState } from '../state/streamState.ts';
import { streamStateCsv, streamStateHtml } from '../state/streamStateReport.ts';
import { writeReport } from './writeReport.ts';
import { answerOf, type ApiSource } from './operatorApi.ts';

export interface StateCommand {
  streamId: string;
  at: Bound | undefined;
  /** The moment as written, for the operator API. */
  query: string | undefined;
  format: 'json' | 'csv' | 'html';
  out?: string;
}

const stateFrom = async (
  source: Database | ApiSource,
  { streamId, at, query }: StateCommand,
): Promise<StreamState> => {
  if (!('kind' in source)) return streamStateAt(source, streamId, at);
  const search = new URLSearchParams(query === undefined ? {} : { at: query });
  const path = `/admin/streams/${encodeURIComponent(streamId)}/state?${search}`;
  return (await answerOf(source, path)) as StreamState;
};

/** A stream's state at a moment, from the database or a running system's operator API. */
export const runState = async (
  source: Database | ApiSource,
  command: StateCommand,
): Promise<StreamState> => {
  const state = await stateFrom(source, command);
  await writeReport(state, command, { csv: streamStateCsv, html: streamStateHtml });
  return state;
};
