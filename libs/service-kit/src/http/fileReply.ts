import type { FastifyReply } from 'fastify';

export interface FileToSend {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * A letter's file as a download: its own type, never sniffed into another by the browser, its
 * name encoded as RFC 6266 asks, and kept out of every shared cache.
 */
export const sendFile = (reply: FastifyReply, file: FileToSend): FastifyReply =>
  reply
    .type(file.mimeType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
