/**
 * Fail open (issue 8 part 3), in the real browser with the built extension: a fault is
 * injected INTO THE CONTENT SCRIPT — through the DevTools protocol, in the extension's own
 * isolated world, where the page cannot reach and no production code offers a backdoor —
 * and the page must carry on as if the extension were not there:
 *
 *  - the page's own submission goes through (a POST navigation, or the SPA's own handler),
 *  - no guard dialog is left open and the host is not `data-guard="blocked"`,
 *  - no exception escapes from the content script (CDP `Runtime.exceptionThrown` in its world),
 *  - an `extension-error` entry naming the place is written to the audit log.
 *
 * Patching a prototype in the isolated world breaks only the extension's view of the DOM:
 * the page's own scripts (main world) keep their untouched prototypes.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { AuditExport } from '../../shared/audit';
import { openAuditPage } from './audit-page';
import type { AuditPageApi } from './audit-page.entry';
import { expect, HERSYS, serveAtHersys, test } from './fixtures';
import { hostState, waitForHost } from './helpers';

const PAGES: Record<string, string> = {
  '/hersys/basic': 'notification-basic.html',
  '/hersys/spa/form': 'notification-spa.html',
  '/hersys/observation/list': 'observation-list.html',
};

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { isDefault?: boolean; type?: string; frameId?: string };
}

/** The content script's isolated world on `page`, and the exceptions thrown uncaught in it. */
class ContentWorld {
  private constructor(
    private readonly cdp: CDPSession,
    readonly contextId: number,
    private readonly thrown: { text: string; contextId: number | undefined }[],
    private readonly logged: { text: string; contextId: number }[],
  ) {}

  static async attach(context: BrowserContext, page: Page, extensionId: string): Promise<ContentWorld> {
    const cdp = await context.newCDPSession(page);
    const contexts: ExecutionContext[] = [];
    const thrown: { text: string; contextId: number | undefined }[] = [];
    const logged: { text: string; contextId: number }[] = [];
    cdp.on('Runtime.consoleAPICalled', (e: { executionContextId: number; args: { value?: unknown }[] }) =>
      logged.push({ text: e.args.map((a) => String(a.value ?? '')).join(' '), contextId: e.executionContextId }),
    );
    cdp.on('Runtime.executionContextCreated', (e: { context: ExecutionContext }) => contexts.push(e.context));
    cdp.on('Runtime.exceptionThrown', (e: { exceptionDetails: { text: string; executionContextId?: number; exception?: { description?: string } } }) =>
      thrown.push({
        text: `${e.exceptionDetails.text} ${e.exceptionDetails.exception?.description ?? ''}`,
        contextId: e.exceptionDetails.executionContextId,
      }),
    );
    // Enabling the domain reports every context that already exists (the content script ran at document_idle).
    await cdp.send('Runtime.enable');
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const ours = (): ExecutionContext | undefined =>
      contexts.findLast(
        (c) =>
          c.auxData?.type === 'isolated' &&
          c.auxData.frameId === frameTree.frame.id &&
          (c.origin.includes(extensionId) || c.name.includes(extensionId) || c.name.includes('HER-SYS')),
      );
    await expect.poll(() => ours()?.id, { message: 'the extension isolated world' }).toBeDefined();
    return new ContentWorld(cdp, ours()!.id, thrown, logged);
  }

  /** Runs `source` in the content script's world (not the page's). */
  async evaluate(source: string): Promise<unknown> {
    // In a block of its own, ending in `true`: a DOM object as the completion value cannot be returned by value.
    const expression = `{\n${source}\n}\ntrue`;
    const r = (await this.cdp.send('Runtime.evaluate', { expression, contextId: this.contextId, returnByValue: true })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string };
    };
    if (r.exceptionDetails) throw new Error(`evaluation failed in the content world: ${r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** Whether the content script has reported a caught failure at `where` on its console (logError). */
  reported(where: string): boolean {
    return this.logged.some((l) => l.contextId === this.contextId && l.text.includes(`[HER-SYS Assist] ${where}:`));
  }

  /** Uncaught exceptions thrown in the content script's world so far. */
  uncaught(): string[] {
    return this.thrown.filter((t) => t.contextId === this.contextId).map((t) => t.text);
  }
}

type AuditWin = { __hersysAudit: AuditPageApi };

/** `detail.where` of every extension-error entry in the audit log (read in the extension's own page). */
async function extensionErrors(auditPage: Page): Promise<string[]> {
  const doc = await auditPage.evaluate(async () => {
    const store = await (globalThis as unknown as AuditWin).__hersysAudit.AuditStore.open();
    const text = await store.exportJsonText();
    store.close();
    return JSON.parse(text) as AuditExport;
  });
  return doc.entries.filter((e) => e.type === 'extension-error').map((e) => String(e.detail?.where));
}

const dialogShown = (page: Page) =>
  page.evaluate(() => !!document.querySelector('hersys-assist')?.shadowRoot?.querySelector('[role="alertdialog"], [role="dialog"]'));

/** Tells whether `source` is rejected in the content world before the fault is set (the guard works until then). */
async function expectGuardBlocksFirst(page: Page, submit: string, submits: () => Promise<number>) {
  await page.click(submit);
  await expect(page.locator('hersys-assist').locator('[role="alertdialog"]')).toBeVisible();
  expect(await submits()).toBe(0);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialogShown(page)).toBe(false);
  expect((await hostState(page))['data-guard']).toBeNull();
}

const spaSubmits = (page: Page) => page.evaluate(() => (window as unknown as { __submits: number }).__submits);

test.beforeEach(async ({ context }) => {
  await serveAtHersys(context, PAGES);
});

test('a broken form reader: the rescan fails, the blocked 発生届 is submitted anyway (POST) and the error is logged', async ({ page, context, extensionId }) => {
  await page.goto(`${HERSYS}/hersys/basic`);
  await waitForHost(page, 'data-status', 'error');
  const world = await ContentWorld.attach(context, page, extensionId);

  // Every querySelectorAll the content script makes now throws (the page's own is untouched).
  await world.evaluate(`
    for (const P of [Element.prototype, Document.prototype, DocumentFragment.prototype]) {
      P.querySelectorAll = function () { throw new Error('injected fault: reader'); };
    }
  `);
  expect(await page.evaluate(() => document.querySelectorAll('input').length)).toBeGreaterThan(20);
  // The page changes inside the form (a rescan), and the user types.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = '入力内容を一時保存しました';
    document.getElementById('notification-form')!.prepend(p);
  });
  // The rescan (debounced) has met the fault before the user goes on.
  await expect.poll(() => world.reported('notification.refresh'), { timeout: 10_000 }).toBe(true);
  await page.locator('#phone').pressSequentially('0901');
  await page.waitForTimeout(200);
  expect((await hostState(page))['data-status']).toBe('error'); // still the last good reading on screen

  // The form has errors, but the reader cannot read it now: the page's own POST goes out.
  const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/hersys/basic', { timeout: 10_000 });
  await page.click('#btn-submit');
  const request = await posted;
  expect(request.postData() ?? '').toContain('phone=0901');
  await page.waitForLoadState('domcontentloaded');

  expect(world.uncaught()).toEqual([]);
  const audit = await openAuditPage(context, extensionId);
  await expect.poll(() => extensionErrors(audit), { timeout: 10_000 }).toEqual(expect.arrayContaining(['notification.refresh', 'guard.click']));
});

test('a broken value read on a form-less SPA: typing is logged, the click submit reaches the page, no dialog is left', async ({ page, context, extensionId }) => {
  await page.goto(`${HERSYS}/hersys/spa/form`);
  await waitForHost(page, 'data-status', 'error');
  await expectGuardBlocksFirst(page, '#btn-submit', () => spaSubmits(page));
  const world = await ContentWorld.attach(context, page, extensionId);

  // Reading any text box's value throws in the content script (typing, then the guard's re-read).
  await world.evaluate(`
    for (const P of [HTMLInputElement.prototype, HTMLTextAreaElement.prototype, HTMLSelectElement.prototype]) {
      const d = Object.getOwnPropertyDescriptor(P, 'value');
      Object.defineProperty(P, 'value', { ...d, get() { throw new Error('injected fault: value'); } });
    }
  `);
  await page.locator('#phone').pressSequentially('090');
  await expect.poll(() => page.evaluate(() => (document.getElementById('phone') as HTMLInputElement).value)).toBe('090');
  await page.click('#btn-submit');
  await expect.poll(() => spaSubmits(page)).toBe(1);
  await expect(page.locator('#result')).toHaveText('発生届を受け付けました（1）');
  expect(await dialogShown(page)).toBe(false);
  expect((await hostState(page))['data-guard']).toBeNull();

  expect(world.uncaught()).toEqual([]);
  const audit = await openAuditPage(context, extensionId);
  await expect.poll(() => extensionErrors(audit), { timeout: 10_000 }).toEqual(expect.arrayContaining(['notification.refresh', 'guard.click']));
});

test("a fault in the guard's click handler: the SPA's own submit handler runs once and the fault is logged", async ({ page, context, extensionId }) => {
  await page.goto(`${HERSYS}/hersys/spa/form`);
  await waitForHost(page, 'data-status', 'error');
  await expectGuardBlocksFirst(page, '#btn-submit', () => spaSubmits(page));
  const world = await ContentWorld.attach(context, page, extensionId);

  // Any click event's target throws when our listeners read it.
  await world.evaluate(`
    const d = Object.getOwnPropertyDescriptor(Event.prototype, 'target');
    Object.defineProperty(Event.prototype, 'target', {
      ...d,
      get() { if (this.type === 'click') throw new Error('injected fault: guard click'); return d.get.call(this); },
    });
  `);
  await page.click('#btn-submit');
  await expect.poll(() => spaSubmits(page)).toBe(1);
  await page.waitForTimeout(300);
  expect(await spaSubmits(page)).toBe(1); // exactly once
  expect(await dialogShown(page)).toBe(false);
  expect((await hostState(page))['data-guard']).toBeNull();

  // Every listener that reads the click (the guard's and the feature's) caught it: nothing escaped.
  expect(world.uncaught()).toEqual([]);
  const audit = await openAuditPage(context, extensionId);
  await expect.poll(() => extensionErrors(audit), { timeout: 10_000 }).toEqual(expect.arrayContaining(['guard.click', 'notification.click']));
});

test('the guard dialog fails to open after the click was held: the click is re-issued once, nothing stays blocked', async ({ page, context, extensionId }) => {
  await page.goto(`${HERSYS}/hersys/spa/form`);
  await waitForHost(page, 'data-status', 'error');
  const world = await ContentWorld.attach(context, page, extensionId);

  // Inserting the alert dialog into our shadow root throws (the render after the hold).
  await world.evaluate(`
    const isDialog = (n) => n instanceof Element && (n.matches('[role=alertdialog]') || !!n.querySelector('[role=alertdialog]'));
    const ins = Node.prototype.insertBefore;
    Node.prototype.insertBefore = function (n, ref) { if (isDialog(n)) throw new Error('injected fault: dialog'); return ins.call(this, n, ref); };
    const app = Node.prototype.appendChild;
    Node.prototype.appendChild = function (n) { if (isDialog(n)) throw new Error('injected fault: dialog'); return app.call(this, n); };
  `);
  await page.click('#btn-submit');
  await expect.poll(() => spaSubmits(page)).toBe(1);
  await page.waitForTimeout(300);
  expect(await spaSubmits(page)).toBe(1);
  expect(await dialogShown(page)).toBe(false);
  expect((await hostState(page))['data-guard']).toBeNull();

  expect(world.uncaught()).toEqual([]);
  const audit = await openAuditPage(context, extensionId);
  await expect.poll(() => extensionErrors(audit), { timeout: 10_000 }).toContain('guard.click');
});

test('a broken observation reader: new rows and a replaced table are logged, the page keeps working', async ({ page, context, extensionId }) => {
  await page.goto(`${HERSYS}/hersys/observation/list`);
  await waitForHost(page, 'data-page', 'observation-list');
  await expect.poll(() => page.evaluate(() => document.getElementById('p1')?.getAttribute('data-hersys-assist-alert'))).toBe('warning');
  const world = await ContentWorld.attach(context, page, extensionId);

  // The reader's row access throws in the content script.
  await world.evaluate(`
    for (const [P, k] of [[HTMLTableRowElement.prototype, 'cells'], [HTMLTableElement.prototype, 'rows'], [HTMLTableElement.prototype, 'tHead']]) {
      const d = Object.getOwnPropertyDescriptor(P, k);
      Object.defineProperty(P, k, { ...d, get() { throw new Error('injected fault: observation reader'); } });
    }
  `);
  // The list grows by a row (incremental update), then the page swaps the whole table (rescan).
  await page.evaluate(() => {
    const body = document.querySelector('table tbody')!;
    const row = body.querySelector('tr')!.cloneNode(true) as HTMLTableRowElement;
    row.id = 'p11';
    body.append(row);
  });
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const table = document.querySelector('table')!;
    table.replaceWith(table.cloneNode(true));
  });
  await page.waitForTimeout(500);

  // The page's own filter form still submits, and its own script still reads the table.
  await page.evaluate(() => {
    const w = window as unknown as { __filterSubmits: number };
    w.__filterSubmits = 0;
    document.getElementById('filter')!.addEventListener('submit', (e) => {
      w.__filterSubmits++;
      e.preventDefault();
    });
  });
  await page.click('#filter button[type="submit"]');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __filterSubmits: number }).__filterSubmits)).toBe(1);
  expect(await page.evaluate(() => (document.querySelector('table') as HTMLTableElement).rows.length)).toBeGreaterThan(10);

  expect(world.uncaught()).toEqual([]);
  const audit = await openAuditPage(context, extensionId);
  await expect.poll(() => extensionErrors(audit), { timeout: 10_000 }).toEqual(expect.arrayContaining(['observation.update', 'observation.scan']));
});
