/**
 * The paper 発生届 turned into HTML (numbered items, the reporting doctor's block with the
 * clinic's landline first, 保護者 fields, look-alike dates): the overlay checks the patient's
 * answers — a blank 妊娠の有無 holds the submit back, answering it lets it through once, the
 * tier is the contract's, and the phone checked is the patient's mobile, not the clinic's.
 */
import { CLEAN_70, fill, hostState, waitForHost } from './helpers';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, FIXTURE_PAGES, HERSYS, serveAtHersys, test } from './fixtures';
import type { Page } from '@playwright/test';

const PATH = '/pref/hasseitodoke';

const OFFICIAL = readFileSync(path.join(FIXTURE_PAGES, 'notification-official.html'), 'utf8');
/** The same form without its 妊娠の有無 row (a system that does not ask it). */
const WITHOUT_PREGNANCY = OFFICIAL.replace(/<tr><th>23 妊娠の有無<\/th>.*?<\/tr>/s, '');

test.beforeEach(async ({ context }) => {
  await serveAtHersys(context, { [PATH]: 'notification-official.html', '/pref/no-pregnancy': WITHOUT_PREGNANCY });
});

async function trackSubmits(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __submits: number };
    w.__submits = 0;
    document.addEventListener('submit', (e) => {
      w.__submits++;
      e.preventDefault();
    });
  });
}
const submits = (page: Page) => page.evaluate(() => (window as unknown as { __submits: number }).__submits);
const fieldOf = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.getAttribute('data-hersys-assist-field') ?? null, id);

test('official numbered form: a blank 妊娠の有無 blocks, answering it submits once, tier as the contract gives', async ({ page }) => {
  await page.goto(`${HERSYS}${PATH}`);
  await waitForHost(page, 'data-page', 'notification');
  await trackSubmits(page);
  // A 30-year-old woman, everything answered but 妊娠の有無.
  await fill(page, { ...CLEAN_70, sex: '女', birthdate: '1991/06/15', pregnancy: '' });
  await expect.poll(async () => (await hostState(page))['data-missing'], { timeout: 15_000 }).toBe('pregnancy');
  expect((await hostState(page))['data-tier']).toBe('interview');
  await page.click('#btn-submit');
  await expect(page.locator('hersys-assist').locator('[role="alertdialog"]')).toBeVisible();
  expect(await submits(page)).toBe(0);
  await page.keyboard.press('Escape');
  await fill(page, { pregnancy: '無' });
  await expect.poll(async () => (await hostState(page))['data-missing'], { timeout: 15_000 }).toBe('');
  expect((await hostState(page))['data-tier']).toBe('standard');
  await page.click('#btn-submit');
  await expect.poll(() => submits(page)).toBe(1);
  expect((await hostState(page))['data-guard']).toBeNull();
});

test('official numbered form: the patient’s phone is checked, not the clinic’s landline above it', async ({ page }) => {
  await page.goto(`${HERSYS}${PATH}`);
  await waitForHost(page, 'data-page', 'notification');
  expect(await fieldOf(page, 'phone')).toBe('phone');
  expect(await fieldOf(page, 'clinic-phone')).toBeNull();
  expect(await fieldOf(page, 'guardian-phone')).toBeNull();
  expect(await fieldOf(page, 'birthdate')).toBe('birthdate');
  expect(await fieldOf(page, 'first-visit')).toBeNull();
  await fill(page, CLEAN_70);
  await waitForHost(page, 'data-status', 'ok');
  // The patient's number turned into a landline: now the warning is on the patient's phone.
  await page.locator('#phone').fill('03-1234-5678');
  await waitForHost(page, 'data-status', 'warning');
  expect(await page.evaluate(() => document.getElementById('phone')?.getAttribute('data-hersys-assist-state'))).toBe('warning');
  expect(await page.evaluate(() => document.getElementById('clinic-phone')?.getAttribute('data-hersys-assist-state') ?? null)).toBeNull();
});

test('a required question the page does not have is shown as not found (data-unseen), not as unanswered', async ({ page }) => {
  expect(WITHOUT_PREGNANCY).not.toContain('妊娠の有無');
  await page.goto(`${HERSYS}/pref/no-pregnancy`);
  await waitForHost(page, 'data-page', 'notification');
  await fill(page, { ...CLEAN_70, sex: '女', birthdate: '1991/06/15' });
  await waitForHost(page, 'data-unseen', /(^| )pregnancy( |$)/);
  const s = await hostState(page);
  expect(s['data-missing']).not.toContain('pregnancy');
  await expect(page.locator('hersys-assist').locator('.unseen')).toContainText('画面上で見つからない項目');
  await expect(page.locator('hersys-assist').locator('.unseen')).toContainText('妊娠の有無');
  // Control: on the full form nothing is unseen.
  await page.goto(`${HERSYS}${PATH}`);
  await waitForHost(page, 'data-page', 'notification');
  await fill(page, CLEAN_70);
  await waitForHost(page, 'data-status', 'ok');
  expect((await hostState(page))['data-unseen']).toBe('');
});
