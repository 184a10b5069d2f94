/** Page helpers for the browser tests: fill fields the way a user would, read our host's state. */
import type { Page } from '@playwright/test';
import type { RawRecord } from '../../shared/evaluate';

/** Answers a field found by our `data-hersys-assist-field` mark: radios/checkboxes by option text, selects by option text, inputs by typing. */
export async function answer(page: Page, field: string, value: string): Promise<void> {
  const sel = `[data-hersys-assist-field="${field}"]`;
  const kind = await page.evaluate(
    ({ sel, value }) => {
      const els = [...document.querySelectorAll<HTMLElement>(sel)];
      const first = els[0];
      if (!first) return { kind: 'none' as const, index: -1 };
      if (first instanceof HTMLSelectElement) return { kind: 'select' as const, index: 0 };
      if (first instanceof HTMLInputElement && (first.type === 'radio' || first.type === 'checkbox')) {
        const text = (el: HTMLInputElement) =>
          [...(el.labels ?? [])].map((l) => l.textContent ?? '').join('').trim() || (el.closest('label')?.textContent ?? '').trim() || el.value;
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
    await loc.first().selectOption({ label: value });
  } else if (kind.kind === 'choice') {
    if (kind.index < 0) throw new Error(`field ${field} has no option ${value}`);
    await loc.nth(kind.index).check();
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
    for (const a of ['data-page', 'data-status', 'data-tier', 'data-missing', 'data-invalid', 'data-guard']) out[a] = h.getAttribute(a);
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

/** A complete, clean 発生届 for a 70-year-old man: tier priority (AGE_65_PLUS), no error. */
export const CLEAN_70: RawRecord = {
  'patient-type': '患者（確定例）',
  'diagnosis-method': 'PCR検査',
  'specimen-date': '2022/02/08',
  'diagnosis-date': '2022/02/09',
  'onset-date': '2022/02/07',
  'vaccine-doses': '3回',
  'vaccine-date': '2021/12',
  'risk-any': '無',
  immunosuppressed: '無',
  severity: '軽症',
  'hospitalization-needed': '無',
  'hospitalized-now': '無',
  sex: '男',
  phone: '090-3141-5926',
  birthdate: '1951/06/15',
};
