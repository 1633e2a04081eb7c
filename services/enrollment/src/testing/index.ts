// For other packages' tests and the benchmark: a generated population, and register events.
export * from './population.ts';
export * from './registerEvents.ts';
