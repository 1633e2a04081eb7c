import { expect } from 'vitest';
import { foldEvents, type DecidedEvent, type Decider } from '@digital-post/service-kit';

/** Given events, when a command, then events or a refusal: a decider tested without I/O. */
export const givenEvents = <Command, Event extends DecidedEvent, State>(
  decider: Decider<Command, Event, State>,
) => ({
  given: (history: Event[]) => ({
    when: (command: Command) => {
      const decide = () => decider.decide(command, foldEvents(decider, history));
      return {
        then: (expected: Event[]): void => expect(decide()).toEqual(expected),
        thenThrows: (check: (error: unknown) => void): void => {
          let decided: Event[] | undefined;
          try {
            decided = decide();
          } catch (error) {
            check(error);
            return;
          }
          expect.fail(`expected a refusal, got ${JSON.stringify(decided)}`);
        },
      };
    },
  }),
});
