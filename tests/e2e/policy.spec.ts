/**
 * Issue 8 in a real Chromium: the kill switch reaches every open tab at once; an administrator's
 * policy (Chromium's own managed-policy file, `3rdparty` → our extension id) locks the guard off
 * and shows as locked in Options; an extra origin added in Options gets the content script.
 *
 * The policy test copies the built extension to a folder of its own: an unpacked extension's id
 * is derived from its path, so the policy written for that id touches no other test's browser.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentState, EXT_DIR, expect, HERSYS, launchWithExtension, serveAtHersys, serviceWorker, test } from './fixtures';
import type { AuditPageApi } from './audit-page.entry';
import { openAuditPage } from './audit-page';
import { hostState, waitForHost } from './helpers';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const POLICY_DIR = '/etc/chromium/policies/managed';
const LOCKED_JA = '管理者により固定';
const LOCKED_EN = 'Set by your administrator';

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, first 32 hex digits mapped 0-f → a-p. */
function unpackedExtensionId(dir: string): string {
  return [...createHash('sha256').update(dir).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** A copy of the built extension in a fresh folder (its own id); `patch` edits its manifest. */
function copyExtension(patch?: (m: Record<string, any>) => void): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'hersys-assist-policy-')));
  cpSync(EXT_DIR, dir, { recursive: true });
  if (patch) {
    const file = path.join(dir, 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    patch(m);
    writeFileSync(file, JSON.stringify(m));
  }
  return dir;
}

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
const submits = (page: Page) => page.evaluate(() => (window as unknown as { __formSubmits?: number }).__formSubmits ?? 0);

/** A HER-SYS 発生届 with errors (the blank fixture), ready to be submitted. */
async function openBlankNotification(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${HERSYS}/hersys/basic`);
  await waitForHost(page, 'data-status', 'error');
  await trackSubmits(page);
  return page;
}

async function openOptions(context: BrowserContext): Promise<Page> {
  const id = new URL((await serviceWorker(context)).url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  await page.locator('#guard-enabled').waitFor();
  return page;
}

test('the kill switch in Options turns the guard off on two open tabs at once, and back on', async ({ context }) => {
  await serveAtHersys(context, { '/hersys/basic': 'notification-basic.html' });
  const before = await openBlankNotification(context);
  await before.click('#btn-submit');
  await waitForHost(before, 'data-guard', 'blocked');
  expect(await submits(before)).toBe(0);

  const tabA = await openBlankNotification(context);
  const tabB = await openBlankNotification(context);
  const options = await openOptions(context);
  await options.locator('#guard-enabled').uncheck();
  await options.locator('#options-save').click();
  await expect(options.locator('.row [role="status"].ok')).toBeVisible();

  // Neither tab was reloaded: both hear the change and let the submit through.
  for (const tab of [tabA, tabB]) {
    await tab.bringToFront();
    await expect.poll(async () => {
      await tab.click('#btn-submit');
      return submits(tab);
    }, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await hostState(tab))['data-guard']).toBeNull();
    expect((await hostState(tab))['data-status']).toBe('error'); // the overlay still informs
  }

  // Back on: the next submit on an already open tab is held back again.
  await options.bringToFront();
  await options.locator('#guard-enabled').check();
  await options.locator('#options-save').click();
  await tabA.bringToFront();
  const sent = await submits(tabA);
  await expect.poll(async () => {
    if ((await hostState(tabA))['data-guard'] !== 'blocked') await tabA.click('#btn-submit');
    return (await hostState(tabA))['data-guard'];
  }, { timeout: 10_000 }).toBe('blocked');
  expect(await submits(tabA)).toBe(sent);
});

test.describe('enterprise policy (Chromium managed policy file)', () => {
  let writable = true;
  let reason = '';
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
  } catch (e) {
    writable = false;
    reason = `${POLICY_DIR} is not writable (${e instanceof Error ? e.message : e}): the managed path needs root; the merge is unit-tested in tests/unit/policy.test.ts`;
  }

  test('a policy locks the guard off: Options shows it locked, the page is not held back, the user cannot turn it on', async () => {
    test.skip(!writable, reason);
    const dir = copyExtension();
    const id = unpackedExtensionId(dir);
    const file = path.join(POLICY_DIR, `hersys-assist-e2e-${id}.json`);
    // guardEnabled and retentionDays valid. language 'fr' breaks managed_schema.json's enum, so
    // Chromium itself drops it; extraOrigins passes the schema (strings) but not our zod check
    // (plain http beyond the loopback): we ignore it and log it.
    const policy = { guardEnabled: false, retentionDays: 30, language: 'fr', extraOrigins: ['http://evil.example.com'] };
    writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } }));
    let context: BrowserContext | undefined;
    try {
      context = await launchWithExtension({ extDir: dir });
      const sw = await serviceWorker(context);
      expect(new URL(sw.url()).host).toBe(id);
      await expect.poll(() => sw.evaluate(() => chrome.storage.managed.get(null)), { timeout: 10_000 }).toMatchObject({ guardEnabled: false, retentionDays: 30 });
      expect(await sw.evaluate(() => chrome.storage.managed.get(null))).toEqual({ guardEnabled: false, retentionDays: 30, extraOrigins: ['http://evil.example.com'] });

      const options = await openOptions(context);
      await expect(options.locator('#guard-enabled')).toBeDisabled();
      await expect(options.locator('#guard-enabled')).not.toBeChecked();
      await expect(options.locator('[data-locked="guardEnabled"]')).toHaveText(`${LOCKED_JA} / ${LOCKED_EN}`);
      await expect(options.locator('#retention-days')).toBeDisabled();
      await expect(options.locator('#retention-days')).toHaveValue('30');
      await expect(options.locator('[data-locked="retentionDays"]')).toBeVisible();
      await expect(options.locator('#language')).toBeEnabled(); // 'fr' never reached us
      await expect(options.locator('[data-locked="language"]')).toHaveCount(0);
      await expect(options.locator('[data-locked="extraOrigins"]')).toHaveCount(0); // invalid: the user's list stays
      await expect(options.locator('#origin-new')).toBeEnabled();
      await expect(options.locator('#extra-origins-empty')).toBeVisible();
      await expect(options.locator('#confirm-before-submit')).toBeEnabled();
      await options.screenshot({ path: test.info().outputPath('options-locked.png'), fullPage: true });

      // The ignored managed key is in the audit log (the key name only).
      const auditPage = await openAuditPage(context, id);
      const errorPlaces = () =>
        auditPage.evaluate(async () => {
          const api = (globalThis as unknown as { __hersysAudit: AuditPageApi }).__hersysAudit;
          const store = await api.AuditStore.open();
          const doc = JSON.parse(await store.exportJsonText()) as { entries: { type: string; detail?: { where?: string } }[] };
          store.close();
          return doc.entries.filter((e) => e.type === 'extension-error').map((e) => e.detail?.where);
        });
      await expect.poll(errorPlaces, { timeout: 10_000 }).toContain('policy.invalid.extraOrigins');

      // The user's own storage says "on": the policy still wins.
      await sw.evaluate(() => chrome.storage.local.set({ settings: { guardEnabled: true } }));
      await serveAtHersys(context, { '/hersys/basic': 'notification-basic.html' });
      const page = await openBlankNotification(context);
      await page.click('#btn-submit');
      await expect.poll(() => submits(page)).toBe(1);
      expect((await hostState(page))['data-guard']).toBeNull();
      expect((await hostState(page))['data-status']).toBe('error');
    } finally {
      rmSync(file, { force: true });
      await context?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the administrator flips the kill switch while a 発生届 is open: the open tab and Options follow without a reload', async () => {
    test.skip(!writable, reason);
    const dir = copyExtension();
    const id = unpackedExtensionId(dir);
    const file = path.join(POLICY_DIR, `hersys-assist-e2e-${id}.json`);
    const writePolicy = (guardEnabled: boolean) =>
      writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: { guardEnabled } } } }));
    writePolicy(true);
    let context: BrowserContext | undefined;
    try {
      context = await launchWithExtension({ extDir: dir });
      await serveAtHersys(context, { '/hersys/basic': 'notification-basic.html' });
      const options = await openOptions(context);
      await expect(options.locator('#guard-enabled')).toBeChecked();
      await expect(options.locator('#guard-enabled')).toBeDisabled();
      const page = await openBlankNotification(context);

      writePolicy(false);
      // Chromium re-reads policy files on its own schedule; chrome://policy's button does it now.
      const policyPage = await context.newPage();
      await policyPage.goto('chrome://policy');
      await policyPage.locator('#reload-policies').click();

      await expect(options.locator('#guard-enabled')).not.toBeChecked({ timeout: 10_000 });
      await expect(options.locator('#guard-enabled')).toBeDisabled();
      await page.bringToFront();
      await page.click('#btn-submit');
      await expect.poll(() => submits(page)).toBe(1);
      expect((await hostState(page))['data-guard']).toBeNull();
    } finally {
      rmSync(file, { force: true });
      await context?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('an extra origin added in Options gets the overlay; removing it takes the overlay away', async () => {
  // Chromium's permission prompt cannot be clicked by automation, so this copy has
  // http://localhost/* granted at install; permissions.request then resolves without a prompt,
  // and what is tested is everything after the grant: settings, registration, injection, removal.
  const dir = copyExtension((m) => {
    m.host_permissions = [...(m.host_permissions ?? []), 'http://localhost/*'];
  });
  const origin = 'http://localhost:5178';
  const html = readFileSync(path.join(import.meta.dirname, '../fixtures/pages/notification-basic.html'), 'utf8');
  const context = await launchWithExtension({ extDir: dir });
  try {
    await context.route(`${origin}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    const sw = await serviceWorker(context);
    // Before: nothing runs on the origin — while the same extension, in the same run, does
    // show its overlay on HER-SYS (the positive control, loaded after the page under test).
    await serveAtHersys(context, { '/hersys/notification': 'notification-basic.html' });
    const control = await context.newPage();
    const page = await context.newPage();
    await page.goto(`${origin}/pref/hasseitodoke`);
    const controlShows = async () => {
      await control.goto(`${HERSYS}/hersys/notification`);
      await waitForHost(control, 'data-page', 'notification');
    };
    await controlShows();
    await expect(contentState(page, 0)).rejects.toThrow('no content script');
    expect((await hostState(page)).count).toBe('0');

    const options = await openOptions(context);
    await options.locator('#origin-new').fill('http://evil.example.com');
    await options.locator('#origin-add').click();
    await expect(options.locator('#origin-error')).toHaveAttribute('data-problem', 'ORIGIN_HTTP_NOT_LOOPBACK');
    await options.locator('#origin-new').fill(`${origin}/`);
    await options.locator('#origin-add').click();
    await expect(options.locator(`li[data-origin="${origin}"] [data-granted="true"]`)).toBeVisible();
    await expect
      .poll(() => sw.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s: { matches: string[] }[]) => s.flatMap((x) => x.matches))), {
        timeout: 10_000,
      })
      .toEqual(['http://localhost/*']);

    await page.reload();
    await waitForHost(page, 'data-page', 'notification');
    expect((await hostState(page))['data-status']).toBe('error');
    // The overlay's stylesheet reached its shadow root (web-accessible on the extra origin too).
    const cssLength = await page.evaluate(() =>
      [...(document.querySelector('hersys-assist')?.shadowRoot?.querySelectorAll('style') ?? [])].reduce((n, s) => n + (s.textContent?.length ?? 0), 0),
    );
    expect(cssLength).toBeGreaterThan(500);

    await options.bringToFront();
    await options.locator(`[data-remove-origin="${origin}"]`).click();
    await expect(options.locator('#extra-origins-empty')).toBeVisible();
    await expect.poll(() => sw.evaluate(() => chrome.scripting.getRegisteredContentScripts().then((s: unknown[]) => s.length)), { timeout: 10_000 }).toBe(0);
    await page.reload();
    await controlShows();
    await expect(contentState(page, 0)).rejects.toThrow('no content script');
    expect((await hostState(page)).count).toBe('0');
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
