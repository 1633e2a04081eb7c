import { parse, protocol, type PGlite } from '@electric-sql/pglite';

type Serializer = (value: unknown) => string;

export type NamedRun = <Row>(
  name: string,
  text: string,
  params: unknown[],
  inTransaction: boolean,
) => Promise<Row[]>;

const { serialize } = protocol;

/**
 * PostgreSQL plans a prepared statement for its values each time (1 ms here for an append)
 * as long as a plan for any values looks dearer, which for statements over arrays it always
 * does. The store's marked statements are written so that any plan of theirs uses the indexes,
 * so they are run with the plan made once; every other statement is planned as PostgreSQL
 * chooses. A SET is undone with its transaction if that fails, so the reset always holds.
 */
const GENERIC_PLAN = serialize.query('set plan_cache_mode = force_generic_plan');
const PLAN_AS_CHOSEN = serialize.query('reset plan_cache_mode');

/**
 * The store's marked statements on PGlite, prepared once under their names: PGlite's `query`
 * parses and plans every statement again and talks to the engine six times a statement, which
 * made a single append cost five raw inserts. A prepared statement runs in one exchange (bind,
 * describe, execute, sync), values serialised and rows parsed as PGlite's `query` does them.
 * It runs under PGlite's lock for statements, so no statement of PGlite's own (whose steps use
 * the unnamed statement and portal) is ever between its steps.
 */
export const pgliteNamedStatements = (db: PGlite): NamedRun => {
  const parameterTypes = new Map<string, number[]>();
  const serializers = (db as unknown as { serializers: Record<number, Serializer> }).serializers;
  const parsers = (db as unknown as { parsers: Parameters<typeof parse.parseResults>[1] }).parsers;

  const prepare = async (name: string, text: string, inTransaction: boolean) => {
    const { messages } = await db.execProtocol(
      Buffer.concat([
        serialize.parse({ name, text }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { syncToFs: !inTransaction },
    );
    const described = messages.find((message) => message.name === 'parameterDescription') as
      { dataTypeIDs: number[] } | undefined;
    const types = described?.dataTypeIDs ?? [];
    parameterTypes.set(name, types);
    return types;
  };

  const valuesOf = (types: number[], params: unknown[]) =>
    params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = serializers[types[index]!];
      return serializer ? serializer(value) : String(value);
    });

  const run = async <Row>(
    name: string,
    text: string,
    params: unknown[],
    inTransaction: boolean,
  ) => {
    const types = parameterTypes.get(name) ?? (await prepare(name, text, inTransaction));
    const { messages } = await db.execProtocol(
      Buffer.concat([
        GENERIC_PLAN,
        serialize.bind({ statement: name, values: valuesOf(types, params) }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
        PLAN_AS_CHOSEN,
      ]),
      { syncToFs: !inTransaction },
    );
    // The results of the set, the statement, and the reset.
    return (parse.parseResults(messages, parsers)[1]?.rows ?? []) as Row[];
  };
  // PGlite's own lock for statements: held by `query` from its first step to its last.
  return (name, text, params, inTransaction) =>
    db.runExclusive(() => run(name, text, params, inTransaction));
};
