/**
 * Drives a page that carries our overlay: fills 発生届 fields the way a user would (found
 * by our `data-hersys-assist-field` marks) and reads the `<hersys-assist>` host's state.
 * Used by the browser tests and by the demo (`npm start`).
 */
import type { Page } from '@playwright/test';
import { formatISO, parseDate, parseYearMonth } from '../shared/dates';
import type { RawRecord } from '../shared/evaluate';

/** Answers a field found by our `data-hersys-assist-field` mark: radios/checkboxes by option text, selects by option text, inputs by typing. */
export async function answer(page: Page, field: string, value: string): Promise<void> {
  const sel = `[data-hersys-assist-field="${field}"]`;
  const kind = await page.evaluate(
    ({ sel, value }) => {
      const els = [...document.querySelectorAll<HTMLElement>(sel)];
      const first = els[0];
      if (!first) return { kind: 'none' as const, index: -1 };
      if (first instanceof HTMLSelectElement) {
        // By option text, compatibility-normalised: 中等症II finds 中等症Ⅱ, ２回 finds 2回.
        const want = value.normalize('NFKC').replace(/\s+/g, '');
        const index = [...first.options].findIndex((o) => (o.textContent ?? '').normalize('NFKC').replace(/\s+/g, '') === want);
        return { kind: 'select' as const, index: value === '' ? 0 : index };
      }
      if (first instanceof HTMLInputElement && (first.type === 'date' || first.type === 'month')) return { kind: first.type, index: 0 };
      if (first instanceof HTMLInputElement && (first.type === 'radio' || first.type === 'checkbox')) {
        // The option's visible text: its label(s), a wrapping label, or the text right after it.
        const text = (el: HTMLInputElement) =>
          [...(el.labels ?? [])].map((l) => l.textContent ?? '').join('').trim() ||
          (el.closest('label')?.textContent ?? '').trim() ||
          (el.nextSibling?.nodeType === Node.TEXT_NODE ? (el.nextSibling.textContent ?? '').trim().split(/\s+/)[0] ?? '' : '') ||
          el.value;
        const index = els.findIndex((el) => text(el as HTMLInputElement).normalize('NFKC') === value.normalize('NFKC'));
        return { kind: 'choice' as const, index };
      }
      return { kind: 'text' as const, index: 0 };
    },
    { sel, value },
  );
  const loc = page.locator(sel);
  if (kind.kind === 'none') throw new Error(`field ${field} is not marked on the page`);
  if (kind.kind === 'select') {
    if (kind.index < 0) throw new Error(`field ${field} has no option ${value}`);
    await loc.first().selectOption({ index: kind.index });
  } else if (kind.kind === 'choice') {
    if (value === '') return; // left unanswered
    if (kind.index < 0) throw new Error(`field ${field} has no option ${value}`);
    await loc.nth(kind.index).check();
  } else if (kind.kind === 'date' || kind.kind === 'month') {
    // A date control takes ISO text: convert what a person would type (和暦, slashes, full width).
    const d = parseDate(value);
    const ym = parseYearMonth(value);
    const iso = kind.kind === 'date' ? (d.ok ? formatISO(d.value) : '') : ym.ok ? `${ym.value.y}-${String(ym.value.m).padStart(2, '0')}` : '';
    await loc.first().fill(iso);
  } else {
    await loc.first().fill(value);
  }
}

export async function fill(page: Page, record: RawRecord): Promise<void> {
  for (const [field, value] of Object.entries(record)) if (field !== 'id' && value !== undefined) await answer(page, field, value);
}

export async function hostState(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate(() => {
    const hosts = document.querySelectorAll('hersys-assist');
    const h = hosts[0];
    if (!h) return { count: '0' };
    const out: Record<string, string | null> = { count: String(hosts.length) };
    for (const a of ['data-page', 'data-status', 'data-tier', 'data-missing', 'data-invalid', 'data-unseen', 'data-guard']) out[a] = h.getAttribute(a);
    out.status = h.shadowRoot?.querySelector('[role="status"]')?.textContent ?? null;
    out.shadowMode = h.shadowRoot ? 'open' : 'closed';
    return out;
  });
}

/** Waits until our host shows the given attribute value. */
export async function waitForHost(page: Page, attr: string, value: string | RegExp): Promise<void> {
  await page.waitForFunction(
    ({ attr, src, flags }) => {
      const v = document.querySelector('hersys-assist')?.getAttribute(attr);
      return v != null && new RegExp(src, flags).test(v);
    },
    typeof value === 'string' ? { attr, src: `^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, flags: '' } : { attr, src: value.source, flags: value.flags },
  );
}

