/**
 * content/clients/audit.ts: ordered delivery, retry with the same clientId until the
 * background acknowledges, masking before queueing, never throwing into the page.
 */
import { describe, expect, it } from 'vitest';
import { AuditClient } from '../../content/clients/audit';
import type { AuditMessage } from '../../content/clients/audit';

type Answer = unknown | Error;

/** A fake background: answers from `script` in turn (then ok), recording every message. */
function fakeSend(script: Answer[] = []) {
  const seen: AuditMessage[] = [];
  let next = 1;
  const committed = new Map<string, number>();
  const send = async (m: AuditMessage) => {
    seen.push(structuredClone(m));
    const a = script.shift();
    if (a instanceof Error) throw a;
    if (a !== undefined) return a;
    const id = committed.get(m.event.clientId) ?? next++;
    committed.set(m.event.clientId, id);
    return { ok: true, id };
  };
  return { send, seen };
}

const client = (send: (m: AuditMessage) => Promise<unknown>, extra: Partial<ConstructorParameters<typeof AuditClient>[0]> = {}) =>
  new AuditClient({ send, baseDelayMs: 1, maxDelayMs: 5, log: () => undefined, ...extra });

describe('AuditClient', () => {
  it('delivers events one at a time, in order', async () => {
    const f = fakeSend();
    const c = client(f.send);
    const rs = await Promise.all(['submit-blocked', 'submit-overridden', 'submit-clean'].map((type) => c.send({ type: type as 'submit-clean', page: 'notification' })));
    expect(rs).toEqual([{ ok: true, id: 1 }, { ok: true, id: 2 }, { ok: true, id: 3 }]);
    expect(f.seen.map((m) => m.event.type)).toEqual(['submit-blocked', 'submit-overridden', 'submit-clean']);
    expect(c.pending()).toBe(0);
  });

  it('retries a lost worker, an unanswered message and a storage error with the same clientId', async () => {
    const f = fakeSend([
      new Error('Could not establish connection. Receiving end does not exist.'),
      { nothing: true },
      { ok: false, error: 'storage' },
      new Error('The message port closed before a response was received.'),
    ]);
    const c = client(f.send);
    const r = await c.send({ type: 'submit-clean', page: 'notification' });
    expect(r).toEqual({ ok: true, id: 1 });
    expect(f.seen).toHaveLength(5);
    expect(new Set(f.seen.map((m) => m.event.clientId)).size).toBe(1);
  });

  it('gives up on an event the background refuses, and carries on with the next', async () => {
    const f = fakeSend([{ ok: false, error: 'invalid' }]);
    const c = client(f.send);
    const a = c.send({ type: 'submit-clean', page: 'notification' });
    const b = c.send({ type: 'submit-blocked', page: 'notification' });
    expect(await a).toEqual({ ok: false, error: 'invalid' });
    expect(await b).toEqual({ ok: true, id: 1 });
  });

  it('drops an invalid event without sending it, and never throws', async () => {
    const f = fakeSend();
    const c = client(f.send);
    expect(await c.send({ type: 'submit-clean', page: 'notification', tier: '試験花子' })).toBeNull();
    expect(await c.send({ type: 'nope' as 'submit-clean', page: null })).toBeNull();
    let calls = 0;
    const throwing = client(() => {
      // A send that throws synchronously is retried; then the context goes away.
      throw new Error(++calls === 1 ? 'boom' : 'Extension context invalidated.');
    });
    const p = throwing.send({ type: 'submit-clean', page: null });
    expect(throwing.pending()).toBe(1);
    expect(await p).toBeNull();
    expect(calls).toBe(2);
    expect(f.seen).toHaveLength(0);
  });

  it('masks the reason with the form values before it is queued', async () => {
    const f = fakeSend();
    const c = client(f.send);
    await c.send(
      { type: 'submit-overridden', page: 'notification', reason: '試験 花子さん（090-2718-2818）本人確認済み' },
      { formValues: ['試験花子', '090-2718-2818'] },
    );
    expect(f.seen[0]!.event.reason).toBe('＊さん(＊)本人確認済み');
  });

  it('sends the same form result only once', async () => {
    const f = fakeSend();
    const c = client(f.send);
    const ev = { type: 'form-evaluated' as const, page: 'notification' as const, tier: 'priority', problems: [{ field: 'phone', code: 'PHONE_INVALID' }] };
    const [a, b] = await Promise.all([c.send(ev), c.send({ ...ev })]);
    expect(a).toEqual(b);
    await c.send({ ...ev, tier: 'standard' });
    expect(f.seen.map((m) => m.event.tier)).toEqual(['priority', 'standard']);
  });

  it('stops quietly when the extension was reloaded under the page', async () => {
    const f = fakeSend([new Error('Extension context invalidated.')]);
    const c = client(f.send);
    const a = c.send({ type: 'submit-clean', page: null });
    const b = c.send({ type: 'submit-blocked', page: null });
    expect(await a).toBeNull();
    expect(await b).toBeNull();
    expect(await c.send({ type: 'submit-blocked', page: null })).toBeNull();
    expect(f.seen).toHaveLength(1);
  });

  it('bounds the queue and reports how many events it had to drop', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const f = fakeSend();
    const c = client(async (m) => {
      await gate;
      return f.send(m);
    }, { maxQueue: 3 });
    const rs = Array.from({ length: 5 }, (_, i) => c.send({ type: 'extension-error', page: null, detail: { i } }));
    release();
    const out = await Promise.all(rs);
    expect(out.filter((r) => r === null)).toHaveLength(2);
    await c.idle();
    const last = f.seen.at(-1)!.event;
    expect(last.detail).toEqual({ where: 'audit.queue-overflow', dropped: 2 });
  });

  it('times out an answer that never comes and sends again', async () => {
    let calls = 0;
    const c = client(async () => {
      calls++;
      if (calls === 1) return new Promise(() => undefined);
      return { ok: true, id: 7 };
    }, { responseTimeoutMs: 20 });
    expect(await c.send({ type: 'submit-clean', page: null })).toEqual({ ok: true, id: 7 });
    expect(calls).toBe(2);
  });
});
