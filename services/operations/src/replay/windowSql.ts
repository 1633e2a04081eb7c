import type { LogWindow } from './logWindow.ts';

/**
 * Where in an event's data each kind of filter looks. A letter's acceptance names its sender,
 * and its routing decision (from version 3) the sender again; mailboxes appear under the names
 * the contracts give them; rules by version, routing releases by name.
 */
const dataFields: Record<'senders' | 'mailboxes' | 'ruleVersions' | 'releases', string[]> = {
  senders: [`data->>'senderId'`, `data->'letter'->>'senderId'`],
  mailboxes: [
    'mailboxId',
    'recipientMailboxId',
    'targetMailboxId',
    'fromMailboxId',
    'toMailboxId',
    'refusedMailboxId',
  ].map((field) => `data->>'${field}'`),
  ruleVersions: [`data->>'ruleVersion'`, `data->>'forwardingRuleVersion'`],
  releases: [`data->>'routerRelease'`],
};

const columnsOf: Record<keyof typeof dataFields | 'categories' | 'types' | 'streams', string[]> = {
  categories: ['stream_category'],
  types: ['event_type'],
  streams: ['stream_id'],
  ...dataFields,
};

/**
 * The window's filters as SQL conditions over `events`, each list one parameter numbered from
 * `first`: any of its names, in any of the places that kind is found.
 */
export const filterSql = (window: LogWindow, first: number) => {
  const conditions: string[] = [];
  const params: string[][] = [];
  for (const [kind, columns] of Object.entries(columnsOf)) {
    const names = window[kind as keyof typeof columnsOf];
    if (!names?.length) continue;
    const n = first + params.length;
    params.push(names);
    conditions.push(`(${columns.map((column) => `${column} = any($${n}::text[])`).join(' or ')})`);
  }
  return { sql: conditions.map((condition) => ` and ${condition}`).join(''), params };
};
