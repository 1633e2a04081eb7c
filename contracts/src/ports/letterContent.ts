/** A file of a letter: its bytes are stored once by SHA-256; name and type are the letter's. */
export interface LetterFile {
  fileId: string;
  name: string;
  mimeType: string;
  sha256: string;
  sizeBytes: number;
}

export interface LetterDocument {
  documentId: string;
  role: 'main' | 'additional';
  title: string;
  files: LetterFile[];
}

export interface LetterAction {
  kind: 'payment' | 'self-service' | 'appointment';
  label: string;
  url: string;
}

/** What a letter says, kept off the bus: events carry only its digest and the file digests. */
export interface LetterContent {
  title: string;
  notificationText?: string;
  documents: LetterDocument[];
  actions: LetterAction[];
  reply?: { allowed: boolean; replyByDateTime?: string };
  inReplyTo?: string;
  /**
   * Who wrote a letter for someone else (a holder of full access, an organisation's employee),
   * shown at the letter's top to every reader and to the authority that receives it.
   */
  writtenBy?: { actorId: string; onBehalfOf: string };
}
