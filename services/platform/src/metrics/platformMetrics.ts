import type { NewEvent } from '@digital-post/event-store';
import type { BreachFigures } from '@digital-post/operations';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a letter's events say of it, counted as they are committed. */
const LETTER_STEPS: Record<string, string> = {
  MessageAccepted: 'accepted',
  MessageRouted: 'routed',
  MessageDelivered: 'delivered',
  MessagePrinted: 'printed',
  MessageHeld: 'held',
  MessageWithdrawn: 'withdrawn',
};

/**
 * The process's own metrics, on one registry its `/metrics` serves: the letters its services
 * committed, by step (and routed letters by channel), every event appended by type, the
 * enrollment breaker's trips, and each front's request latency by route. Labels are types,
 * channels, routes and status codes: never an id, a number of a person, or any text of a letter.
 */
export const createPlatformMetrics = () => {
  const registry = new Registry();
  const letters = new Counter({
    name: 'digitalpost_letters_total',
    help: 'Letters by step (accepted, routed, delivered, printed, held, withdrawn) and channel',
    labelNames: ['step', 'channel'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'digitalpost_events_appended_total',
    help: 'Events this process appended to the log and committed, by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const breakerTrips = new Counter({
    name: 'digitalpost_enrollment_breaker_trips_total',
    help: 'Enrollment changes the mass-change breaker held for an operator',
    registers: [registry],
  });
  const requests = new Histogram({
    name: 'digitalpost_http_request_duration_seconds',
    help: 'Time to answer a request, by front, method, route and status',
    labelNames: ['front', 'method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    /** For the event store: told of each append once committed. */
    committed: (appended: readonly NewEvent[]) => {
      for (const event of appended) {
        events.inc({ type: event.type });
        if (event.type === 'EnrollmentChangeHeld') breakerTrips.inc();
        const step = LETTER_STEPS[event.type];
        if (!step) continue;
        const channel = (event.data as { channel?: unknown }).channel;
        letters.inc({ step, channel: typeof channel === 'string' ? channel : '' });
      }
    },
    /** In the process that runs operations: the breaches, read at each scrape. */
    watchBreaches: (read: () => Promise<BreachFigures>) => breachGauges(registry, read),
    /** A request answered: its route as registered (`/v1/mailboxes/:mailboxId`), never its URL. */
    answered: (
      front: string,
      method: string,
      route: string | undefined,
      status: number,
      seconds: number,
    ) =>
      requests.observe(
        { front, method, route: route ?? 'unmatched', status: String(status) },
        seconds,
      ),
  };
};

/** A read shared by the gauges of one scrape (they are collected side by side). */
const sharedRead = <T>(read: () => Promise<T>, forMs = 1_000) => {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > forMs) last = { at: Date.now(), value: read() };
    return last.value;
  };
};

/** The breaches open, overdue, and the nearest deadline, read afresh at each scrape. */
const breachGauges = (registry: Registry, read: () => Promise<BreachFigures>) => {
  const figures = sharedRead(read);
  const gauge = (name: string, help: string, value: (f: BreachFigures) => number | null) =>
    new Gauge({
      name: `digitalpost_${name}`,
      help,
      registers: [registry],
      async collect() {
        const measured = value(await figures());
        if (measured === null) this.reset();
        else this.set(measured);
      },
    });
  gauge('breaches_open', 'Breaches recorded and not closed', (f) => f.open);
  gauge('breaches_overdue', 'Open breaches with a reporting deadline missed', (f) => f.overdue);
  gauge(
    'breach_next_deadline_seconds',
    'Seconds until the nearest reporting deadline not yet met (absent: none)',
    (f) => f.nextDueSeconds,
  );
};

export type PlatformMetrics = ReturnType<typeof createPlatformMetrics>;
