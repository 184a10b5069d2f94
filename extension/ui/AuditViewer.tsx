/**
 * The audit log viewer (audit.html): filters (period, event type, tier, real/training —
 * training hidden by default), 100 entries per page read straight from the index (never the
 * whole log), counts per day as a small bar chart, JSON export (the whole chain, verifiable
 * with `hersys-assist audit verify`) and CSV export (UTF-8 with BOM for Excel), and an
 * in-browser chain check. Read-only: the background is the only writer.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AUDIT_EVENT_TYPES, verifyExport, type AuditEntry, type AuditEventType, type AuditExport } from '../../shared/audit';
import { AUDIT_NOTICE_KEY } from '../audit-service';
import { AuditStore, type AuditFilter, type PageToken } from '../audit-store';
import type { AuditNotice } from '../audit-store';

const PAGE_SIZE = 100;
const CHART_DEFAULT_DAYS = 30;
const CHART_MAX_DAYS = 366;

export const TYPE_LABEL: Record<AuditEventType, string> = {
  'form-evaluated': '入力の判定 / Form evaluated',
  'submit-blocked': '提出を保留 / Submit held back',
  'submit-overridden': '理由付きで提出 / Submitted with a reason',
  'submit-clean': '提出（問題なし） / Submitted clean',
  'alert-raised': '警告を表示 / Alert raised',
  'alert-acknowledged': '警告を確認 / Alert acknowledged',
  'settings-changed': '設定の変更 / Settings changed',
  'extension-error': '拡張機能のエラー / Extension error',
  'retention-purge': '保存期間による削除 / Retention purge',
};

export const TIER_LABEL: Record<string, string> = {
  hospital: '入院 / Hospital',
  priority: '重点観察 / Priority',
  interview: '要聴取 / Interview',
  standard: '通常観察 / Standard',
  unknown: '判定不可 / Unknown',
  none: '対象外 / None',
  critical: '重大 / Critical',
  warning: '注意 / Warning',
  unanswered: '未回答 / Unanswered',
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
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
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
    setMessage({ ok: true, text: '検証中… / Verifying…' });
    try {
      const doc = JSON.parse(await store.exportJsonText()) as AuditExport;
      const r = verifyExport(doc);
      setMessage(
        r.ok
          ? { ok: true, text: `検証しました: ${r.count} 件、連鎖は正常です / Verified: ${r.count} entries, the chain is intact` }
          : { ok: false, text: `検証に失敗しました / Verification failed: entry #${r.index + 1} (id ${r.id ?? '?'}): ${r.reason}` },
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
      <main lang="ja">
        <h1>監査ログ / Audit log</h1>
        <p class="error" role="alert">
          監査ログを開けませんでした / Could not open the audit log: {openError}
        </p>
      </main>
    );
  }

  return (
    <main lang="ja" class="audit">
      <h1>監査ログ / Audit log</h1>
      <p class="muted">
        この記録には氏名・電話番号・生年月日などの個人情報は含まれません。同じ人の記録は、この端末だけの鍵で作った識別子で結び付けられます。 /
        This log holds no names, phone numbers or birthdates; entries of one person are linked by an identifier keyed to this installation.
      </p>
      {notice && (
        <div class="notice" role="alert">
          監査ログの保存容量が不足したため、古い記録 {notice.removed} 件を削除しました（{localTime(notice.at)}）。削除の記録はログに残っています。 /
          The audit log ran out of storage: the {notice.removed} oldest entries were removed ({localTime(notice.at)}); the removal itself is logged.{' '}
          <button type="button" onClick={dismissNotice}>
            確認しました / Dismiss
          </button>
        </div>
      )}
      {stats && (
        <p class="muted" data-testid="stats">
          全 {stats.count} 件 / {stats.count} entries in all
          {stats.first && stats.last && ` · ${localTime(stats.first.time)} – ${localTime(stats.last.time)}`}
          {stats.last && (
            <>
              {' '}
              · 最新のハッシュ / Head hash: <code title={stats.last.hash}>{stats.last.hash.slice(0, 16)}…</code>
            </>
          )}
        </p>
      )}

      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="絞り込み / Filters">
        <label>
          開始日 / From
          <input type="date" name="from" value={form.from} onChange={(e) => set({ from: e.currentTarget.value })} />
        </label>
        <label>
          終了日 / To
          <input type="date" name="to" value={form.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </label>
        <label>
          種類 / Event
          <select name="type" value={form.type} onChange={(e) => set({ type: e.currentTarget.value as FormState['type'] })}>
            <option value="">すべて / All</option>
            {AUDIT_EVENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          優先度・警告 / Tier or alert
          <select name="tier" value={form.tier} onChange={(e) => set({ tier: e.currentTarget.value })}>
            <option value="">すべて / All</option>
            {Object.entries(TIER_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          研修 / Training
          <select name="training" value={form.training} onChange={(e) => set({ training: e.currentTarget.value as TrainingFilter })}>
            <option value="real">本番のみ（研修を隠す） / Real only (hide training)</option>
            <option value="training">研修のみ / Training only</option>
            <option value="all">すべて / All</option>
          </select>
        </label>
        <button type="button" onClick={() => setForm({ from: '', to: '', type: '', tier: '', training: 'real' })}>
          条件を解除 / Clear
        </button>
      </form>

      {counts && <DayChart days={counts.days} counts={counts.counts} />}

      <div class="row">
        <span role="status" data-testid="summary">
          {total === null ? '…' : `${total} 件 / ${total} entries`} · ページ {pageIndex + 1} / page {pageIndex + 1}
        </span>
        <button type="button" onClick={goNewest}>
          最新 / Newest
        </button>
        <button type="button" onClick={goPrev} disabled={pageIndex === 0}>
          ← 新しい方へ / Newer
        </button>
        <button type="button" onClick={goNext} disabled={!next}>
          古い方へ → / Older
        </button>
        <span class="spacer" />
        <button type="button" onClick={exportJson} disabled={!store || busy !== null} data-testid="export-json">
          JSON で書き出す（連鎖付き） / Export JSON (with chain)
        </button>
        <button type="button" onClick={exportCsv} disabled={!store || busy !== null} data-testid="export-csv">
          CSV で書き出す / Export CSV
        </button>
        <button type="button" onClick={verify} disabled={!store || busy !== null}>
          連鎖を検証 / Verify chain
        </button>
      </div>
      {message && (
        <p role="status" class={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}

      <table ref={tableRef} tabIndex={-1} class="entries" aria-describedby="entries-caption">
        <caption id="entries-caption">記録（新しい順） / Entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">日時 / Time</th>
            <th scope="col">種類 / Event</th>
            <th scope="col">画面 / Page</th>
            <th scope="col">優先度 / Tier</th>
            <th scope="col">理由・問題 / Reasons, problems</th>
            <th scope="col">入力された理由 / Typed reason</th>
            <th scope="col">人 / Person</th>
            <th scope="col">詳細 / Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries === null && (
            <tr>
              <td colSpan={9}>読み込み中… / Loading…</td>
            </tr>
          )}
          {entries?.length === 0 && (
            <tr>
              <td colSpan={9}>該当する記録はありません / No entries match</td>
            </tr>
          )}
          {entries?.map((e) => (
            <tr key={e.id} data-id={e.id} data-type={e.type} class={e.training ? 'training' : undefined}>
              <td>{e.id}</td>
              <td>
                <time dateTime={e.time}>{localTime(e.time)}</time>
                {e.training && <span class="tag">研修 / training</span>}
              </td>
              <td>{TYPE_LABEL[e.type] ?? e.type}</td>
              <td>{e.page ?? '—'}</td>
              <td>{e.tier ? (TIER_LABEL[e.tier] ?? e.tier) : '—'}</td>
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
function DayChart({ days, counts }: { days: string[]; counts: number[] }) {
  const max = Math.max(1, ...counts);
  const sum = counts.reduce((a, b) => a + b, 0);
  const w = 640;
  const h = 90;
  const bw = days.length ? w / days.length : w;
  return (
    <figure class="chart">
      <figcaption>
        日ごとの件数 / Entries per day ({days[0] ?? ''} – {days[days.length - 1] ?? ''}, 計 {sum} 件 / {sum} in all)
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h + 14}`} width="100%" height={h + 14} role="img" aria-label={`日ごとの件数 / Entries per day: ${sum}`}>
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
