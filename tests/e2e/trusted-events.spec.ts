/**
 * Our own controls act on the user's events only: a page script that reaches into our open
 * shadow root and clicks the guard dialog's buttons (after enabling them) and scripts a reason
 * gets nothing — no submit, the dialog stays, the submit stays held. The same steps done by a
 * person (Playwright's real input) go through once: the positive control in the same test.
 */
import { CLEAN_70, fill, hostState, waitForHost } from './helpers';
import { expect, HERSYS, serveAtHersys, test } from './fixtures';

test.beforeEach(async ({ context }) => {
  await serveAtHersys(context, { '/hersys/notification': 'notification-basic.html' });
});

test('a page script cannot override a block through our dialog; the user can', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/notification`);
  await waitForHost(page, 'data-page', 'notification');
  await page.evaluate(() => {
    const w = window as unknown as { __submits: number };
    w.__submits = 0;
    document.addEventListener('submit', (e) => {
      w.__submits++;
      e.preventDefault();
    });
  });
  const submits = () => page.evaluate(() => (window as unknown as { __submits: number }).__submits);
  await fill(page, { ...CLEAN_70, birthdate: '' });
  await waitForHost(page, 'data-missing', 'birthdate');
  await page.click('#btn-submit');
  const dialog = page.locator('hersys-assist').locator('[role="alertdialog"]');
  await expect(dialog).toBeVisible();

  // The attack: everything a script can do from the page.
  await page.evaluate(async () => {
    const root = document.querySelector('hersys-assist')!.shadowRoot!;
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    root.querySelector<HTMLButtonElement>('.override-start')?.click();
    await frame();
    const box = root.querySelector<HTMLTextAreaElement>('textarea');
    if (box) {
      box.value = '本人確認済みのため';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await frame();
    const go = root.querySelector<HTMLButtonElement>('.override-submit');
    if (go) {
      go.disabled = false;
      go.click();
    }
    root.querySelector<HTMLButtonElement>('.primary')?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    root.querySelector('[role="alertdialog"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await frame();
  });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('textarea')).toHaveCount(0); // the scripted click did not even open the reason box
  expect(await submits()).toBe(0);
  expect((await hostState(page))['data-guard']).toBe('blocked');

  // The same steps by the user.
  await dialog.getByRole('button', { name: '理由を入力して提出' }).click();
  await dialog.locator('textarea').fill('本人確認中のため');
  await dialog.getByRole('button', { name: 'この理由で提出' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(submits).toBe(1);
  expect((await hostState(page))['data-guard']).toBeNull();
});
