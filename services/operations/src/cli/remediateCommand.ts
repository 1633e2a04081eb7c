import { writeFile } from 'node:fs/promises';
import type { RedecisionPort } from '@digital-post/contracts';
import type { Database } from '@digital-post/event-store';
import { reconstructRouting } from '../incidents/routing/reconstructRouting.ts';
import type { RemediationResult } from '../remediation/applyRemediation.ts';
import { remediationCsv } from '../remediation/remediationCsv.ts';
import { planRemediation, type RemediationPlan } from '../remediation/remediationPlan.ts';
import type { Bound } from '../replay/logWindow.ts';
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
  format: 'json' | 'csv';
  out?: string;
}

interface Answer {
  plan: RemediationPlan;
  result?: RemediationResult;
}

const answerFrom = async (source: RemediationSource, command: RemediateCommand) => {
  if (source.kind === 'api') {
    const { query, caseReference, execute } = command;
    const bounds = Object.fromEntries(Object.entries(query).filter(([, b]) => b !== undefined));
    const body = { ...bounds, caseReference, execute };
    return (await answerOf(source, '/admin/incidents/routing/remediation', body)) as Answer;
  }
  if (command.execute) throw new Error('--execute changes a running system: give its --api');
  const incident = await reconstructRouting(source.db, source.redecision, command.window);
  return { plan: await planRemediation(source.db, incident, command.caseReference) };
};

/** One line for the operator: what the plan holds, and what carrying it out did. */
export const remediationLine = ({ plan, result }: Answer): string => {
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
): Promise<Answer> => {
  const answer = await answerFrom(source, command);
  const text =
    command.format === 'csv'
      ? remediationCsv(answer.plan, answer.result)
      : `${JSON.stringify(answer, null, 2)}\n`;
  if (command.out) await writeFile(command.out, text);
  else process.stdout.write(text);
  return answer;
};
