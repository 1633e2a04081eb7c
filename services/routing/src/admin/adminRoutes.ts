import type { FastifyPluginAsyncZod } from '@digital-post/service-kit';

/**
 * The operators' API under /admin. Every feature's routes are registered inside this one plugin,
 * so an authenticating preHandler added by the platform on the scope that registers it covers
 * them all. Until then, write routes record the `X-Operator` header as the actor.
 */
export const adminRoutesOf =
  (features: FastifyPluginAsyncZod[]): FastifyPluginAsyncZod =>
  async (app) => {
    for (const feature of features) await app.register(feature, { prefix: '/admin' });
  };
