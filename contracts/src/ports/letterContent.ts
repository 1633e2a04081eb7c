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
}
