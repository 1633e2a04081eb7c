import { deepStrictEqual } from 'node:assert/strict';
import { foldEvents, type DecidedEvent, type Decider } from '../commands/decider.ts';

/**
 * Given events, when a command, then events (or a thrown error): a decider tested with no I/O.
 * `deciderSpec(folderNaming).given([created]).when(rename).then([renamed])`.
 */
export const deciderSpec = <Command, Event extends DecidedEvent, State>(
  decider: Decider<Command, Event, State>,
) => ({
  given: (history: Event[]) => ({
    when: (command: Command) => {
      const decide = () => decider.decide(command, foldEvents(decider, history));
      return {
        then: (expected: Event[]): void => deepStrictEqual(decide(), expected),
        thenThrows: (check: (error: unknown) => void): void => {
          try {
            decide();
          } catch (error) {
            return check(error);
          }
          throw new Error('expected the command to be refused, but it was decided');
        },
      };
    },
  }),
});
