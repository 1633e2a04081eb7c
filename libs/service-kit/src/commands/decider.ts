/** An event as a decider sees it: what happened, without where it is stored. */
export interface DecidedEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** Version of the data's schema; the store records 1 when absent. */
  schemaVersion?: number;
}

/**
 * A stream's business logic as two pure functions (as in Emmett): `decide` turns a command and
 * the current state into new events, or throws a DomainRuleError; `evolve` applies one event.
 * State is only ever what the events say, so it can be rebuilt, replayed and tested without I/O.
 */
export interface Decider<Command, Event extends DecidedEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** The state after `events`, starting from `state` (the initial state by default). */
export const foldEvents = <Event extends DecidedEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
  state: State = decider.initialState(),
): State => events.reduce((current, event) => decider.evolve(current, event), state);
