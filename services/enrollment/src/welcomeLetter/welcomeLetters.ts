import { createHash } from 'node:crypto';
import type { EventBus, RunningConsumer } from '@digital-post/bus';
import type { ContentStore } from '@digital-post/content-store';
import type { CitizenEnrolled, CompanyEnrolled } from '@digital-post/contracts';
import type { EventStore, RecordedEvent, SqlExecutor } from '@digital-post/event-store';
import type { PrintChannel } from '@digital-post/print';
import { dataOf } from '@digital-post/service-kit';

/**
 * The physical welcome letter, on a first enrollment only: in August 2023 about 36,000
 * re-enrolled users got it again. `firstEnrollment` on the enrollment event is the one
 * trigger; the letter goes to the paper channel, named by the enrollment event, so a
 * redelivered event prints nothing twice, and `WelcomeLetterPrinted` records it in the stream.
 */
export const WELCOME_LETTER_SENDER = 'digitaliseringsstyrelsen';

const WELCOME_LETTER_TEXT = `Welcome to Digital Post

From today, letters from public authorities reach you in your Digital Post mailbox.
Read them at borger.dk, in the Digital Post app, at e-Boks or at mit.dk.
If you cannot use Digital Post, a citizen service office can exempt you; you then get paper post.
`;

export const WELCOME_LETTERS_GROUP = 'enrollment-welcome-letters';

/**
 * Its own stream, not the enrollment stream: appending there would race the register feed's
 * and operators' writes to the same person, which read the enrollment stream's version.
 */
export const welcomeLetterStreamOf = (subjectId: string): string => `welcome-${subjectId}`;

/** Deterministic, so that a retry appends the record of a print with the same id. */
const printedEventIdOf = (enrollmentEventId: string): string => {
  const hex = createHash('sha256').update(`welcome:${enrollmentEventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const startWelcomeLetters = async (deps: {
  bus: EventBus;
  store: Pick<EventStore, 'append'>;
  content: ContentStore;
  printChannel: PrintChannel;
  now: () => Date;
  /** A letter that fails is retried; the failure is told here, not swallowed. */
  onError?: (error: unknown) => void;
}): Promise<RunningConsumer> => {
  const document = await deps.content.putFile(Buffer.from(WELCOME_LETTER_TEXT, 'utf8'));
  const handle = async (event: RecordedEvent, tx: SqlExecutor): Promise<void> => {
    const data = dataOf<CitizenEnrolled | CompanyEnrolled>(event);
    if (!data.firstEnrollment) return;
    const recipient =
      'cpr' in data
        ? { kind: 'cpr' as const, id: data.cpr }
        : { kind: 'cvr' as const, id: data.cvr };
    const receipt = await deps.printChannel.print({
      messageId: `welcome-${event.id}`,
      recipient,
      senderId: WELCOME_LETTER_SENDER,
      documents: [
        {
          documentId: 'welcome-letter',
          contentSha256: document.sha256,
          mimeType: 'text/plain',
          sizeBytes: document.sizeBytes,
        },
      ],
      notBefore: null,
    });
    await deps.store.append(
      welcomeLetterStreamOf(recipient.id),
      [
        {
          id: printedEventIdOf(event.id),
          type: 'WelcomeLetterPrinted',
          data: {
            mailboxId: data.mailboxId,
            enrollmentEventId: event.id,
            printChannel: deps.printChannel.name,
            printJobId: receipt.printJobId,
            printedAt: receipt.printedAt,
          },
        },
      ],
      { tx },
    );
  };
  return deps.bus.consume({
    groupId: WELCOME_LETTERS_GROUP,
    categories: ['enrollment'],
    eventTypes: ['CitizenEnrolled', 'CompanyEnrolled'],
    handle,
    ...(deps.onError && { onError: deps.onError }),
  });
};
