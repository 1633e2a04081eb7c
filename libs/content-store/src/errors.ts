/** A message id already has other content: a letter, once stored, never changes. */
export class LetterContentConflict extends Error {
  override readonly name = 'LetterContentConflict';
  constructor(
    readonly messageId: string,
    readonly storedSha256: string,
    readonly offeredSha256: string,
  ) {
    super(`message ${messageId} already has other content`);
  }
}
