import type { Database, SqlExecutor } from './database.ts';

/**
 * Runs a component's `create … if not exists` statements in one transaction, under a lock named
 * after the component: several services may start at once against one database, and concurrent
 * `create if not exists` of the same object can still fail in PostgreSQL.
 *
 * When every object the statements would make is there already, nothing runs. A service that
 * connects as a role of its own cannot create anything (the database's owner set it up,
 * `pnpm db:setup`), and PostgreSQL checks the privilege to create before it looks whether the
 * object exists: `create table if not exists` fails for such a role even when the table is there.
 * The check reads the catalog only, which every role may. A statement it cannot read (not one of
 * the forms below) is never skipped.
 */
export const ensureSchema = async (
  db: Database,
  component: string,
  statements: readonly string[],
): Promise<void> => {
  if (await allPresent(db, statements)) return;
  try {
    await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`digital-post:${component}`]);
      for (const statement of statements) await tx.query(statement);
    });
  } catch (error) {
    if (!isInsufficientPrivilege(error)) throw error;
    throw new Error(
      `${component}: tables are missing and this database role may not create them; ` +
        `set the database up as its owner first (pnpm db:setup)`,
      { cause: error },
    );
  }
};

/** What a statement makes: a schema, a table, index or sequence (a relation), or a column. */
export interface Made {
  kind: 'schema' | 'relation' | 'column';
  /** Empty: unqualified, found on the search path. */
  schema: string;
  name: string;
  column: string;
}

const allPresent = async (db: SqlExecutor, statements: readonly string[]): Promise<boolean> => {
  const made: Made[] = [];
  for (const statement of statements) {
    const objects = madeBy(statement);
    if (!objects) return false;
    made.push(...objects);
  }
  if (made.length === 0) return false;
  const [row] = await db.query<{ present: boolean }>(presentSql, [
    made.map((object) => object.kind),
    made.map((object) => object.schema),
    made.map((object) => object.name),
    made.map((object) => object.column),
  ]);
  return row?.present === true;
};

/**
 * An unqualified name counts as present where the search path finds it: the services' own
 * roles put their schema first on the path, before `public` with the event store's tables.
 */
const presentSql = `
select bool_and(case made.kind
  when 'schema' then exists (
    select 1 from pg_catalog.pg_namespace n where n.nspname = made.name)
  when 'relation' then exists (
    select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where c.relname = made.name
       and (n.nspname = made.schema_name
            or (made.schema_name = '' and n.nspname = any (current_schemas(false)))))
  else exists (
    select 1 from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where c.relname = made.name and a.attname = made.column_name and not a.attisdropped
       and (n.nspname = made.schema_name
            or (made.schema_name = '' and n.nspname = any (current_schemas(false)))))
  end) as present
from unnest($1::text[], $2::text[], $3::text[], $4::text[])
  as made (kind, schema_name, name, column_name)`;

const identifier = '[a-z_][a-z0-9_$]*';
const qualified = `(?:(${identifier})\\.)?(${identifier})`;
const forms: { pattern: RegExp; made: (match: RegExpExecArray) => Made[] | undefined }[] = [
  {
    pattern: new RegExp(`^create\\s+schema\\s+if\\s+not\\s+exists\\s+(${identifier})$`, 'i'),
    made: ([, name]) => [{ kind: 'schema', schema: '', name: name!, column: '' }],
  },
  {
    pattern: new RegExp(
      `^create\\s+(?:unlogged\\s+)?(?:table|sequence)\\s+if\\s+not\\s+exists\\s+${qualified}(?:\\s|\\(|$)`,
      'i',
    ),
    made: ([, schema, name]) => [
      { kind: 'relation', schema: schema ?? '', name: name!, column: '' },
    ],
  },
  {
    // An index lives in its table's schema.
    pattern: new RegExp(
      `^create\\s+(?:unique\\s+)?index\\s+if\\s+not\\s+exists\\s+(${identifier})\\s+on\\s+(?:only\\s+)?${qualified}(?:\\s|\\(|$)`,
      'i',
    ),
    made: ([, name, schema]) => [
      { kind: 'relation', schema: schema ?? '', name: name!, column: '' },
    ],
  },
  {
    pattern: new RegExp(`^alter\\s+table\\s+(?:only\\s+)?${qualified}\\s+(add\\s[\\s\\S]*)$`, 'i'),
    made: ([, schema, table, actions]) => addedColumns(actions!, schema ?? '', table!),
  },
];

const addColumn = new RegExp(
  `^add\\s+(?:column\\s+)?if\\s+not\\s+exists\\s+(${identifier})\\s`,
  'i',
);

/** `add column if not exists` actions only; any other action makes the statement unreadable. */
const addedColumns = (actions: string, schema: string, table: string): Made[] | undefined => {
  const made: Made[] = [];
  for (const action of topLevelParts(actions)) {
    const match = addColumn.exec(`${action.trim()} `);
    if (!match) return undefined;
    made.push({ kind: 'column', schema, name: table, column: match[1]! });
  }
  return made;
};

const topLevelParts = (text: string): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '(') depth += 1;
    else if (character === ')') depth -= 1;
    else if (character === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
};

/** The objects a statement makes, or undefined when it is not a form this check can read. */
export const madeBy = (statement: string): Made[] | undefined => {
  const text = statement.trim().replace(/;$/, '').trim();
  for (const form of forms) {
    const match = form.pattern.exec(text);
    if (match) return lowerCased(form.made(match));
  }
  return undefined;
};

// Unquoted identifiers are folded to lower case by PostgreSQL.
const lowerCased = (made: Made[] | undefined): Made[] | undefined =>
  made?.map((object) => ({
    ...object,
    schema: object.schema.toLowerCase(),
    name: object.name.toLowerCase(),
    column: object.column.toLowerCase(),
  }));

const isInsufficientPrivilege = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === '42501';
