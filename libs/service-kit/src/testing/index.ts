/** Helpers for services' tests; kept off the main entry so production code never loads them. */
export { deciderSpec } from './deciderSpec.ts';
export { parseCsv } from './csvReader.ts';
