// For other packages' tests: a fresh store on each engine.
export { engineNames, openEngine, type EngineName, type OpenedEngine } from './engines.ts';
