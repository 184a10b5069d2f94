import { answer, CLEAN_70, fill, hostState, waitForHost } from './helpers';
import { contentState, expect, HERSYS, serveAtHersys, serviceWorker, test } from './fixtures';

const PAGES = {
  '/hersys/notification': 'notification-basic.html',
  '/hersys/layouts': 'notification-layouts.html',
  '/hersys/late': 'notification-late.html',
  '/hersys/tabs': 'notification-tabs.html',
  '/hersys/other': '<!doctype html><html lang="ja"><body><h1>お知らせ</h1><p>発生届はありません。</p></body></html>',
};

/** Counts submissions that reach the page's own handler (bubble phase), and stops navigation. */
async function countPageSubmits(page: import('@playwright/test').Page) {
  await page.evaluate(() => {
    (window as unknown as { __submits: number }).__submits = 0;
    document.addEventListener('submit', (e) => {
      (window as unknown as { __submits: number }).__submits++;
      e.preventDefault();
    });
  });
}
const submits = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __submits: number }).__submits);

const inShadow = (page: import('@playwright/test').Page, selector: string) => page.locator('hersys-assist').locator(selector);

test.beforeEach(async ({ context }) => {
  await serveAtHersys(context, PAGES);
});

test('the manifest only asks for the HER-SYS hosts', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/manifest.json`);
  const manifest = JSON.parse((await page.textContent('body')) ?? '{}');
  expect(manifest.content_scripts.map((c: { matches: string[] }) => c.matches).flat()).toEqual(['https://*.cov19.mhlw.go.jp/*']);
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
});

test('an empty 発生届 shows one open-shadow host with every required field missing', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  const s = await hostState(page);
  expect(s.count).toBe('1');
  expect(s.shadowMode).toBe('open');
  expect(s['data-page']).toBe('notification');
  expect(s['data-tier']).toBe('unknown');
  expect(s['data-missing']!.split(' ')).toEqual([
    'patient-type', 'diagnosis-method', 'specimen-date', 'diagnosis-date', 'vaccine-doses', 'risk-any', 'immunosuppressed',
    'pregnancy', 'severity', 'hospitalization-needed', 'hospitalized-now', 'phone', 'birthdate',
  ]);
  expect(s.status).toContain('判定不可');
  // Every radio of a group carries the field and state attributes.
  const marks = await page.evaluate(() =>
    [...document.querySelectorAll('input[name="risk_any"]')].map((r) => `${r.getAttribute('data-hersys-assist-field')}:${r.getAttribute('data-hersys-assist-state')}`),
  );
  expect(marks).toEqual(['risk-any:missing', 'risk-any:missing']);
  // Outline boxes are drawn in our layer, not on the page's elements.
  expect(await inShadow(page, '.hl[data-state="missing"]').count()).toBeGreaterThan(5);
  expect(await page.evaluate(() => document.getElementById('phone')!.getAttribute('style'))).toBeNull();
});

test('a page without the 発生届 gets no overlay (and the content script is there, and looked)', async ({ page, context }) => {
  await page.goto(`${HERSYS}/hersys/other`);
  // Positive control: the content script runs in this tab and found no page kind.
  expect((await contentState(page)).page).toBeNull();
  expect((await hostState(page)).count).toBe('0');
  // And the same run shows an overlay where there is a 発生届.
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-page', 'notification');
  expect((await hostState(page)).count).toBe('1');
});

test('a complete 70-year-old is 重点観察 and the submit goes through untouched', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, CLEAN_70);
  await page.click('#btn-myhersys');
  await waitForHost(page, 'data-tier', 'priority');
  await waitForHost(page, 'data-status', 'ok');
  const s = await hostState(page);
  expect(s['data-missing']).toBe('');
  expect(s['data-invalid']).toBe('');
  expect(s.status).toContain('重点観察');
  expect(s.status).toContain('65歳以上');
  await page.click('#btn-submit');
  expect(await submits(page)).toBe(1);
  expect((await hostState(page))['data-guard']).toBeNull();
});

test('the tier and problems update live as the user types, and focus stays in the field', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await fill(page, CLEAN_70);
  await page.locator('#phone').fill('');
  await page.locator('#phone').pressSequentially('03-1234-5678');
  await expect.poll(() => page.evaluate(() => document.getElementById('phone')!.getAttribute('data-hersys-assist-state'))).toBe('warning');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('phone');
  expect((await hostState(page)).status).toContain('自動架電');
  await page.locator('#birthdate').fill('1990/02/30');
  await waitForHost(page, 'data-invalid', /birthdate/);
  expect((await hostState(page))['data-tier']).toBe('unknown');
  await page.locator('#birthdate').fill('S54.3.14');
  await waitForHost(page, 'data-invalid', '');
  expect((await hostState(page))['data-tier']).toBe('standard');
});

test('the guard holds a submit back while errors exist: 修正する focuses the first problem', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, { ...CLEAN_70, phone: '090-0000-0000' });
  await waitForHost(page, 'data-invalid', 'phone');
  await page.click('#btn-submit');
  const dialog = inShadow(page, '[role="alertdialog"]');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('電話番号');
  expect((await hostState(page))['data-guard']).toBe('blocked');
  expect(await submits(page)).toBe(0);
  await dialog.getByRole('button', { name: '修正する' }).click();
  await expect(dialog).toHaveCount(0);
  expect((await hostState(page))['data-guard']).toBeNull();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('phone');
  expect(await submits(page)).toBe(0);
});

test('an override needs a reason of at least 4 characters and re-issues the submit exactly once', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, { ...CLEAN_70, birthdate: '' });
  await waitForHost(page, 'data-missing', 'birthdate');
  await page.click('#btn-submit');
  const dialog = inShadow(page, '[role="alertdialog"]');
  await dialog.getByRole('button', { name: '理由を入力して提出' }).click();
  const reason = dialog.locator('textarea');
  await reason.fill('確認中');
  await expect(dialog.getByRole('button', { name: 'この理由で提出' })).toBeDisabled();
  await reason.fill('本人確認中のため');
  await dialog.getByRole('button', { name: 'この理由で提出' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await submits(page)).toBe(1);
  expect((await hostState(page))['data-guard']).toBeNull();
});

test('Enter in a text field (implicit submission) is held back too; Escape closes the dialog', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await page.locator('#phone').fill('0312345');
  await page.locator('#phone').press('Enter');
  const dialog = inShadow(page, '[role="alertdialog"]');
  await expect(dialog).toBeVisible();
  expect(await submits(page)).toBe(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await submits(page)).toBe(0);
});

test('warnings never block: a landline number submits with a warning status', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, { ...CLEAN_70, phone: '03-1234-5678' });
  await waitForHost(page, 'data-status', 'warning');
  await page.click('#btn-submit');
  expect(await submits(page)).toBe(1);
});

test('clicking a problem scrolls to and focuses the field; the collapse state persists', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await inShadow(page, '[data-field="severity"] button.jump').click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('severity');
  await inShadow(page, 'button.toggle').click();
  await expect(inShadow(page, 'aside.panel')).toHaveAttribute('data-collapsed', 'true');
  await page.reload();
  await waitForHost(page, 'data-status', 'error');
  await expect(inShadow(page, 'aside.panel')).toHaveAttribute('data-collapsed', 'true');
  // The status text still names the tier while collapsed.
  expect((await hostState(page)).status).toContain('判定不可');
});

test('every layout of contract §3 is recognised (layouts page)', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/layouts`);
  await waitForHost(page, 'data-status', 'error');
  const fields = await page.evaluate(() => [...new Set([...document.querySelectorAll('[data-hersys-assist-field]')].map((e) => e.getAttribute('data-hersys-assist-field')))].sort());
  expect(fields).toEqual([
    'age', 'birthdate', 'diagnosis-date', 'diagnosis-method', 'hospitalization-needed', 'hospitalized-now', 'immunosuppressed', 'onset-date',
    'patient-type', 'phone', 'pregnancy', 'risk-any', 'risk-ckd', 'risk-copd', 'risk-diabetes', 'risk-dyslipidemia', 'risk-hypertension',
    'risk-malignancy', 'risk-obesity', 'risk-other', 'risk-smoking', 'severity', 'sex', 'specimen-date', 'vaccine-date', 'vaccine-doses',
  ]);
  await answer(page, 'risk-any', '有');
  await waitForHost(page, 'data-invalid', /risk-any/);
});

test('a form rendered late and then replaced is followed, with one host only', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/late`);
  await waitForHost(page, 'data-page', 'notification');
  await page.waitForFunction(() => document.body.dataset.rendered === '2');
  // The fresh controls are marked and read (the replacement has been processed)…
  await expect.poll(() => page.evaluate(() => document.getElementById('phone')?.getAttribute('data-hersys-assist-field'))).toBe('phone');
  // …and there is still one host.
  const s = await hostState(page);
  expect(s.count).toBe('1');
  await page.locator('#phone').fill('050-1234-5678');
  await expect.poll(() => page.evaluate(() => document.getElementById('phone')?.getAttribute('data-hersys-assist-state'))).toBe('warning');
  expect((await hostState(page)).count).toBe('1');
});

test('a form inside a hidden tab is read; boxes appear when the tab is shown', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/tabs`);
  await waitForHost(page, 'data-page', 'notification');
  const visibleBoxes = () => page.evaluate(() => [...document.querySelector('hersys-assist')!.shadowRoot!.querySelectorAll<HTMLElement>('.hl')].filter((b) => !b.hidden).map((b) => b.dataset.field));
  const before = await visibleBoxes();
  expect(before).not.toContain('severity');
  await page.click('#tab-notification');
  await expect.poll(visibleBoxes).toContain('severity');
});

test('read-back: the phone and birthdate are echoed beside their fields as the user types', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await page.locator('#diagnosis-date').fill('2022/02/09');
  await page.locator('#phone').pressSequentially('０９０（３１４１）５９２６');
  const note = (field: string) => inShadow(page, `.note[data-field="${field}"]`);
  await expect(note('phone')).toHaveText('090-3141-5926 · 携帯 · SMS が届きます');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('phone');
  await page.locator('#birthdate').pressSequentially('S54.3.14');
  await expect(note('birthdate')).toContainText('1979年3月14日（昭和54年）· 満42歳 · 健康コール 0314');
  await expect(note('birthdate')).toContainText('40〜64歳: リスク因子2つ以上で重点観察');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('birthdate');
  await page.locator('#phone').fill('03-1234-5678');
  await expect(note('phone')).toHaveText('03-1234-5678 · 固定電話 · SMS は届かない可能性: 自動架電・健康コールを案内');
  await expect(note('phone')).toHaveAttribute('data-tone', 'warning');
  // The page's own inputs hold exactly what was typed.
  expect(await page.locator('#phone').inputValue()).toBe('03-1234-5678');
});

test('送信前に確認する: a read-back card before a clean submit, by keyboard alone', async ({ page, context }) => {
  const sw = await serviceWorker(context);
  await sw.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ settings: { confirmBeforeSubmit: true } }));
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, { ...CLEAN_70, birthdate: 'S26.6.15' });
  await page.click('#btn-myhersys');
  await waitForHost(page, 'data-status', 'ok');
  await page.locator('#btn-submit').focus();
  await page.keyboard.press('Enter');
  const card = inShadow(page, '[role="dialog"]');
  await expect(card).toBeVisible();
  await expect(card.locator('[data-item="phone"] dd')).toHaveText('090-3141-5926');
  await expect(card.locator('[data-item="kind"] dd')).toHaveText('携帯');
  await expect(card.locator('[data-item="birthday"] dd')).toHaveText('1951年6月15日（昭和26年）');
  await expect(card.locator('[data-item="age"] dd')).toHaveText('満70歳');
  await expect(card.locator('[data-item="tier"] dd')).toHaveText('重点観察');
  expect((await hostState(page))['data-guard']).toBe('blocked');
  // Escape returns to the form without submitting.
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  expect(await submits(page)).toBe(0);
  // Enter on the card confirms: the original submit goes out exactly once.
  await page.locator('#btn-submit').focus();
  await page.keyboard.press('Enter');
  await expect(card).toBeVisible();
  // The card takes focus on its submit button (so Enter confirms).
  await expect
    .poll(() => page.evaluate(() => document.querySelector('hersys-assist')?.shadowRoot?.activeElement?.textContent))
    .toBe('この内容で提出');
  await page.keyboard.press('Enter');
  await expect(card).toHaveCount(0);
  await expect.poll(() => submits(page)).toBe(1);
});

test('the same number used in another 発生届 within 24 h shows an information line (keyed hash only)', async ({ page, context }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, { ...CLEAN_70, phone: '090-2718-2818' });
  await page.click('#btn-myhersys');
  await waitForHost(page, 'data-status', 'ok');
  await page.click('#btn-submit');
  expect(await submits(page)).toBe(1);
  // The next patient's form: a family member with the same number.
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await page.locator('#phone').fill('０９０−２７１８−２８１８');
  const note = inShadow(page, '.note[data-field="phone"]');
  await expect(note).toContainText('24時間以内に別の発生届で同じ番号が使われています（家族で同じ番号? 自動架電は一人一番号）');
  await expect(note).toHaveAttribute('data-tone', 'info');
  // Not an error: the status does not change because of it.
  await page.locator('#phone').fill('090-3141-5926');
  await expect(note).not.toContainText('24時間以内');
  // Nothing stored in clear.
  const sw = await serviceWorker(context);
  const stored = await sw.evaluate(async () => JSON.stringify(await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }).chrome.storage.local.get(null)));
  expect(stored).not.toContain('27182818');
  expect(stored).toContain('phoneSeen');
});

test('the guard dialog follows the form: a problem fixed behind it leaves at once; then it says so and submits exactly once', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, { ...CLEAN_70, phone: '090-0000-0000', birthdate: '' });
  await waitForHost(page, 'data-missing', 'birthdate');
  await page.click('#btn-submit');
  const dialog = inShadow(page, '[role="alertdialog"]');
  await expect(dialog.locator('li[data-field="phone"]')).toHaveCount(1);
  await expect(dialog.locator('li[data-field="birthdate"]')).toHaveCount(1);
  // Fixed behind the open dialog (as another input method or the page itself would).
  await fill(page, { phone: '090-3141-5926' });
  await expect(dialog.locator('li[data-field="phone"]')).toHaveCount(0);
  await expect(dialog.locator('li[data-field="birthdate"]')).toHaveCount(1);
  await expect(dialog.locator('#hersys-assist-dialog-lead')).toHaveAttribute('data-resolved', 'false');
  await fill(page, { birthdate: CLEAN_70.birthdate! });
  await expect(dialog.locator('#hersys-assist-dialog-lead')).toHaveAttribute('data-resolved', 'true');
  await expect(dialog).toContainText('問題はすべて解決しました');
  expect((await hostState(page))['data-guard']).toBe('blocked');
  expect(await submits(page)).toBe(0);
  await dialog.getByRole('button', { name: '提出する' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await submits(page)).toBe(1);
  expect((await hostState(page))['data-guard']).toBeNull();
});

test('with the dialog open and its problem fixed, the page’s own submit button goes through exactly once', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
  await countPageSubmits(page);
  await fill(page, { ...CLEAN_70, phone: '090-0000-0000' });
  await waitForHost(page, 'data-invalid', 'phone');
  await page.click('#btn-submit');
  const dialog = inShadow(page, '[role="alertdialog"]');
  await expect(dialog).toBeVisible();
  await fill(page, { phone: '090-3141-5926' });
  await expect(dialog.locator('#hersys-assist-dialog-lead')).toHaveAttribute('data-resolved', 'true');
  // The backdrop covers the page: the page's own submit is pressed from script, as a keyboard user's Enter would.
  await page.evaluate(() => document.querySelector<HTMLElement>('#btn-submit')!.click());
  await expect(dialog).toHaveCount(0);
  expect(await submits(page)).toBe(1);
  expect((await hostState(page))['data-guard']).toBeNull();
});
