/**
 * The training page (issue 7 §2, §3) on the built extension, offline (no route serves
 * anything: the replica comes from the extension package):
 *  - the pregnancy-blank scenario loads the 発生届 replica with the same overlay as on
 *    HER-SYS; 妊娠の有無 is highlighted and the side panel explains why it matters;
 *  - finding the problem and "show the answer" update the score; the answer clears the errors;
 *  - the observation scenario shows the 対象者一覧 with its alert counts;
 *  - presenter mode is remembered; export → import round-trips; a bad file is refused with a
 *    clear message and the current set is kept;
 *  - entries written from the training page carry the training flag (decided by the
 *    background), and the audit viewer hides them by default;
 *  - the page follows the language setting live: English only in en, both languages in ja.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { BrowserContext, FrameLocator, Page } from '@playwright/test';
import { verifyExport, type AuditExport } from '../../shared/audit';
import { OBSERVATION_SCENARIOS, SCENARIOS } from '../../shared/scenarios';
import { openAuditPage } from './audit-page';
import { expect, serviceWorker, test } from './fixtures';

/** The extension API inside the service worker (evaluated there, not here). */
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

type Win = { __hersysAudit: { AuditStore: { open(): Promise<{ exportJsonText(): Promise<string>; close(): void }> } } };

async function openTraining(page: Page, extensionId: string): Promise<void> {
  await page.goto(`chrome-extension://${extensionId}/training.html`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('研修 / Training');
}

async function pick(page: Page, id: string): Promise<FrameLocator> {
  await page.locator(`button[data-scenario="${id}"]`).click();
  await expect(page.locator(`button[data-scenario="${id}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('score')).toBeVisible();
  return page.frameLocator('iframe.replica');
}

async function readLog(page: Page): Promise<AuditExport> {
  return page.evaluate(async () => {
    const store = await (globalThis as unknown as Win).__hersysAudit.AuditStore.open();
    const text = await store.exportJsonText();
    store.close();
    return JSON.parse(text) as AuditExport;
  });
}

test('pregnancy left blank: the overlay highlights 妊娠の有無, the panel explains it, the answer clears it and the score follows', async ({ context, page, extensionId }) => {
  // Offline: any request leaving the machine fails the test.
  const external: string[] = [];
  context.on('request', (r) => {
    if (!/^(chrome-extension|data|blob):/.test(r.url())) external.push(r.url());
  });
  await openTraining(page, extensionId);
  const frame = await pick(page, 'pregnancy-blank');

  // The same overlay as on HER-SYS, in the replica frame.
  const host = frame.locator('hersys-assist');
  await expect(host).toHaveAttribute('data-page', 'notification');
  await expect(host).toHaveAttribute('data-status', 'error');
  await expect(host).toHaveAttribute('data-missing', 'pregnancy');
  await expect(host).toHaveAttribute('data-tier', 'interview');
  await expect(frame.locator('input[name="pregnancy"]').first()).toHaveAttribute('data-hersys-assist-state', 'missing');
  // Its layer draws the outline around the field, styled by the overlay CSS (loaded in the frame too).
  const outline = frame.locator('hersys-assist .hl[data-field="pregnancy"][data-state="missing"]').first();
  await expect(outline).toBeVisible();
  expect(await outline.evaluate((el) => `${getComputedStyle(el).position} ${getComputedStyle(el).borderTopWidth}`)).toBe('fixed 3px');
  expect(await frame.locator('hersys-assist .panel').evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
  await expect(frame.locator('hersys-assist [role="status"]').first()).toContainText('要聴取');

  // The side panel: the problem, and why it matters.
  const item = page.locator('[data-testid="problems"] li[data-field="pregnancy"][data-code="REQUIRED_MISSING"]');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('妊娠の有無');
  await expect(item.locator('.why')).toContainText('重点観察');
  await expect(page.locator('[data-reason="PREGNANCY_UNANSWERED"]')).toContainText('要聴取');
  const score = page.getByTestId('score').locator('strong');
  await expect(score).toHaveText('0 / 1');

  // Show the answer: the form is corrected, the errors are gone, and the score says so
  // (shown by the answer, not found).
  await page.getByTestId('show-answer').click();
  await expect(host).toHaveAttribute('data-status', 'ok');
  await expect(host).toHaveAttribute('data-missing', '');
  await expect(host).toHaveAttribute('data-tier', 'standard');
  await expect(page.getByTestId('no-problems')).toBeVisible();
  await expect(page.getByTestId('score').locator('[data-revealed]')).toContainText('答えで確認 / shown by the answer: 1');
  await expect(score).toHaveText('0 / 1');
  await expect(page.locator('.answer-note')).toContainText('妊娠「無」');

  // Start again and fix it yourself (keyboard: the side panel item, then the radio): found.
  await page.getByRole('button', { name: '最初からやり直す / Start again' }).click();
  await expect(host).toHaveAttribute('data-missing', 'pregnancy');
  await expect(score).toHaveText('0 / 1');
  await item.locator('button').focus();
  await page.keyboard.press('Enter');
  await expect(score).toHaveText('1 / 1');
  await expect(item).toHaveClass(/found/);
  await frame.locator('input[name="pregnancy"]').nth(1).check();
  await expect(host).toHaveAttribute('data-status', 'ok');
  await expect(page.locator(`button[data-scenario="pregnancy-blank"] .badge-score`)).toHaveText('1/1');

  // The submit the guard lets through stays in the frame.
  await frame.locator('#btn-submit').click();
  await expect(frame.locator('#training-submitted')).toContainText('研修');
  expect(external).toEqual([]);
});

test('fixing an entry yourself counts as found; the landline warning is explained with the SMS', async ({ page, extensionId }) => {
  await openTraining(page, extensionId);
  // Another scenario picked while the first one is still loading: only the last one counts.
  await page.locator('button[data-scenario="pregnancy-blank"]').click();
  const frame = await pick(page, 'landline');
  await expect(page.locator('[data-testid="problems"] > li')).toHaveCount(1);
  await expect(page.getByTestId('score').locator('strong')).toHaveText('0 / 1');
  const host = frame.locator('hersys-assist');
  await expect(host).toHaveAttribute('data-status', 'warning');
  const item = page.locator('[data-testid="problems"] li[data-code="PHONE_NOT_MOBILE"]');
  await expect(item.locator('.why')).toContainText('SMS');
  await frame.locator('[data-hersys-assist-field="phone"]').fill('090-1732-0508');
  await expect(host).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('score').locator('strong')).toHaveText('1 / 1');
});

test('the observation scenario shows the 対象者一覧 replica with its alerts', async ({ context, page, extensionId }) => {
  await openTraining(page, extensionId);
  const obs = OBSERVATION_SCENARIOS[0]!;
  const frame = await pick(page, obs.id);
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-page', 'observation-list');
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-status', obs.expect.status);
  const counts = page.getByTestId('obs-counts');
  await expect(counts).toHaveAttribute('data-critical', String(obs.expect.counts.critical));
  await expect(counts).toHaveAttribute('data-warning', String(obs.expect.counts.warning));
  await expect(counts).toHaveAttribute('data-unanswered', String(obs.expect.counts.unanswered));
  const total = obs.expect.counts.critical + obs.expect.counts.warning + obs.expect.counts.unanswered;
  await expect(page.locator('[data-testid="rows"] > li')).toHaveCount(total);
  await expect(page.locator('[data-testid="rows"] [data-code="SPO2_LE_93"]').first()).toContainText('93%');
  await page.locator('[data-testid="rows"] > li[data-level="critical"] button').first().click();
  await expect(page.getByTestId('score').locator('strong')).toHaveText(`1 / ${total}`);
  // The alerts raised in the replica frame are logged as training entries.
  const viewer = await openAuditPage(context, extensionId);
  await expect.poll(async () => (await readLog(viewer)).entries.filter((e) => e.type === 'alert-raised').length, { timeout: 15_000 }).toBeGreaterThan(0);
  const alerts = (await readLog(viewer)).entries.filter((e) => e.page === 'observation-list');
  expect(alerts.every((e) => e.training)).toBe(true);
});

test('presenter mode is remembered; export → import round-trips; a bad file is refused and the current set kept', async ({ page, extensionId }) => {
  await openTraining(page, extensionId);
  await page.getByTestId('presenter').check();
  await expect(page.locator('html')).toHaveClass(/presenter/);
  const large = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(large).toBeGreaterThan(20);
  await page.reload();
  await expect(page.getByTestId('presenter')).toBeChecked();
  await expect(page.locator('html')).toHaveClass(/presenter/);
  // The replica is enlarged as a whole, and the overlay's outline still sits on its field.
  const frame = await pick(page, 'february-30');
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-invalid', 'birthdate');
  expect(await page.locator('iframe.replica').evaluate((el) => getComputedStyle(el).transform)).toBe('matrix(1.25, 0, 0, 1.25, 0, 0)');
  const field = (await frame.locator('#birthdate').boundingBox())!;
  const outline = (await frame.locator('hersys-assist .hl[data-field="birthdate"]').first().boundingBox())!;
  expect(field.width).toBeGreaterThan(0);
  expect(outline.x).toBeLessThanOrEqual(field.x + 1);
  expect(outline.y).toBeLessThanOrEqual(field.y + 1);
  expect(outline.x + outline.width).toBeGreaterThanOrEqual(field.x + field.width - 1);
  expect(outline.y + outline.height).toBeGreaterThanOrEqual(field.y + field.height - 1);
  await page.getByTestId('presenter').uncheck();

  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(dl.suggestedFilename()).toMatch(/^hersys-assist-scenarios-\d{8}\.json$/);
  const exported = JSON.parse(readFileSync((await dl.path())!, 'utf8'));
  expect(exported).toMatchObject({ format: 'hersys-assist-scenarios', version: 1 });
  const builtInCount = await page.locator('button[data-scenario]').count();

  // A valid file whose scenario promises what its entries do not give: imported, and the trainer is told.
  const base = exported.scenarios[0];
  const odd = { ...exported, scenarios: [{ ...base, id: 'local-odd', expect: { tier: 'priority', blocked: false, codes: [] } }], observationScenarios: [] };
  await page.getByTestId('import').setInputFiles({ name: 'odd.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(odd)) });
  await expect(page.getByTestId('import-notes')).toContainText('scenarios[0].expect（local-odd）: 想定は priority ですが、入力から評価すると standard です');

  // A trainer's own set with one scenario: a digit missing in the phone number.
  const local = {
    ...exported,
    title: '医師会研修',
    scenarios: [
      {
        ...base,
        id: 'local-phone',
        titleJa: '自作：電話番号の桁不足',
        titleEn: 'Own: a digit missing',
        record: { ...base.record, phone: '090-3141-592' },
        expect: { tier: 'standard', blocked: true, codes: ['PHONE_INVALID'] },
      },
    ],
    observationScenarios: [],
  };
  await page.getByTestId('import').setInputFiles({ name: 'local.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(local)) });
  await expect(page.getByTestId('message')).toContainText('「local.json」から 1 件のシナリオを読み込みました');
  await expect(page.getByTestId('import-notes')).toHaveCount(0);
  const localFrame = await pick(page, 'local-phone');
  await expect(localFrame.locator('hersys-assist')).toHaveAttribute('data-invalid', 'phone');
  await expect(page.locator('[data-testid="problems"] li[data-code="PHONE_INVALID"] .why')).toContainText('1桁違うだけで');
  await expect(page.locator('button[data-scenario]')).toHaveCount(1);
  await page.reload(); // stored in storage.local
  await expect(page.locator('button[data-scenario="local-phone"]')).toBeVisible();

  // A bad file: clear message with the path, and the current set is still there.
  const bad = structuredClone(local);
  bad.scenarios[0].expect.tier = 'urgent';
  await page.getByTestId('import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const msg = page.getByTestId('message');
  await expect(msg).toHaveAttribute('role', 'alert');
  await expect(msg).toContainText('読み込めませんでした（今のシナリオはそのままです）: scenarios[0].expect.tier: 優先度は');
  await expect(msg).toContainText('"urgent" は使えません');
  await page.getByTestId('import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
  await expect(msg).toContainText('JSON として読めません');
  await expect(page.locator('button[data-scenario]')).toHaveCount(1);
  await page.reload();
  await expect(page.locator('button[data-scenario="local-phone"]')).toBeVisible();

  await page.getByRole('button', { name: '標準のシナリオに戻す / Restore built-in' }).click();
  await expect(page.locator('button[data-scenario]')).toHaveCount(builtInCount);
});

test('entries written from the training page carry the training flag, and the audit viewer hides them', async ({ context, page, extensionId }) => {
  await openTraining(page, extensionId);
  const frame = await pick(page, 'february-30');
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-invalid', 'birthdate');
  // The guard holds the submit back: a submit-blocked entry, from the training frame.
  await frame.locator('#btn-submit').click();
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-guard', 'blocked');

  const viewer = await openAuditPage(context, extensionId);
  await expect
    .poll(async () => (await readLog(viewer)).entries.filter((e) => e.type === 'submit-blocked').length, { timeout: 15_000 })
    .toBe(1);
  const log = await readLog(viewer);
  const mine = log.entries.filter((e) => e.page === 'notification');
  expect(mine.length).toBeGreaterThanOrEqual(2); // form-evaluated and submit-blocked
  for (const e of mine) expect(e.training, e.type).toBe(true);
  expect(mine.find((e) => e.type === 'submit-blocked')?.problems).toEqual([{ field: 'birthdate', code: 'BIRTHDATE_INVALID' }]);
  // The flag is part of the hash chain, and the chain verifies (as `hersys-assist audit verify` checks it).
  expect(verifyExport(log)).toMatchObject({ ok: true, count: log.entries.length });

  // The viewer: training entries hidden by default, shown with "all".
  await viewer.reload();
  const rows = viewer.locator('table.entries tbody tr[data-id]');
  const training = viewer.locator('table.entries tbody tr.training');
  await expect(viewer.getByLabel('研修 / Training')).toHaveValue('real');
  await expect(training).toHaveCount(0);
  await viewer.getByLabel('研修 / Training').selectOption('all');
  await expect(training).toHaveCount(mine.length);
  await expect(rows.filter({ hasText: '研修 / training' })).toHaveCount(mine.length);
  await viewer.getByLabel('研修 / Training').selectOption('real');
  await expect(training).toHaveCount(0);
});

test('the popup opens the training page', async ({ context, page, extensionId }) => {
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  const [training] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-training').click()]);
  await training.waitForLoadState();
  expect(training.url()).toBe(`chrome-extension://${extensionId}/training.html`);
  await expect(training.locator('button[data-scenario="pregnancy-blank"]')).toBeVisible();
});

test('the training page has no serious or critical accessibility violation (normal and presenter mode)', async ({ page, extensionId }) => {
  await openTraining(page, extensionId);
  await pick(page, 'risk-yes-without-details');
  await expect(page.locator('[data-testid="problems"] > li')).toHaveCount(10);
  const serious = async () =>
    (await new AxeBuilder({ page }).exclude('iframe.replica').analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(await serious()).toEqual([]);
  await page.getByTestId('presenter').check();
  expect(await serious()).toEqual([]);
});

test('keyboard only: choose a scenario with the arrow keys, select the problem, press URL通知 from the keyboard', async ({ page, extensionId }) => {
  await openTraining(page, extensionId);
  await page.locator('button[data-scenario="clean-low-risk"]').focus();
  await page.keyboard.press('End');
  await expect(page.locator('button[data-scenario="observation-list-alerts"]')).toBeFocused();
  await page.keyboard.press('Home');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
  await expect(page.locator('button[data-scenario="my-hersys-not-notified"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('button[data-scenario="my-hersys-not-notified"]')).toHaveAttribute('aria-pressed', 'true');
  const frame = page.frameLocator('iframe.replica');
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-status', 'warning');
  const item = page.locator('[data-testid="problems"] li[data-code="MYHERSYS_NOT_NOTIFIED"]');
  await expect(item.locator('.why')).toContainText('SMS');
  await item.locator('button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('score').locator('strong')).toHaveText('1 / 1');
  // Selecting the problem took the learner to the URL通知 button in the replica: Enter presses it.
  await expect(frame.locator('#btn-myhersys')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('no-problems')).toBeVisible();
});

/** Sets the language the way Options saves it: the `settings` key of storage.local. */
async function setLanguage(context: BrowserContext, language: 'ja' | 'en'): Promise<void> {
  const sw = await serviceWorker(context);
  await sw.evaluate(async (language) => {
    const cur = ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({ settings: { ...cur, language } });
  }, language);
}

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

test('the language setting switches the training page to English and back to Japanese, live', async ({ context, page, extensionId }) => {
  await openTraining(page, extensionId);
  const frame = await pick(page, 'pregnancy-blank');
  await expect(page.getByTestId('score').locator('strong')).toHaveText('0 / 1');
  await expect(page.getByTestId('show-answer')).toHaveText('答えを見る / Show the answer');
  const scenario = SCENARIOS.find((s) => s.id === 'pregnancy-blank')!;

  await setLanguage(context, 'en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle('HER-SYS Assist training');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Training — HER-SYS Assist');
  await expect(page.getByTestId('show-answer')).toHaveText('Show the answer');
  await expect(page.getByRole('button', { name: 'Start again', exact: true })).toBeVisible();
  await expect(page.getByTestId('export')).toHaveText('Export scenarios (JSON)');
  await expect(page.getByText('Presenter mode (large text)', { exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Scenarios' }).locator('h2')).toHaveText('Scenarios (built-in)');
  // Scenario content in English only.
  const listed = page.locator('button[data-scenario="pregnancy-blank"]');
  await expect(listed.locator('.title')).toHaveText(scenario.titleEn);
  await expect(listed.locator('.en')).toHaveCount(0);
  await expect(page.locator('#scenario-title')).toHaveText(scenario.titleEn);
  // The side panel: the field, the problem and why it matters in English.
  const item = page.locator('[data-testid="problems"] li[data-field="pregnancy"][data-code="REQUIRED_MISSING"]');
  await expect(item.locator('button')).toHaveText('Error Pregnancy');
  await expect(item.locator('.what')).toHaveText('Required answer is missing');
  await expect(item.locator('.why strong')).toHaveText('Why it matters:');
  await expect(page.getByTestId('score')).toContainText('Problems found: 0 / 1');
  // The overlay in the replica follows the same setting.
  await expect(frame.locator('hersys-assist [role="status"]').first()).toContainText('Interview needed');
  // Nothing Japanese is left outside the replica, except tier names (contract §2: shown in
  // Japanese too) and words the scenarios' English titles keep (A 和暦 birthdate).
  const englishTitles = [...SCENARIOS, ...OBSERVATION_SCENARIOS].map((s) => s.titleEn);
  const japaneseLeft = () =>
    page.evaluate(
      ([re, titles]) => {
        const copy = document.body.cloneNode(true) as HTMLElement;
        for (const el of Array.from(copy.querySelectorAll('iframe, [data-tier], .badge'))) el.remove();
        const text = titles.reduce((t, title) => t.split(title).join(''), copy.textContent ?? '');
        return text.match(new RegExp(re, 'gu'))?.join('') ?? '';
      },
      [JAPANESE.source, englishTitles] as const,
    );
  expect(await japaneseLeft()).toBe('');

  // The answer and a submit, in English (the replica frame's note too).
  await page.getByTestId('show-answer').click();
  await expect(frame.locator('hersys-assist')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('score').locator('[data-revealed]')).toHaveText(' · shown by the answer: 1');
  await expect(page.locator('.answer-note')).toHaveText(scenario.answerNoteEn!);
  await expect(page.getByTestId('no-problems')).toHaveText('No problem');
  await frame.locator('#btn-submit').click();
  await expect(frame.locator('#training-submitted')).toHaveText('(Training) Submitted — nothing was sent.');
  await expect(page.locator('.explain')).toContainText('(Training) submits: 1');
  const frameTitle = () => page.frame({ url: /replica-frame\.html/ })?.title();
  await expect.poll(frameTitle).toMatch(/\S — Training$/);
  expect(await japaneseLeft()).toBe('');

  // Back to Japanese: both languages again, as before.
  await setLanguage(context, 'ja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page).toHaveTitle('HER-SYS Assist 研修 / Training');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('研修 / Training — HER-SYS Assist');
  await expect(page.getByTestId('show-answer')).toHaveText('答えを見る / Show the answer');
  await expect(page.getByRole('button', { name: '最初からやり直す / Start again' })).toBeVisible();
  await expect(listed.locator('.title')).toHaveText(scenario.titleJa);
  await expect(listed.locator('.en')).toHaveText(scenario.titleEn);
  await expect(page.locator('#scenario-title')).toHaveText(`${scenario.titleJa} / ${scenario.titleEn}`);
  await expect(page.getByTestId('score').locator('[data-revealed]')).toHaveText(' · 答えで確認 / shown by the answer: 1');
  await expect(frame.locator('#training-submitted')).toHaveText('（研修）発生届を提出しました。実際には送信されません。 / (Training) Submitted — nothing was sent.');
  await expect(page.locator('.explain')).toContainText('（研修）提出 1 回 / (Training) submitted 1×');
  await expect.poll(frameTitle).toMatch(/\S — 研修 \/ Training$/);
});
