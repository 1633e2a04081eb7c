import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { reconstructRouting } from '../incidents/routing/reconstructRouting.ts';
import type { Remediation } from '../remediation/applyRemediation.ts';
import { remediationCsv } from '../remediation/remediationCsv.ts';
import { remediationHtml } from '../remediation/remediationHtml.ts';
import { planRemediation } from '../remediation/remediationPlan.ts';
import type { Bound } from '../replay/logWindow.ts';
import { writeReport } from './writeReport.ts';
import { answerOf, type ApiSource } from './operatorApi.ts';

/** A dry run can plan on a stopped system's database; carrying it out needs the running one. */
export type RemediationSource =
  { kind: 'database'; db: Database; redecision: Pick<RedecisionPort, 'redecide'> } | ApiSource;

export interface RemediateCommand {
  window: { from?: Bound | undefined; to?: Bound | undefined };
  /** The bounds as written, for the operator API. */
  query: { from?: string | undefined; to?: string | undefined };
  caseReference: string;
  execute: boolean;
  format: 'json' | 'csv' | 'html';
  out?: string;
}

const answerFrom = async (source: RemediationSource, command: RemediateCommand) => {
  if (source.kind === 'api') {
    const { query, caseReference, execute } = command;
    const bounds = Object.fromEntries(Object.entries(query).filter(([, b]) => b !== undefined));
    const body = { ...bounds, caseReference, execute };
    return (await answerOf(source, '/admin/incidents/routing/remediation', body)) as Remediation;
  }
  if (command.execute) throw new Error('--execute changes a running system: give its --api');
  const incident = await reconstructRouting(source.db, source.redecision, command.window);
  return { plan: await planRemediation(source.db, incident, command.caseReference) };
};

/** One line for the operator: what the plan holds, and what carrying it out did. */
export const remediationLine = ({ plan, result }: Remediation): string => {
  const { withdrawals, redirects } = plan.pending;
  const planned = `remediate: ${plan.letters.length} misrouted letters; to do: ${withdrawals} withdrawals, ${redirects} deliveries`;
  if (!result) return `${planned} (dry run: nothing changed; --execute carries it out)`;
  const w = result.withdrawn;
  const r = result.redirected;
  return `${planned}; done: ${w.withdrawn} withdrawn (${w.already} already), ${r.redirected} delivered again (${r.unchanged} already, ${r.held} left held, ${r.unknown} unknown)`;
};

/** Plans the repair of the window's routing incident and, with --execute, carries it out. */
export const runRemediate = async (
  source: RemediationSource,
  command: RemediateCommand,
): Promise<Remediation> => {
  const answer = await answerFrom(source, command);
  await writeReport(answer, command, {
    csv: ({ plan, result }) => remediationCsv(plan, result),
    html: ({ plan, result }) => remediationHtml(plan, result),
  });
  return answer;
};
