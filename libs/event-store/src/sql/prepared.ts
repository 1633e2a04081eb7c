/** Statement texts marked to be prepared, by the name they are prepared under. */
const names = new Map<string, string>();

/**
 * Marks a statement the store runs often, so that the engine parses it once per connection
 * rather than on every run (planning the append statements costs about as much as running
 * them). Only fixed texts are marked, so the set stays small. PGlite runs a marked statement
 * with the plan it made once, for any values and however the tables have grown since: its
 * lookups must use the indexes in any plan (a lookup of given ids is a lateral subquery per
 * id, which no plan can turn into a scan of the table).
 */
export const prepared = (text: string): string => {
  if (!names.has(text)) names.set(text, `digital_post_${names.size + 1}`);
  return text;
};

/** The name a marked statement is prepared under, or undefined for any other text. */
export const preparedName = (text: string): string | undefined => names.get(text);

/** Every statement marked so far. */
export const markedStatements = (): string[] => [...names.keys()];
