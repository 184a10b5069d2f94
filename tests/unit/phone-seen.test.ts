import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PhoneSeenRegistry } from '../../extension/background/phone-seen';
import { dispatcher, type SenderKind } from '../../shared/messages';
import { prunePhoneSeen } from '../../shared/phone-seen';

const PHONE_SEEN_MESSAGE = 'hersys-assist/phone-seen';

const HOUR = 60 * 60 * 1000;
/** A stand-in keyed hash: reversible enough for a test, never the digits themselves. */
const keyedHash = async (t: string) => `h(${[...t].reverse().join('')})`;

describe('same number within 24 h', () => {
  let now = Date.UTC(2022, 1, 9, 9);
  let reg: PhoneSeenRegistry;
  beforeEach(() => {
    fakeBrowser.reset();
    now = Date.UTC(2022, 1, 9, 9);
    reg = new PhoneSeenRegistry({ keyedHash, now: () => now });
  });

  it('a number used in a submitted 発生届 is seen again within 24 h, and not after', async () => {
    expect(await reg.check('09031415926')).toBe(false);
    await reg.record('09031415926');
    now += 23 * HOUR;
    expect(await reg.check('09031415926')).toBe(true);
    expect(await reg.check('09027182818')).toBe(false);
    now += 2 * HOUR;
    expect(await reg.check('09031415926')).toBe(false);
  });

  it("training submits keep their own list: a fictional number used in training is not 'seen' for a real patient, and the other way round", async () => {
    const training = new PhoneSeenRegistry({ keyedHash, now: () => now, key: 'phoneSeenTraining' });
    await training.record('09031415926');
    expect(await training.check('09031415926')).toBe(true);
    expect(await reg.check('09031415926')).toBe(false);
    await reg.record('09027182818');
    expect(await training.check('09027182818')).toBe(false);
  });

  it('stores only keyed hashes and times, never the digits', async () => {
    await reg.record('09031415926');
    const all = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(all).not.toContain('09031415926');
    expect(all).not.toContain('3141');
  });

  it('the message, through the table: only national digits of a plausible number, from our own scripts and pages', async () => {
    const receive = dispatcher<SenderKind, 'samePhone'>({ samePhone: (r) => reg.handle(r) }, (kind) => kind);
    expect(await receive({ type: PHONE_SEEN_MESSAGE, op: 'record', phone: '09031415926' }, 'content-script')).toEqual({ ok: true });
    expect(await receive({ type: PHONE_SEEN_MESSAGE, op: 'check', phone: '09031415926' }, 'extension-page')).toEqual({ seen: true });
    expect(await receive({ type: PHONE_SEEN_MESSAGE, op: 'check', phone: '090-3141-5926' }, 'content-script')).toEqual({ error: 'invalid' });
    expect(await receive({ type: PHONE_SEEN_MESSAGE, op: 'delete', phone: '09031415926' }, 'content-script')).toEqual({ error: 'invalid' });
    expect(await receive({ type: PHONE_SEEN_MESSAGE, op: 'check', phone: '09031415926' }, 'foreign')).toEqual({ error: 'forbidden' });
    expect(receive({ type: 'hersys-assist/get-state' }, 'content-script')).toBeUndefined();
  });

  it('prunes entries outside the window and bad entries', () => {
    const t = Date.UTC(2022, 1, 9);
    expect(prunePhoneSeen([{ h: 'a', t: t - 25 * HOUR }, { h: 'b', t: t - HOUR }, { h: 3 as unknown as string, t }, { h: 'c', t: t + HOUR }], t)).toEqual([{ h: 'b', t: t - HOUR }]);
  });
});
