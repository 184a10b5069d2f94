/**
 * The audit log in the real browser, on the built extension:
 *  (a) privacy — a 発生届 filled with known personal values, every event type sent with a
 *      person key and an override reason made of those values; afterwards no IndexedDB
 *      database and no chrome.storage area of the extension holds any of them, in any form;
 *  (b) durability — 50 events sent through the client's retry queue while the service worker
 *      is stopped mid-stream (twice): exactly 50 entries, one unbroken chain;
 *  (c) the viewer — shows entries, hides training by default, filters by type, exports JSON
 *      that verifies and CSV with a BOM; the popup opens it.
 *
 * The content script's own audit calls are wired separately; here the events are sent from
 * the extension's audit page, as the content script will send them.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { verifyExport, type AuditExport } from '../../shared/audit';
import { expect, HERSYS, serveAtHersys, test } from './fixtures';
import { CLEAN_70, fill, waitForHost } from './helpers';
import { dumpExtensionStorage, openAuditPage } from './audit-page';
import type { AuditPageApi } from './audit-page.entry';

type Win = { __hersysAudit: AuditPageApi; __client: InstanceType<AuditPageApi['AuditClient']>; __results: unknown[]; __sent: number };

const PERSON = {
  name: '試験花子',
  kana: 'シケンハナコ',
  phone: '090-2718-2818',
  birthdate: '1951/06/15',
  address: '東京都千代田区霞が関一丁目2番2号',
  otherDisease: '試験性肺線維症',
  hersysId: 'HS87654321',
};

/** Every form the values might take once normalised, reformatted or split. */
const FORBIDDEN = [
  // name (and its reading)
  '試験花子', '試験 花子', '試験', '花子', 'シケンハナコ', 'シケン', 'ハナコ', 'しけんはなこ', 'ｼｹﾝﾊﾅｺ',
  // phone
  '090-2718-2818', '09027182818', '9027182818', '27182818', '2718-2818', '2718', '2818',
  '０９０－２７１８－２８１８', '０９０２７１８２８１８', '+81 90 2718 2818', '+819027182818', '819027182818', '90-2718-2818',
  // birthdate
  '1951/06/15', '1951-06-15', '19510615', '1951年6月15日', '1951年06月15日', '昭和26年6月15日', 'S26.6.15', '0615', '06/15', '6/15', '1951',
  '１９５１／０６／１５', '１９５１０６１５',
  // HER-SYS ID
  'HS87654321', '87654321', '８７６５４３２１', 'ＨＳ８７６５４３２１',
  // free text from the page
  '千代田区', '霞が関', '一丁目', '肺線維症',
];

/** Hashes, UUIDs and ISO times are ours, and random hex may spell "0615" by chance: blank them (they are checked for shape). */
function scrub(text: string): string {
  return text
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
    .replace(/\b[0-9a-f]{32,}\b/g, '<hex>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<time>');
}

function assertNoPersonalData(dump: unknown) {
  const raw = JSON.stringify(dump);
  const variants = [raw, raw.normalize('NFKC'), raw.toLowerCase()].map(scrub);
  // JSON escapes (\uXXXX) would hide text from a plain search: decode them once more.
  variants.push(scrub(JSON.parse(JSON.stringify(raw)) as string));
  for (const text of variants) {
    for (const f of FORBIDDEN) {
      expect(text.includes(f), `storage contains ${JSON.stringify(f)}`).toBe(false);
      expect(text.includes(f.normalize('NFKC')), `storage contains ${JSON.stringify(f.normalize('NFKC'))}`).toBe(false);
    }
  }
}

async function sendRaw(page: Page, event: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(
    (event) => (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'hersys-assist/audit', event }),
    event,
  );
}

async function readEntries(page: Page): Promise<AuditExport> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as Win;
    const store = await w.__hersysAudit.AuditStore.open();
    const text = await store.exportJsonText();
    store.close();
    return JSON.parse(text) as AuditExport;
  });
}

test('privacy: no personal value reaches any IndexedDB database or storage area, in any form', async ({ context, extensionId, page }) => {
  await serveAtHersys(context, { '/hersys/notification': 'notification-basic.html' });
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await fill(page, { ...CLEAN_70, phone: PERSON.phone, birthdate: PERSON.birthdate });
  await page.fill('#patient-name', PERSON.name);
  await page.fill('#patient-kana', PERSON.kana);
  await page.fill('#address', PERSON.address);
  await page.fill('#risk-other-text', PERSON.otherDisease);
  await page.fill('#q-name', PERSON.kana);
  await page.fill('#q-phone', PERSON.phone);
  await page.fill('#q-birthdate', PERSON.birthdate);
  await waitForHost(page, 'data-tier', 'priority');
  // What the form holds now, read from the page as the content script would.
  const formValues = await page.evaluate(() =>
    ['patient-name', 'patient-kana', 'phone', 'birthdate', 'address', 'risk-other-text'].map((id) => (document.getElementById(id) as HTMLInputElement).value),
  );
  expect(formValues).toContain(PERSON.name);

  const ext = await openAuditPage(context, extensionId);
  const personKey = await ext.evaluate(
    ([phone, birthdate]) => (globalThis as unknown as Win).__hersysAudit.personKeyFrom({ phone, birthdate })!,
    [formValues[2], formValues[3]],
  );
  expect(personKey).toContain('09027182818'); // the key is made of the values; only its HMAC may be stored
  // Tagged so they can be told from what the content script logs on its own while the form is filled.
  const base = { page: 'notification', rulesetVersion: 'jp-2022-02-09', personKey, detail: { src: 'e2e' } };
  const events: Record<string, unknown>[] = [
    { ...base, type: 'form-evaluated', tier: 'unknown', problems: [{ field: 'phone', code: 'REQUIRED_MISSING' }] },
    { ...base, type: 'form-evaluated', tier: 'priority', reasons: ['AGE_65_PLUS'], problems: [] },
    { ...base, type: 'submit-blocked', tier: 'priority', problems: [{ field: 'phone', code: 'PHONE_INVALID' }], detail: { src: 'e2e', where: 'guard.click' } },
    {
      ...base,
      type: 'submit-overridden',
      tier: 'priority',
      problems: [{ field: 'phone', code: 'PHONE_INVALID' }],
      reason: `${PERSON.name}さん（${PERSON.kana}）本人に ${PERSON.phone} で確認、生年月日 ${PERSON.birthdate}、住所 ${PERSON.address}、HER-SYS ID ${PERSON.hersysId}`,
    },
    { ...base, type: 'submit-clean', tier: 'priority', reasons: ['AGE_65_PLUS'] },
    { ...base, page: 'observation-list', type: 'alert-raised', tier: 'critical', reasons: ['SPO2_LE_93'] },
    { ...base, page: 'observation-list', type: 'alert-acknowledged', tier: 'critical', reasons: ['SPO2_LE_93'] },
    { ...base, page: 'training', type: 'submit-overridden', training: true, reason: '研修：試験花子 ０９０２７１８２８１８' },
    { page: 'notification', type: 'extension-error', detail: { src: 'e2e', where: 'guard.click', phone: '09027182818', birth: 19510615, name: PERSON.name } },
  ];
  const results = await ext.evaluate(
    async ({ events, formValues }) => {
      const w = globalThis as unknown as Win;
      const client = new w.__hersysAudit.AuditClient();
      const out = [];
      for (const e of events) out.push(await client.send(e as never, { formValues }));
      return out;
    },
    { events, formValues },
  );
  expect(results.every((r) => (r as { ok?: boolean } | null)?.ok === true), JSON.stringify(results)).toBe(true);

  // A sender that forgot to mask: the background masks digit runs itself.
  expect(await sendRaw(ext, { type: 'submit-overridden', page: 'notification', reason: '０９０－２７１８－２８１８ 19510615 に連絡済み', detail: { src: 'e2e' }, clientId: 'raw-unmasked-1' })).toMatchObject({ ok: true });
  // A sender that tries to smuggle a value in a field of its own is refused outright.
  expect(await sendRaw(ext, { type: 'submit-clean', page: 'notification', name: PERSON.name, clientId: 'raw-smuggle-1' })).toEqual({ ok: false, error: 'invalid' });
  expect(await sendRaw(ext, { type: 'submit-clean', page: 'notification', tier: 'priority', reasons: ['TEL_09027182818'], clientId: 'raw-smuggle-2' })).toEqual({ ok: false, error: 'invalid' });

  // settings-changed: the background sees the change in storage and logs the key names.
  await ext.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { storage: { local: { get: (k: string) => Promise<Record<string, unknown>>; set: (v: unknown) => Promise<void> } } } }).chrome;
    const cur = ((await c.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
    await c.storage.local.set({ settings: { ...cur, guardEnabled: false, selectorMap: { phone: '#phone' } } });
  });
  await expect.poll(async () => (await readEntries(ext)).entries.some((e) => e.type === 'settings-changed' && /guardEnabled/.test(String(e.detail?.keys))), { timeout: 10_000 }).toBe(true);

  const doc = await readEntries(ext);
  const mine = doc.entries.filter((e) => e.detail?.src === 'e2e');
  expect(mine).toHaveLength(events.length + 1);
  const types = new Set(doc.entries.map((e) => e.type));
  for (const t of ['form-evaluated', 'submit-blocked', 'submit-overridden', 'submit-clean', 'alert-raised', 'alert-acknowledged', 'settings-changed', 'extension-error']) {
    expect(types.has(t as never), t).toBe(true);
  }
  // The person is linked (one HMAC for every event of the person), not named.
  const persons = new Set(mine.map((e) => e.person).filter(Boolean));
  expect(persons.size).toBe(1);
  expect([...persons][0]).toMatch(/^[0-9a-f]{64}$/);
  const overrides = mine.filter((e) => e.type === 'submit-overridden').map((e) => e.reason);
  expect(overrides).toEqual(['＊さん(＊)本人に ＊ で確認、生年月日 ＊、住所 ＊、HER-SYS ID HS#', '研修:＊ ＊', '# に連絡済み']);
  expect(mine.find((e) => e.type === 'extension-error')!.detail).toEqual({ src: 'e2e', where: 'guard.click', phone: '＊', birth: '＊', name: '＊' });
  expect(doc.entries.find((e) => e.type === 'settings-changed' && /guardEnabled/.test(String(e.detail?.keys)))!.detail!.keys).toMatch(/^(\w+,)*guardEnabled,(\w+,)*selectorMap(,\w+)*$/);
  expect(verifyExport(doc)).toMatchObject({ ok: true });

  const dump = await dumpExtensionStorage(ext);
  expect(Object.keys(dump.idb)).toContain('hersys-assist-audit');
  // Every hex-looking value the scrub blanks out is a hash, a person HMAC or a clientId, nothing longer.
  for (const m of JSON.stringify(dump).match(/[0-9a-f]{32,}/g) ?? []) expect([32, 64]).toContain(m.length);
  assertNoPersonalData(dump);
  // The installation secret is in storage.local (never exported): it is random, not derived from the values.
  expect(((dump.storage.local as Record<string, unknown>).auditSecret as string).length).toBe(44);
});

test('durability: 50 events from five senders through the retry queue, the worker stopped twice mid-stream: 50 entries, one chain', async ({ context, extensionId }) => {
  const ext = await openAuditPage(context, extensionId);
  const cdp = await context.newCDPSession(ext);
  // The worker's life as DevTools sees it: stopped, then started again by the next message.
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.endsWith('/background.js') && statuses.at(-1) !== v.runningStatus) statuses.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');

  await ext.evaluate(() => {
    const w = globalThis as unknown as Win & { __attempts: number; __failures: number; __send: (from: number, to: number) => void };
    w.__attempts = 0;
    w.__failures = 0;
    w.__results = [];
    w.__sent = 0; // here: acknowledged so far
    // Five senders (five tabs, each with its own client and port).
    const clients = Array.from({ length: 5 }, () => {
      const port = new w.__hersysAudit.PortTransport();
      return new w.__hersysAudit.AuditClient({
        baseDelayMs: 20,
        maxDelayMs: 500,
        responseTimeoutMs: 1000,
        onTimeout: port.reset,
        // The real (port) transport, counted: how many sends the stops cost.
        send: async (m) => {
          w.__attempts++;
          try {
            return await port.send(m);
          } catch (e) {
            w.__failures++;
            throw e;
          }
        },
      });
    });
    w.__send = (from, to) => {
      for (let i = from; i < to; i++) {
        const p = clients[i % 5]!.send({ type: i % 2 ? 'submit-blocked' : 'submit-clean', page: 'notification', tier: 'priority', detail: { i } });
        void p.then(() => w.__sent++);
        w.__results.push(p);
      }
    };
  });
  // Two bursts of 25; the worker is stopped right as each is on its way (messages posted,
  // some committed, some not), and the stream goes on while it starts again.
  for (const [from, to] of [
    [0, 25],
    [25, 50],
  ] as const) {
    // stopAllWorkers does not stop a worker that is still starting: have it running first.
    if (statuses.at(-1) !== 'running') await sendRaw(ext, { type: 'wake-up' });
    await expect.poll(() => statuses.at(-1), { intervals: [5], timeout: 15_000 }).toBe('running');
    await ext.evaluate(([a, b]) => (globalThis as unknown as { __send: (a: number, b: number) => void }).__send(a, b), [from, to] as const);
    await cdp.send('ServiceWorker.stopAllWorkers');
  }
  const outcome = await ext.evaluate(async () => {
    const w = globalThis as unknown as Win;
    while (w.__results.length < 50) await new Promise((r) => setTimeout(r, 10));
    return (await Promise.all(w.__results)) as ({ ok: boolean; id: number } | null)[];
  });
  const counts = await ext.evaluate(() => {
    const c = globalThis as unknown as { __attempts: number; __failures: number };
    return { attempts: c.__attempts, failures: c.__failures };
  });
  expect(counts.attempts).toBeGreaterThanOrEqual(50);
  expect(counts.failures).toBeGreaterThanOrEqual(1); // the stops cut messages in flight, and they were sent again
  test.info().annotations.push({ type: 'sends', description: `${counts.attempts} sends for 50 events, ${counts.failures} failed while the worker was down` });
  console.log(`[durability] ${counts.attempts} sends, ${counts.failures} failures, worker states: ${statuses.join(' → ')}`);
  expect(outcome.every((r) => r?.ok === true)).toBe(true);
  expect(new Set(outcome.map((r) => r!.id)).size).toBe(50);
  // The worker really was stopped twice (and started again by the retries or the next burst).
  expect(statuses.filter((x) => x === 'stopped').length).toBeGreaterThanOrEqual(2);

  const doc = await readEntries(ext);
  expect(doc.count).toBe(50);
  expect(doc.entries.map((e) => e.detail?.i as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(verifyExport(doc)).toMatchObject({ ok: true, count: 50 });
});

test('concurrent tabs keep one unbroken chain', async ({ context, extensionId }) => {
  const tabs = await Promise.all([0, 1, 2].map(() => openAuditPage(context, extensionId)));
  await Promise.all(
    tabs.map((tab, t) =>
      tab.evaluate(async (t) => {
        const w = globalThis as unknown as Win;
        const client = new w.__hersysAudit.AuditClient();
        await Promise.all(Array.from({ length: 20 }, (_, i) => client.send({ type: 'submit-clean', page: 'notification', detail: { t, i } })));
      }, t),
    ),
  );
  const doc = await readEntries(tabs[0]!);
  expect(doc.count).toBe(60);
  expect(verifyExport(doc)).toMatchObject({ ok: true });
});

async function seedForViewer(ext: Page) {
  // Training entries come from the training page's replica frame: the background sets the
  // flag from the sender's URL (an empty frame: no screen, so it logs nothing of its own).
  const frame = await ext.context().newPage();
  await frame.goto(ext.url().replace(/\/audit\.html.*$/, '/replica-frame.html'));
  const send = (e: Record<string, unknown>, i: number) =>
    sendRaw(e.training ? frame : ext, { page: 'notification', clientId: `viewer-seed-${i}-xxxx`, ...e });
  const seed = [
    { type: 'submit-blocked', tier: 'priority', problems: [{ field: 'phone', code: 'PHONE_INVALID' }] },
    { type: 'submit-overridden', tier: 'priority', reason: '電話で本人確認済み' },
    { type: 'submit-clean', tier: 'standard' },
    { type: 'submit-blocked', tier: 'hospital' },
    { type: 'alert-raised', page: 'observation-list', tier: 'critical', reasons: ['SPO2_LE_93'] },
    { type: 'submit-blocked', tier: 'priority', page: 'training', training: true },
    { type: 'submit-clean', tier: 'standard', page: 'training', training: true },
  ];
  for (const [i, e] of seed.entries()) expect(await send(e, i)).toMatchObject({ ok: true });
  await frame.close();
  return seed;
}

test('the viewer lists entries (training hidden), filters by type, and exports a verifiable JSON and a CSV for Excel', async ({ context, extensionId }) => {
  const ext = await openAuditPage(context, extensionId);
  const seed = await seedForViewer(ext);
  await ext.reload();
  const rows = ext.locator('table.entries tbody tr[data-id]');
  await expect(rows).toHaveCount(5); // training hidden by default
  await expect(ext.getByTestId('summary')).toContainText('5 件');
  expect(await rows.first().getAttribute('data-type')).toBe('alert-raised'); // newest first

  // Per-day chart: today's bar carries the count of what is shown.
  const today = await ext.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await expect(ext.locator(`svg g[data-day="${today}"]`)).toHaveAttribute('data-count', '5');

  await ext.getByLabel('種類 / Event').selectOption('submit-blocked');
  await expect(rows).toHaveCount(2);
  for (const t of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type')))) expect(t).toBe('submit-blocked');
  await ext.getByLabel('研修 / Training').selectOption('all');
  await expect(rows).toHaveCount(3);
  await ext.getByLabel('優先度・警告 / Tier or alert').selectOption('hospital');
  await expect(rows).toHaveCount(1);
  // Keyboard: the filters are reachable with Tab and Clear resets them.
  await ext.getByRole('button', { name: '条件を解除 / Clear' }).focus();
  await ext.keyboard.press('Enter');
  await expect(rows).toHaveCount(5);

  const [jsonDl] = await Promise.all([ext.waitForEvent('download'), ext.getByTestId('export-json').click()]);
  expect(jsonDl.suggestedFilename()).toMatch(/^hersys-assist-audit-\d{8}-\d{4}\.json$/);
  const doc = JSON.parse(readFileSync((await jsonDl.path())!, 'utf8')) as AuditExport;
  expect(doc).toMatchObject({ format: 'hersys-assist-audit', version: 1, count: seed.length });
  expect(verifyExport(doc)).toMatchObject({ ok: true, count: seed.length });

  const [csvDl] = await Promise.all([ext.waitForEvent('download'), ext.getByTestId('export-csv').click()]);
  const csv = readFileSync((await csvDl.path())!);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).split('\r\n');
  expect(lines[0]).toMatch(/^id,time,type,/);
  expect(lines).toHaveLength(seed.length + 2);

  await ext.getByRole('button', { name: '連鎖を検証 / Verify chain' }).click();
  await expect(ext.getByText(/検証しました: 7 件/)).toBeVisible();
});

test('the popup opens the viewer, and the daily retention alarm is set', async ({ context, extensionId }) => {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const [viewer] = await Promise.all([context.waitForEvent('page'), popup.getByRole('button', { name: '監査ログ / Audit log' }).click()]);
  await viewer.waitForLoadState();
  expect(viewer.url()).toBe(`chrome-extension://${extensionId}/audit.html`);
  await expect(viewer.getByRole('heading', { name: '監査ログ / Audit log' })).toBeVisible();
  const alarm = await viewer.evaluate(() =>
    (globalThis as unknown as { chrome: { alarms: { get: (n: string) => Promise<{ periodInMinutes?: number } | undefined> } } }).chrome.alarms.get('hersys-assist/audit-retention'),
  );
  expect(alarm?.periodInMinutes).toBe(1440);
});

