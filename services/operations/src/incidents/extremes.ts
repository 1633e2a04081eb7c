/**
 * The least and greatest of many numbers. `Math.min(...values)` passes each as an argument and
 * overflows the call stack past about a hundred thousand: an incident's letters are millions.
 */
export const lowest = (values: readonly number[]): number =>
  values.reduce((least, value) => (value < least ? value : least), Infinity);

export const highest = (values: readonly number[]): number =>
  values.reduce((most, value) => (value > most ? value : most), -Infinity);
