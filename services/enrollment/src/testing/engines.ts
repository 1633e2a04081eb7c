import { openEngine as openFresh, type EngineName } from '@digital-post/event-store/testing';

export { engineNames, type EngineName, type OpenedEngine } from '@digital-post/event-store/testing';

/** A fresh store on the engine for the enrollment service's tests. */
export const openEngine = (name: EngineName) => openFresh(name, 'enrollment');
