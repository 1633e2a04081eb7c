import { problem } from '../problems/problemError.ts';
import type { HttpApp } from './httpApp.ts';

/**
 * While the app closes, requests already in flight finish, and anything that still arrives on a
 * kept-alive connection gets a 503 problem. `Connection: close` on every reply from then on lets
 * those connections end, so closing does not wait out the keep-alive timeout.
 */
export const registerDrain = (app: HttpApp): void => {
  let draining = false;
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!draining) return done();
    reply.header('connection', 'close');
    done(problem.unavailable('The service is shutting down; retry on another instance.'));
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
};
