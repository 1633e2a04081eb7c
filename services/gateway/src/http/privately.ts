import type { FastifyReply } from 'fastify';

/** Personal data: no shared cache may keep a copy. */
export const privately = (reply: FastifyReply): FastifyReply =>
  reply.header('cache-control', 'no-store');
