import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsSink, type SmsSink } from '../testing/smsSink.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtpSink.ts';
import { createSmsProvider } from './smsProvider.ts';
import { createSmtpProvider } from './smtpProvider.ts';

const message = (to: string) => ({
  noticeId: randomUUID(),
  to,
  subject: 'Ny post i Digital Post',
  text: 'Du har fået ny post fra skat i Digital Post. Læs den på borger.dk/digitalpost.',
});

describe('e-mail over SMTP', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink((to) =>
      to.startsWith('gone@') ? 550 : to.startsWith('busy@') ? 451 : undefined,
    );
  });
  afterAll(() => sink.close());
  const provider = () =>
    createSmtpProvider({ url: sink.url, from: 'Digital Post <ikke-svar@digitalpost.dk>' });

  it('hands a notice to the server, named by its id', async () => {
    const smtp = provider();
    const sent = message('anna@example.dk');
    expect(await smtp.send(sent)).toEqual({ kind: 'sent' });
    await smtp.close();
    expect(sink.received).toContainEqual({
      from: 'ikke-svar@digitalpost.dk',
      to: ['anna@example.dk'],
      subject: sent.subject,
      text: expect.stringContaining('ny post fra skat'),
      messageId: `<${sent.noticeId}@notices.digitalpost.dk>`,
    });
  });

  it('tells a refused address from one to try again, and a server that is not there', async () => {
    const smtp = provider();
    expect(await smtp.send(message('gone@example.dk'))).toMatchObject({ kind: 'refused' });
    expect(await smtp.send(message('busy@example.dk'))).toMatchObject({ kind: 'retry' });
    await smtp.close();
    const nowhere = createSmtpProvider({
      url: 'smtp://127.0.0.1:1',
      from: 'ikke-svar@digitalpost.dk',
      timeoutMs: 2_000,
    });
    expect(await nowhere.send(message('anna@example.dk'))).toMatchObject({ kind: 'retry' });
    await nowhere.close();
  });
});

describe("SMS through the provider's HTTP API", () => {
  let sink: SmsSink;
  beforeAll(async () => {
    sink = await startSmsSink((to) =>
      to === '+4500000000' ? 422 : to === '+4599999999' ? 503 : undefined,
    );
  });
  afterAll(() => sink.close());
  const provider = (token = sink.token) =>
    createSmsProvider({ url: sink.url, token, sender: 'DigitalPost' });

  it('sends once per notice, however often it is handed', async () => {
    const sent = message('+4512345678');
    expect(await provider().send(sent)).toEqual({ kind: 'sent' });
    expect(await provider().send(sent)).toEqual({ kind: 'sent' });
    expect(sink.received.filter((sms) => sms.idempotencyKey === sent.noticeId)).toEqual([
      { to: '+4512345678', from: 'DigitalPost', text: sent.text, idempotencyKey: sent.noticeId },
    ]);
  });

  it('tells a number the provider refuses from a provider that is down', async () => {
    expect(await provider().send(message('+4500000000'))).toMatchObject({ kind: 'refused' });
    expect(await provider().send(message('+4599999999'))).toMatchObject({ kind: 'retry' });
    expect(await provider('wrong').send(message('+4512345678'))).toMatchObject({ kind: 'retry' });
    const nowhere = createSmsProvider({ url: 'http://127.0.0.1:1', token: 't', sender: 'DP' });
    expect(await nowhere.send(message('+4512345678'))).toMatchObject({ kind: 'retry' });
  });
});
