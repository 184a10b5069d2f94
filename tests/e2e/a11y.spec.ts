/**
 * Languages and accessibility (issue 8 part 5), in real Chromium with the built extension and
 * the fixture 発生届 served at the HER-SYS origin:
 * - the language set in Options switches the overlay on an open tab, without a reload;
 * - axe (open shadow DOM included) finds nothing serious or critical on the panel, the guard
 *   dialog, the confirmation card, the popup, Options and the audit viewer;
 * - every action works by keyboard (Tab into the panel, Enter jumps, Escape closes, focus returns);
 * - forced colours and 200 % zoom (a 640×450 CSS-pixel view at device scale 2) keep the panel
 *   inside the view, its text unclipped, clear of the page's submit button, and the dialog's
 *   buttons visible and reachable.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, HERSYS, serveAtHersys, serviceWorker, test } from './fixtures';
import { CLEAN_70, fill, hostState, waitForHost } from './helpers';

/** The extension API inside the service worker (evaluated there, not here). */
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const PAGES = { '/hersys/notification': 'notification-basic.html', '/hersys/list': 'observation-list.html' };
const inShadow = (page: Page, selector: string) => page.locator('hersys-assist').locator(selector);

test.beforeEach(async ({ context }) => {
  await serveAtHersys(context, PAGES);
});

async function setSettings(context: BrowserContext, patch: Record<string, unknown>): Promise<void> {
  const sw = await serviceWorker(context);
  await sw.evaluate(async (p) => {
    const cur = ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({ settings: { ...cur, ...p } });
  }, patch);
}

/** axe's serious and critical findings, as `rule: targets` lines (empty when clean). */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** The element focused, looking into our shadow root. */
async function focused(page: Page): Promise<{ inShadow: boolean; id: string; cls: string; field: string | null; text: string }> {
  return page.evaluate(() => {
    let el = document.activeElement as HTMLElement | null;
    let shadow = false;
    while (el?.shadowRoot?.activeElement) {
      el = el.shadowRoot.activeElement as HTMLElement;
      shadow = true;
    }
    return {
      inShadow: shadow,
      id: el?.id ?? '',
      cls: el?.className ?? '',
      field: el?.closest('[data-field]')?.getAttribute('data-field') ?? el?.getAttribute('data-hersys-assist-field') ?? null,
      text: el?.textContent ?? '',
    };
  });
}

async function openNotification(page: Page): Promise<void> {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-status', 'error');
}

test('switching the language to English in Options changes the overlay on an open 発生届 tab without a reload', async ({ context, extensionId, page }) => {
  await openNotification(page);
  const panel = inShadow(page, 'aside.panel');
  await expect(panel.locator('h2').nth(1)).toHaveText('確認が必要な項目');
  await expect(inShadow(page, 'button.toggle')).toHaveText('折りたたむ');
  await expect(panel).toHaveAttribute('lang', 'ja');
  // A marker that a reload would wipe.
  await page.evaluate(() => ((window as unknown as { __stay: number }).__stay = 42));

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('combobox', { name: /Language/ }).selectOption('en');
  await options.getByRole('button', { name: /Save/ }).click();
  await expect(options.getByRole('status')).toHaveText('Saved');
  // The Options page itself follows the saved language.
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('HER-SYS Assist options');
  await expect(options.locator('html')).toHaveAttribute('lang', 'en');

  await expect(panel.locator('h2').nth(1)).toHaveText('Items to check');
  await expect(inShadow(page, 'button.toggle')).toHaveText('Collapse');
  await expect(panel).toHaveAttribute('lang', 'en');
  await expect(inShadow(page, '.counts')).toHaveText(/^\d+ missing · \d+ invalid$/);
  expect(await page.evaluate(() => (window as unknown as { __stay?: number }).__stay)).toBe(42);
  // The read-back under the phone follows too.
  await page.locator('#phone').fill('090-3141-5926');
  await expect(inShadow(page, '.note[data-field="phone"]')).toHaveText('090-3141-5926 · Mobile · SMS will arrive');

  // And back to Japanese.
  await options.getByRole('combobox', { name: /言語|Language/ }).selectOption('ja');
  await options.getByRole('button', { name: /Save|保存/ }).click();
  await expect(panel.locator('h2').nth(1)).toHaveText('確認が必要な項目');
  await expect(inShadow(page, '.note[data-field="phone"]')).toHaveText('090-3141-5926 · 携帯 · SMS が届きます');
  await options.close();
});

test('the observation list follows the language too: panel counts, row markers and their tooltips', async ({ context, page }) => {
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  const mark = inShadow(page, '.mark[data-row="2"]');
  await expect(mark.locator('.mark-btn')).toContainText('緊急');
  await expect(inShadow(page, '.counts')).toHaveText('緊急 3・注意 4・未回答 1');
  await setSettings(context, { language: 'en' });
  await expect(inShadow(page, '.counts')).toHaveText('Critical 3 · Warning 4 · No answer 1');
  await expect(mark.locator('.mark-btn')).toContainText('Critical');
  await expect(mark.locator('.mark-btn')).toHaveAttribute('aria-label', /^Critical: .*SpO₂ below 96% with breathlessness/);
  await mark.locator('.mark-btn').focus();
  await expect(mark.locator('.tip')).toBeVisible();
  await expect(mark.locator('.tip')).toContainText('SpO₂ below 96% with breathlessness');
  await expect(mark.locator('.tip button.ack')).toHaveText('Mark as checked');
  expect(await seriousViolations(page, 'hersys-assist')).toEqual([]);
});

test('axe: the panel, the guard dialog and the confirmation card have no serious or critical violation (ja and en)', async ({ context, page }) => {
  for (const language of ['ja', 'en'] as const) {
    await setSettings(context, { language, confirmBeforeSubmit: false });
    await openNotification(page);
    expect(await seriousViolations(page, 'hersys-assist'), `panel ${language}`).toEqual([]);
    await page.click('#btn-submit');
    await expect(inShadow(page, '[role="alertdialog"]')).toBeVisible();
    expect(await seriousViolations(page, 'hersys-assist'), `dialog ${language}`).toEqual([]);
    await inShadow(page, 'button.override-start').click();
    expect(await seriousViolations(page, 'hersys-assist'), `dialog with reason ${language}`).toEqual([]);
    await page.keyboard.press('Escape');

    await setSettings(context, { confirmBeforeSubmit: true });
    await fill(page, CLEAN_70);
    await page.click('#btn-myhersys');
    await waitForHost(page, 'data-status', 'ok');
    await page.click('#btn-submit');
    await expect(inShadow(page, '[role="dialog"]')).toBeVisible();
    expect(await seriousViolations(page, 'hersys-assist'), `confirmation card ${language}`).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(inShadow(page, '[role="dialog"]')).toHaveCount(0);
  }
});

test('axe: the popup, Options and the audit viewer have no serious or critical violation (ja and en)', async ({ context, extensionId }) => {
  const page = await context.newPage();
  for (const language of ['ja', 'en'] as const) {
    await setSettings(context, { language });
    for (const name of ['popup', 'options', 'audit']) {
      await page.goto(`chrome-extension://${extensionId}/${name}.html`);
      // Scan the loaded page, not its loading state.
      await expect(page.locator('main h1')).toBeVisible({ timeout: 15_000 });
      await expect(page.locator('main')).not.toContainText(/Loading|読み込み中/, { timeout: 15_000 });
      await expect(page.locator('html'), `${name} ${language}`).toHaveAttribute('lang', language);
      await expect(page.locator('main h1')).toHaveText(language === 'en' ? /^(HER-SYS Assist( options)?|Audit log)$/ : /^(HER-SYS Assist( 設定 \/ Options)?|監査ログ \/ Audit log)$/);
      expect(await seriousViolations(page), `${name} ${language}`).toEqual([]);
    }
  }
});

test('keyboard: Tab reaches the panel, Enter jumps to the field; Enter on submit opens the dialog, Escape closes it and focus returns', async ({ page }) => {
  await openNotification(page);
  await page.locator('#btn-submit').focus();
  // Tab onwards from the page's last control into the panel, to a field's jump button.
  let f = await focused(page);
  for (let i = 0; i < 40 && !(f.inShadow && f.cls.includes('jump')); i++) {
    await page.keyboard.press('Tab');
    f = await focused(page);
  }
  expect(f.inShadow && f.cls.includes('jump')).toBe(true);
  const field = f.field;
  expect(field).toBeTruthy();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).field).toBe(field);
  expect((await focused(page)).inShadow).toBe(false);

  // The collapse toggle works by keyboard too.
  await page.locator('#btn-submit').focus();
  for (let i = 0; i < 40 && !(f.inShadow && f.cls.includes('toggle')); i++) {
    await page.keyboard.press('Tab');
    f = await focused(page);
  }
  expect(f.cls).toContain('toggle');
  await page.keyboard.press('Enter');
  await expect(inShadow(page, 'button.toggle')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(inShadow(page, 'button.toggle')).toHaveAttribute('aria-expanded', 'true');

  // Submit by keyboard: the guard dialog takes focus; Escape closes it and focus goes back to the button.
  await page.locator('#btn-submit').focus();
  await page.keyboard.press('Enter');
  const dialog = inShadow(page, '[role="alertdialog"]');
  await expect(dialog).toBeVisible();
  await expect.poll(async () => (await focused(page)).cls).toContain('primary');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await focused(page)).id).toBe('btn-submit');
  expect((await hostState(page))['data-guard']).toBeNull();

  // Again, and this time 理由を入力して提出 by keyboard alone: Tab stays inside the dialog.
  await page.evaluate(() => {
    (window as unknown as { __submits: number }).__submits = 0;
    document.addEventListener('submit', (e) => {
      (window as unknown as { __submits: number }).__submits++;
      e.preventDefault();
    });
  });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 40 && !(f.cls.includes('override-start')); i++) {
    await page.keyboard.press('Tab');
    f = await focused(page);
    expect(f.inShadow).toBe(true);
  }
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).id).toBe('hersys-assist-reason');
  await page.keyboard.type('患者さん来院中のため');
  for (let i = 0; i < 10 && !f.cls.includes('override-submit'); i++) {
    await page.keyboard.press('Tab');
    f = await focused(page);
  }
  expect(f.cls).toContain('override-submit');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __submits: number }).__submits)).toBe(1);
});

test('keyboard: the confirmation card takes focus, Escape returns it to the submit button', async ({ context, page }) => {
  await setSettings(context, { confirmBeforeSubmit: true });
  await openNotification(page);
  await fill(page, CLEAN_70);
  await page.click('#btn-myhersys');
  await waitForHost(page, 'data-status', 'ok');
  await page.locator('#btn-submit').focus();
  await page.keyboard.press('Enter');
  const card = inShadow(page, '[role="dialog"]');
  await expect(card).toBeVisible();
  await expect.poll(async () => (await focused(page)).cls).toContain('primary');
  await page.keyboard.press('Tab');
  expect((await focused(page)).inShadow).toBe(true);
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect.poll(async () => (await focused(page)).id).toBe('btn-submit');
});

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Layout facts of the panel, in CSS pixels of the view. */
async function panelLayout(page: Page, buttons: string[] = ['btn-submit', 'btn-myhersys']) {
  return page.evaluate((ids) => {
    const root = document.querySelector('hersys-assist')!.shadowRoot!;
    const panel = root.querySelector<HTMLElement>('aside.panel')!;
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const style = getComputedStyle(panel);
    const inner = panel.getBoundingClientRect();
    const clipped = [
      // Text that overflows its own box…
      ...[...panel.querySelectorAll<HTMLElement>('li, h2, p, button, span, strong, label')]
        .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline')
        .map((el) => `${el.tagName}.${el.className}: ${el.scrollWidth} > ${el.clientWidth} (${el.textContent?.slice(0, 30)})`),
      // …or a box pushed out sideways (the panel would need a horizontal scroll to show it).
      ...[...panel.querySelectorAll<HTMLElement>('*')]
        .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().width > 0)
        .filter((el) => el.getBoundingClientRect().right > inner.left + panel.clientLeft + panel.clientWidth + 1 || el.getBoundingClientRect().left < inner.left - 1)
        .map((el) => `${el.tagName}.${el.className} sticks out: ${Math.round(el.getBoundingClientRect().right)} > ${Math.round(inner.left + panel.clientLeft + panel.clientWidth)} (${el.textContent?.slice(0, 30)})`),
      ...(panel.scrollWidth > panel.clientWidth + 1 ? [`panel scrolls sideways: ${panel.scrollWidth} > ${panel.clientWidth}`] : []),
    ];
    const submits = ids.map((id) => document.getElementById(id)!).map(box);
    return {
      view: { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
      panel: box(panel),
      scrolls: panel.scrollHeight <= panel.clientHeight || ['auto', 'scroll'].includes(style.overflowY),
      clipped,
      submits,
      border: { style: style.borderTopStyle, width: parseFloat(style.borderTopWidth), color: style.borderTopColor },
    };
  }, buttons);
}

const inside = (b: Box, view: { width: number; height: number }) => b.left >= 0 && b.top >= 0 && b.right <= view.width + 0.5 && b.bottom <= view.height + 0.5;
const overlap = (a: Box, b: Box) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

test('forced colours and 200 % zoom: the panel fits, is not clipped, keeps off the submit button; the dialog buttons stay reachable', async ({ context, page }) => {
  // 200 % zoom of a 1280×900 window: a 640×450 CSS-pixel view drawn at device scale 2.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 640, height: 450, deviceScaleFactor: 2, mobile: false });
  await page.emulateMedia({ forcedColors: 'active' });
  {
    await openNotification(page);
    expect(await page.evaluate(() => [matchMedia('(forced-colors: active)').matches, devicePixelRatio, innerWidth])).toEqual([true, 2, 640]);
    for (const lang of ['ja', 'en'] as const) {
      await setSettings(context, { language: lang });
      await expect(inShadow(page, 'aside.panel')).toHaveAttribute('lang', lang);
      let l = await panelLayout(page);
      expect(l.view.width).toBe(640);
      expect(inside(l.panel, l.view), `panel in view (${lang}): ${JSON.stringify(l.panel)}`).toBe(true);
      expect(l.clipped, lang).toEqual([]);
      expect(l.scrolls, lang).toBe(true);
      // The panel is drawn with a visible system-colour border in forced colours.
      expect(l.border.style).not.toBe('none');
      expect(l.border.width).toBeGreaterThan(0);

      // With the page's buttons in view, the panel covers neither of them.
      await page.locator('#btn-submit').scrollIntoViewIfNeeded();
      await expect
        .poll(async () => {
          l = await panelLayout(page);
          return l.submits.filter((s) => overlap(l.panel, s)).length;
        })
        .toBe(0);
      expect(inside(l.panel, l.view)).toBe(true);

      // The guard dialog: inside the view, and each button visible when reached by Tab.
      await page.locator('#btn-submit').click();
      const dialog = inShadow(page, '[role="alertdialog"]');
      await expect(dialog).toBeVisible();
      await inShadow(page, 'button.override-start').click();
      await expect(inShadow(page, '#hersys-assist-reason')).toBeFocused();
      await page.keyboard.type('説明済み');
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const root = document.querySelector('hersys-assist')!.shadowRoot!;
          const el = root.activeElement as HTMLElement | null;
          if (!el) return null;
          const r = el.getBoundingClientRect();
          const d = root.querySelector('[role="alertdialog"]')!.getBoundingClientRect();
          return { cls: el.className, box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom }, dialog: { left: d.left, top: d.top, right: d.right, bottom: d.bottom } };
        });
        expect(f).not.toBeNull();
        const view = { width: 640, height: 450 };
        expect(inside(f!.dialog, view), `dialog in view: ${JSON.stringify(f!.dialog)}`).toBe(true);
        expect(inside(f!.box, view), `${f!.cls} visible: ${JSON.stringify(f!.box)}`).toBe(true);
        expect(f!.box.bottom <= f!.dialog.bottom + 0.5 && f!.box.top >= f!.dialog.top - 0.5, `${f!.cls} inside the dialog`).toBe(true);
        seen.add(f!.cls);
      }
      expect([...seen]).toEqual(expect.arrayContaining(['primary', 'override-submit', 'jump']));
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
  }
});

test('forced colours and 200 % zoom on the observation list: the panel fits and its text is not clipped', async ({ context, page }) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 640, height: 450, deviceScaleFactor: 2, mobile: false });
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  for (const lang of ['ja', 'en'] as const) {
    await setSettings(context, { language: lang });
    await expect(inShadow(page, 'aside.panel')).toHaveAttribute('lang', lang);
    const l = await panelLayout(page, []);
    expect(inside(l.panel, l.view), `panel in view (${lang}): ${JSON.stringify(l.panel)}`).toBe(true);
    expect(l.clipped, lang).toEqual([]);
    expect(l.scrolls, lang).toBe(true);
    // The row markers keep their word (not colour alone) and stay inside the view.
    const marks = await page.evaluate(() =>
      [...document.querySelector('hersys-assist')!.shadowRoot!.querySelectorAll<HTMLElement>('.mark:not([hidden])')].map((m) => {
        const r = m.getBoundingClientRect();
        const btn = m.querySelector<HTMLElement>('.mark-btn')!;
        return { word: m.querySelector('.word')?.textContent ?? '', left: r.left, right: r.right, clipped: btn.scrollWidth > btn.clientWidth + 1 };
      }),
    );
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) {
      expect(m.word.length).toBeGreaterThan(0);
      expect(m.left >= 0 && m.right <= 640.5, JSON.stringify(m)).toBe(true);
      expect(m.clipped, `${lang} marker “${m.word}” is clipped`).toBe(false);
    }
  }
});

