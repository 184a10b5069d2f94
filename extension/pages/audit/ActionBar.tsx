/**
 * The bar above the entries: what comes before the spacer (the pager), then what can be done
 * with the whole log — JSON export (the whole chain, verifiable with `hersys-assist audit
 * verify`), CSV export (UTF-8 with BOM for Excel) and the in-browser chain check, whose result
 * shows below the bar. One action at a time.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { verifyExport, type AuditExport } from '../../../shared/audit';
import type { MessageKey, Translate } from '../../../shared/i18n';
import type { AuditStore } from '../../audit/store';
import { stamp } from './time';

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ActionBar({ store, t, children }: { store: AuditStore | null; t: Translate; children: ComponentChildren }) {
  const [busy, setBusy] = useState<string | null>(null);
  // Kept as a key and its substitutions, so a language switch re-words it.
  const [message, setMessage] = useState<{ ok: boolean; key: MessageKey; subs?: (string | number)[] } | null>(null);

  /** The whole log as JSON (the chain) or CSV, named by the time of the export. */
  const exportAs = async (kind: 'json' | 'csv') => {
    if (!store) return;
    setBusy(kind);
    try {
      download(kind === 'json' ? await store.exportJson() : await store.exportCsv(), `hersys-assist-audit-${stamp(new Date())}.${kind}`);
    } finally {
      setBusy(null);
    }
  };
  const verify = async () => {
    if (!store) return;
    setBusy('verify');
    setMessage({ ok: true, key: 'audit_verifying' });
    try {
      const doc = JSON.parse(await store.exportJsonText()) as AuditExport;
      const r = verifyExport(doc);
      setMessage(
        r.ok
          ? { ok: true, key: 'audit_verified', subs: [r.count] }
          : { ok: false, key: 'audit_verifyFailed', subs: [r.index + 1, r.id ?? '?', r.reason] },
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div class="row">
        {children}
        <span class="spacer" />
        <button type="button" onClick={() => exportAs('json')} disabled={!store || busy !== null} data-testid="export-json">
          {t('audit_exportJson')}
        </button>
        <button type="button" onClick={() => exportAs('csv')} disabled={!store || busy !== null} data-testid="export-csv">
          {t('audit_exportCsv')}
        </button>
        <button type="button" onClick={verify} disabled={!store || busy !== null}>
          {t('audit_verify')}
        </button>
      </div>
      {message && (
        <p role="status" class={message.ok ? 'ok' : 'error'}>
          {t(message.key, ...(message.subs ?? []))}
        </p>
      )}
    </>
  );
}
