import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { RawRecord } from '../../shared/evaluate';
import { buildNotification600 } from '../fixtures/pages/notification-600.mjs';
import { contentState, expect, HERSYS, serveAtHersys, serviceWorker, test } from './fixtures';
import { CLEAN_70, fill, hostState, waitForHost } from './helpers';

/** The extension API inside the service worker (evaluated there, not here). */
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const PAGES: Record<string, string> = {
  '/hersys/basic': 'notification-basic.html',
  '/hersys/layouts': 'notification-layouts.html',
  '/hersys/tabs': 'notification-tabs.html',
  '/hersys/late': 'notification-late.html',
  '/hersys/spa/form': 'notification-spa.html',
  '/hersys/spa/list': 'notification-spa.html',
  '/hersys/many': buildNotification600(),
};

/** A 30-year-old woman with everything answered except 妊娠の有無 (the clean record, another person). */
const NO_PREGNANCY: RawRecord = { ...CLEAN_70, sex: '女', birthdate: '1991/06/15' };

interface Variant {
  name: string;
  path: string;
  submit: string;
  /** Shows the part of the page holding `field` (tabbed pages). */
  reveal?: (page: Page, field: string) => Promise<void>;
  ready?: (page: Page) => Promise<void>;
}

const BASIC_TAB_FIELDS = new Set(['sex', 'birthdate', 'age', 'phone']);
const VARIANTS: Variant[] = [
  { name: 'basic (label for, table th)', path: '/hersys/basic', submit: '#btn-submit' },
  { name: 'layouts (legend, dt/dd, aria, wrapping labels)', path: '/hersys/layouts', submit: 'input[type="submit"]' },
  {
    name: 'tabs (form in a hidden tab)',
    path: '/hersys/tabs',
    submit: '#btn-submit',
    reveal: async (page, field) => page.click(BASIC_TAB_FIELDS.has(field) ? '#tab-basic' : '#tab-notification'),
  },
  {
    name: 'late (rendered, then replaced)',
    path: '/hersys/late',
    submit: '#btn-submit',
    ready: async (page) => {
      await page.waitForFunction(() => document.body.dataset.rendered === '2');
      // The replaced form's controls are marked again after our debounce.
      await page.waitForFunction(() => document.querySelector('#notification-form [data-hersys-assist-field="patient-type"]')?.isConnected === true);
    },
  },
  { name: 'single-page app without a form', path: '/hersys/spa/form', submit: '#btn-submit' },
  { name: '700-control page', path: '/hersys/many', submit: '#btn-submit' },
];

/** Counts submissions that reach the page: `submit` events (prevented) and the SPA's own counter. */
async function trackSubmits(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __formSubmits: number };
    w.__formSubmits = 0;
    document.addEventListener('submit', (e) => {
      w.__formSubmits++;
      e.preventDefault();
    });
  });
}
const submits = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __formSubmits?: number; __submits?: number };
    return (w.__formSubmits ?? 0) + (w.__submits ?? 0);
  });

async function fillVariant(page: Page, v: Variant, record: RawRecord) {
  for (const [field, value] of Object.entries(record)) {
    if (v.reveal) await v.reveal(page, field);
    await fill(page, { [field]: value });
  }
}

const boxFor = (page: Page, field: string) =>
  page.evaluate(
    (f) =>
      [...(document.querySelector('hersys-assist')?.shadowRoot?.querySelectorAll<HTMLElement>('.hl') ?? [])].some(
        (b) => !b.hidden && b.dataset.field === f && b.dataset.state === 'missing',
      ),
    field,
  );

test.beforeEach(async ({ context }) => {
  await serveAtHersys(context, PAGES);
});

for (const v of VARIANTS) {
  test(`${v.name}: a blank 妊娠の有無 is highlighted and blocks; fixing it lets the submit through once`, async ({ page }) => {
    await page.goto(`${HERSYS}${v.path}`);
    await v.ready?.(page);
    await waitForHost(page, 'data-page', 'notification');
    await trackSubmits(page);
    await fillVariant(page, v, NO_PREGNANCY);
    await waitForHost(page, 'data-missing', 'pregnancy');
    if (v.reveal) await v.reveal(page, 'pregnancy');
    await expect.poll(() => boxFor(page, 'pregnancy')).toBe(true);
    expect((await hostState(page))['data-tier']).toBe('interview');

    await page.click(v.submit);
    await expect(page.locator('hersys-assist').locator('[role="alertdialog"]')).toBeVisible();
    expect(await submits(page)).toBe(0);
    await page.keyboard.press('Escape');

    await fillVariant(page, v, { pregnancy: '無' });
    await waitForHost(page, 'data-missing', '');
    expect((await hostState(page))['data-tier']).toBe('standard');
    await page.click(v.submit);
    await expect.poll(() => submits(page)).toBe(1);
    expect((await hostState(page))['data-guard']).toBeNull();
  });
}

test('45 with diabetes and one dose shows 重点観察 on the 700-control page', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/many`);
  await waitForHost(page, 'data-page', 'notification');
  await fill(page, {
    ...NO_PREGNANCY,
    sex: '男',
    birthdate: '1976/05/01',
    'vaccine-doses': '1回',
    'vaccine-date': '2021/08',
    'risk-any': '有',
    'risk-malignancy': '無',
    'risk-copd': '無',
    'risk-ckd': '無',
    'risk-hypertension': '無',
    'risk-diabetes': '有',
    'risk-dyslipidemia': '無',
    'risk-obesity': '無',
    'risk-smoking': '無',
    'risk-other': '無',
  });
  await waitForHost(page, 'data-tier', 'priority');
  const s = await hostState(page);
  expect(s.status).toContain('重点観察');
  expect(s.status).toContain('40〜64歳で重症化リスク因子が2つ以上');
});

test('SPA navigation away and back keeps one host and reads the new screen', async ({ page, context }) => {
  await page.goto(`${HERSYS}/hersys/spa/form`);
  await waitForHost(page, 'data-page', 'notification');
  await page.click('#nav-list');
  // The runtime has seen the form go (the tab no longer reports a 発生届).
  await expect.poll(async () => (await contentState(page)).page).not.toBe('notification');
  await page.click('#nav-form');
  await waitForHost(page, 'data-page', 'notification');
  await expect.poll(async () => (await contentState(page)).page).toBe('notification');
  expect((await hostState(page)).count).toBe('1');
  await page.locator('#phone').fill('03-5253-1111');
  await expect.poll(() => page.evaluate(() => document.getElementById('phone')?.getAttribute('data-hersys-assist-state'))).toBe('warning');
  expect((await hostState(page)).count).toBe('1');
});

test('typing with an IME: nothing is re-evaluated mid-composition and the text is kept', async ({ page, context }) => {
  await page.goto(`${HERSYS}/hersys/basic`);
  await waitForHost(page, 'data-status', 'error');
  await page.locator('#birthdate').focus();
  const cdp = await context.newCDPSession(page);
  const before = (await hostState(page))['data-invalid'];
  await cdp.send('Input.imeSetComposition', { text: 'しょうわ', selectionStart: 4, selectionEnd: 4 });
  await page.waitForTimeout(300);
  // Mid-composition: our attributes did not move, focus stayed, and the page has the composing text.
  expect((await hostState(page))['data-invalid']).toBe(before);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('birthdate');
  await cdp.send('Input.insertText', { text: '昭和54年3月14日' });
  await expect.poll(() => page.evaluate(() => (document.getElementById('birthdate') as HTMLInputElement).value)).toBe('昭和54年3月14日');
  await expect.poll(async () => (await hostState(page))['data-missing']).not.toContain('birthdate');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('birthdate');
});

test('with the guard switched off, submission proceeds and the overlay still informs', async ({ page, context }) => {
  const sw = await serviceWorker(context);
  await sw.evaluate(() => chrome.storage.local.set({ settings: { guardEnabled: false } }));
  await page.goto(`${HERSYS}/hersys/basic`);
  await waitForHost(page, 'data-status', 'error');
  await trackSubmits(page);
  await page.click('#btn-submit');
  await expect.poll(() => submits(page)).toBe(1);
  expect((await hostState(page))['data-guard']).toBeNull();
  expect((await hostState(page))['data-status']).toBe('error');
});

test('a selector map entry pins a field and wins over detection', async ({ page, context }) => {
  const sw = await serviceWorker(context);
  await sw.evaluate(() => chrome.storage.local.set({ settings: { selectorMap: { phone: '#phone-2' } } }));
  await page.goto(`${HERSYS}/hersys/basic`);
  await waitForHost(page, 'data-status', 'error');
  expect(await page.evaluate(() => document.getElementById('phone-2')?.getAttribute('data-hersys-assist-field'))).toBe('phone');
  expect(await page.evaluate(() => document.getElementById('phone')?.getAttribute('data-hersys-assist-field'))).toBeNull();
  await page.locator('#phone-2').fill('050-3141-5926');
  await expect.poll(() => page.evaluate(() => document.getElementById('phone-2')?.getAttribute('data-hersys-assist-state'))).toBe('warning');
});

test('the popup state message lists every field with the control it was mapped to', async ({ page, context }) => {
  await page.goto(`${HERSYS}/hersys/basic`);
  await waitForHost(page, 'data-status', 'error');
  const sw = await serviceWorker(context);
  const state = await sw.evaluate(async () => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t: { url?: string }) => t.url?.includes('/hersys/basic')) ?? tabs[0];
    return chrome.tabs.sendMessage(tab!.id!, { type: 'hersys-assist/get-state' });
  });
  expect(state.page).toBe('notification');
  expect(state.notification.view.tier).toBe('unknown');
  const phone = state.notification.inspector.find((i: { field: string }) => i.field === 'phone');
  expect(phone.describe).toBe('input#phone[type=text][name=phone]');
  expect(state.notification.inspector).toHaveLength(26);
});

test('the overlay and the guard dialog have no serious or critical accessibility violations', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/basic`);
  await waitForHost(page, 'data-status', 'error');
  const scan = async () =>
    (await new AxeBuilder({ page }).include('hersys-assist').analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(await scan()).toEqual([]);
  await page.click('#btn-submit');
  await expect(page.locator('hersys-assist').locator('[role="alertdialog"]')).toBeVisible();
  await page.locator('hersys-assist').locator('button.override-start').click();
  expect(await scan()).toEqual([]);
});
