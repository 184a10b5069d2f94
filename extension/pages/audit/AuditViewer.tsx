/**
 * The audit log viewer (audit.html): filters (period, event type, tier, real/training —
 * training hidden by default), 100 entries per page read straight from the index (never the
 * whole log), counts per day as a small bar chart, JSON export (the whole chain, verifiable
 * with `hersys-assist audit verify`) and CSV export (UTF-8 with BOM for Excel), and an
 * in-browser chain check. Read-only: the background is the only writer.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AUDIT_EVENT_TYPES, verifyExport, type AuditEntry, type AuditEventType, type AuditExport } from '../../../shared/audit';
import { AUDIT_NOTICE_KEY } from '../../background/audit-service';
import { AuditStore, type AuditFilter, type PageToken } from '../../audit/store';
import type { AuditNotice } from '../../audit/store';
import type { MessageKey, Translate } from '../../../shared/i18n';
import { useLanguage } from '../common/use-language';

const PAGE_SIZE = 100;
const CHART_DEFAULT_DAYS = 30;
const CHART_MAX_DAYS = 366;

/** Event types → catalogue keys of their names. */
export const TYPE_KEY: Record<AuditEventType, MessageKey> = {
  'form-evaluated': 'audit_type_formEvaluated',
  'submit-blocked': 'audit_type_submitBlocked',
  'submit-overridden': 'audit_type_submitOverridden',
  'submit-clean': 'audit_type_submitClean',
  'alert-raised': 'audit_type_alertRaised',
  'alert-acknowledged': 'audit_type_alertAcknowledged',
  'settings-changed': 'audit_type_settingsChanged',
  'extension-error': 'audit_type_extensionError',
  'retention-purge': 'audit_type_retentionPurge',
};

/** Tiers and alert levels (the `tier` of an entry) → catalogue keys of their names. */
export const TIER_KEY: Record<string, MessageKey> = {
  hospital: 'audit_tier_hospital',
  priority: 'audit_tier_priority',
  interview: 'audit_tier_interview',
  standard: 'audit_tier_standard',
  unknown: 'audit_tier_unknown',
  none: 'audit_tier_none',
  critical: 'audit_tier_critical',
  warning: 'audit_tier_warning',
  unanswered: 'audit_tier_unanswered',
};

type TrainingFilter = NonNullable<AuditFilter['training']>;

interface FormState {
  from: string; // YYYY-MM-DD (local) or ''
  to: string;
  type: AuditEventType | '';
  tier: string;
  training: TrainingFilter;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A local calendar date as YYYY-MM-DD. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
/** Local midnight of a YYYY-MM-DD date, plus `days`. */
function localMidnight(ymd: string, days = 0): Date {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days);
}
function localTime(iso: string): string {
  const d = new Date(iso);
  return `${localDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The store filter for the form: `to` is inclusive in the form (the whole day). */
export function toFilter(f: FormState): AuditFilter {
  const out: AuditFilter = { training: f.training };
  if (f.from) out.from = localMidnight(f.from).toISOString();
  if (f.to) out.to = localMidnight(f.to, 1).toISOString();
  if (f.type) out.type = f.type;
  if (f.tier) out.tier = f.tier;
  return out;
}

/** The days the chart shows: the filter's period (at most a year), else the last 30 days. */
export function chartDays(f: FormState, today: Date): string[] {
  const end = f.to || localDate(today);
  let start = f.from || localDate(localMidnight(end, -(CHART_DEFAULT_DAYS - 1)));
  if (start > end) return [];
  const span = Math.round((localMidnight(end).getTime() - localMidnight(start).getTime()) / 86_400_000) + 1;
  if (span > CHART_MAX_DAYS) start = localDate(localMidnight(end, -(CHART_MAX_DAYS - 1)));
  const days: string[] = [];
  for (let d = start; d <= end; d = localDate(localMidnight(d, 1))) days.push(d);
  return days;
}

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

function stamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

export function AuditViewer() {
  const { lang, t } = useLanguage('audit_pageTitle');
  const [store, setStore] = useState<AuditStore | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [form, setForm] = useState<FormState>({ from: '', to: '', type: '', tier: '', training: 'real' });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [stats, setStats] = useState<{ count: number; first: AuditEntry | null; last: AuditEntry | null } | null>(null);
  // Page k starts after tokens[k-1] (tokens[0] = null: the newest).
  const [tokens, setTokens] = useState<(PageToken | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const [next, setNext] = useState<PageToken | null>(null);
  const [counts, setCounts] = useState<{ days: string[]; counts: number[] } | null>(null);
  const [notice, setNotice] = useState<AuditNotice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Kept as a key and its substitutions, so a language switch re-words it.
  const [message, setMessage] = useState<{ ok: boolean; key: MessageKey; subs?: (string | number)[] } | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const filter = useMemo(() => toFilter(form), [form]);

  useEffect(() => {
    let s: AuditStore | null = null;
    AuditStore.open()
      .then((opened) => {
        s = opened;
        setStore(opened);
      })
      .catch((e: unknown) => setOpenError(e instanceof Error ? e.message : String(e)));
    browser.storage.local
      .get(AUDIT_NOTICE_KEY)
      .then((got) => setNotice((got[AUDIT_NOTICE_KEY] as AuditNotice | undefined) ?? null))
      .catch(() => undefined);
    return () => s?.close();
  }, []);

  // A new filter starts again at the newest page.
  useEffect(() => {
    setTokens([null]);
    setPageIndex(0);
  }, [filter]);

  // The page of rows first; the counts (which touch the whole index) only once it is shown.
  const listing = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    if (!store) return;
    let live = true;
    const p = store.list(filter, { limit: PAGE_SIZE, after: tokens[pageIndex] ?? null }).then(
      (page) => {
        if (!live) return;
        setEntries(page.entries);
        setNext(page.next);
      },
      () => live && setEntries([]),
    );
    listing.current = p;
    return () => {
      live = false;
    };
  }, [store, filter, tokens, pageIndex]);

  const countsGeneration = useRef(0);
  const refreshCounts = useCallback(() => {
    if (!store) return;
    const generation = ++countsGeneration.current;
    const current = () => generation === countsGeneration.current;
    void (async () => {
      await listing.current;
      const days = chartDays(form, new Date());
      const bounds = days.length ? [...days.map((d) => localMidnight(d).toISOString()), localMidnight(days[days.length - 1]!, 1).toISOString()] : [];
      try {
        const c = await store.countsPerDay({ ...filter, from: undefined, to: undefined }, bounds);
        if (current()) setCounts({ days, counts: c });
        const total = await store.count(filter);
        if (current()) setTotal(total);
        const s = await store.stats();
        if (current()) setStats(s);
      } catch {
        if (current()) setTotal(null);
      }
    })();
  }, [store, filter, form]);
  useEffect(refreshCounts, [refreshCounts]);

  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const goNext = () => {
    if (!next) return;
    setTokens((t) => [...t.slice(0, pageIndex + 1), next]);
    setPageIndex((i) => i + 1);
    tableRef.current?.focus();
  };
  const goPrev = () => {
    setPageIndex((i) => Math.max(0, i - 1));
    tableRef.current?.focus();
  };
  const goNewest = () => {
    setTokens([null]);
    setPageIndex(0);
    refreshCounts();
  };

  const exportJson = async () => {
    if (!store) return;
    setBusy('json');
    try {
      download(await store.exportJson(), `hersys-assist-audit-${stamp(new Date())}.json`);
    } finally {
      setBusy(null);
    }
  };
  const exportCsv = async () => {
    if (!store) return;
    setBusy('csv');
    try {
      download(await store.exportCsv(), `hersys-assist-audit-${stamp(new Date())}.csv`);
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
  const dismissNotice = async () => {
    setNotice(null);
    try {
      await browser.storage.local.remove(AUDIT_NOTICE_KEY);
      await browser.action.setBadgeText({ text: '' });
    } catch {
      // nothing to clear
    }
  };

  if (openError) {
    return (
      <main lang={lang}>
        <h1>{t('popup_audit')}</h1>
        <p class="error" role="alert">
          {t('audit_openError', openError)}
        </p>
      </main>
    );
  }

  return (
    <main lang={lang} class="audit">
      <h1>{t('popup_audit')}</h1>
      <p class="muted">{t('audit_privacy')}</p>
      {notice && (
        <div class="notice" role="alert">
          {t('audit_purged', notice.removed, localTime(notice.at))}{' '}
          <button type="button" onClick={dismissNotice}>
            {t('audit_dismiss')}
          </button>
        </div>
      )}
      {stats && (
        <p class="muted" data-testid="stats">
          {t('audit_stats', stats.count)}
          {stats.first && stats.last && ` · ${localTime(stats.first.time)} – ${localTime(stats.last.time)}`}
          {stats.last && (
            <>
              {' '}
              · {t('audit_headHash')}: <code title={stats.last.hash}>{stats.last.hash.slice(0, 16)}…</code>
            </>
          )}
        </p>
      )}

      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('audit_filters')}>
        <label>
          {t('audit_from')}
          <input type="date" name="from" value={form.from} onChange={(e) => set({ from: e.currentTarget.value })} />
        </label>
        <label>
          {t('audit_to')}
          <input type="date" name="to" value={form.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </label>
        <label>
          {t('audit_event')}
          <select name="type" value={form.type} onChange={(e) => set({ type: e.currentTarget.value as FormState['type'] })}>
            <option value="">{t('audit_all')}</option>
            {AUDIT_EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(TYPE_KEY[type])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit_tierOrAlert')}
          <select name="tier" value={form.tier} onChange={(e) => set({ tier: e.currentTarget.value })}>
            <option value="">{t('audit_all')}</option>
            {Object.entries(TIER_KEY).map(([k, v]) => (
              <option key={k} value={k}>
                {t(v)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit_training')}
          <select name="training" value={form.training} onChange={(e) => set({ training: e.currentTarget.value as TrainingFilter })}>
            <option value="real">{t('audit_realOnly')}</option>
            <option value="training">{t('audit_trainingOnly')}</option>
            <option value="all">{t('audit_all')}</option>
          </select>
        </label>
        <button type="button" onClick={() => setForm({ from: '', to: '', type: '', tier: '', training: 'real' })}>
          {t('audit_clear')}
        </button>
      </form>

      {counts && <DayChart days={counts.days} counts={counts.counts} t={t} />}

      <div class="row">
        <span role="status" data-testid="summary">
          {total === null ? '…' : t('audit_total', total)} · {t('audit_pageNumber', pageIndex + 1)}
        </span>
        <button type="button" onClick={goNewest}>
          {t('audit_newest')}
        </button>
        <button type="button" onClick={goPrev} disabled={pageIndex === 0}>
          {t('audit_newer')}
        </button>
        <button type="button" onClick={goNext} disabled={!next}>
          {t('audit_older')}
        </button>
        <span class="spacer" />
        <button type="button" onClick={exportJson} disabled={!store || busy !== null} data-testid="export-json">
          {t('audit_exportJson')}
        </button>
        <button type="button" onClick={exportCsv} disabled={!store || busy !== null} data-testid="export-csv">
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

      <table ref={tableRef} tabIndex={-1} class="entries" aria-describedby="entries-caption">
        <caption id="entries-caption">{t('audit_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">{t('audit_colTime')}</th>
            <th scope="col">{t('audit_event')}</th>
            <th scope="col">{t('popup_page')}</th>
            <th scope="col">{t('popup_tier')}</th>
            <th scope="col">{t('audit_colReasons')}</th>
            <th scope="col">{t('audit_colTypedReason')}</th>
            <th scope="col">{t('audit_colPerson')}</th>
            <th scope="col">{t('audit_colDetail')}</th>
          </tr>
        </thead>
        <tbody>
          {entries === null && (
            <tr>
              <td colSpan={9}>{t('page_loading')}</td>
            </tr>
          )}
          {entries?.length === 0 && (
            <tr>
              <td colSpan={9}>{t('audit_noEntries')}</td>
            </tr>
          )}
          {entries?.map((e) => (
            <tr key={e.id} data-id={e.id} data-type={e.type} class={e.training ? 'training' : undefined}>
              <td>{e.id}</td>
              <td>
                <time dateTime={e.time}>{localTime(e.time)}</time>
                {e.training && <span class="tag">{t('audit_trainingTag')}</span>}
              </td>
              <td>{TYPE_KEY[e.type] ? t(TYPE_KEY[e.type]) : e.type}</td>
              <td>{e.page ?? '—'}</td>
              <td>{e.tier ? (TIER_KEY[e.tier] ? t(TIER_KEY[e.tier]!) : e.tier) : '—'}</td>
              <td>
                {[...e.reasons, ...e.problems.map((p) => `${p.field}:${p.code}`)].join(' ') || '—'}
                {e.rulesetVersion && <div class="muted">{e.rulesetVersion}</div>}
              </td>
              <td>{e.reason ?? '—'}</td>
              <td>{e.person ? <code title={e.person}>{e.person.slice(0, 8)}</code> : '—'}</td>
              <td>{e.detail ? Object.entries(e.detail).map(([k, v]) => `${k}=${String(v)}`).join(' ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

/** Counts per day as inline SVG bars; each bar has a title, and the totals are in the label. */
function DayChart({ days, counts, t }: { days: string[]; counts: number[]; t: Translate }) {
  const max = Math.max(1, ...counts);
  const sum = counts.reduce((a, b) => a + b, 0);
  const w = 640;
  const h = 90;
  const bw = days.length ? w / days.length : w;
  return (
    <figure class="chart">
      <figcaption>
        {t('audit_chartCaption', days[0] ?? '', days[days.length - 1] ?? '', sum)}
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h + 14}`} width="100%" height={h + 14} role="img" aria-label={t('audit_chartLabel', sum)}>
        {counts.map((c, i) => {
          const bh = Math.round((c / max) * h);
          return (
            <g key={days[i]} data-day={days[i]} data-count={c}>
              <title>{`${days[i]}: ${c}`}</title>
              <rect x={i * bw + 1} y={h - bh} width={Math.max(1, bw - 2)} height={bh} fill="#1a73e8" />
            </g>
          );
        })}
        <line x1="0" y1={h} x2={w} y2={h} stroke="#999" />
        <text x="0" y={h + 12} font-size="10" fill="#555">
          {days[0] ?? ''}
        </text>
        <text x={w} y={h + 12} font-size="10" fill="#555" text-anchor="end">
          {days[days.length - 1] ?? ''}
        </text>
        <text x="2" y="10" font-size="10" fill="#555">
          {max}
        </text>
      </svg>
    </figure>
  );
}
