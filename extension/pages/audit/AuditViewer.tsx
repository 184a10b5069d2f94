/**
 * The audit log viewer (audit.html): filters (period, event type, tier, real/training —
 * training hidden by default), 100 entries per page read straight from the index (never the
 * whole log), counts per day as a small bar chart, JSON export (the whole chain, verifiable
 * with `hersys-assist audit verify`) and CSV export (UTF-8 with BOM for Excel), and an
 * in-browser chain check. Read-only: the background is the only writer.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AuditEntry } from '../../../shared/audit';
import { AuditStore, type PageToken } from '../../audit/store';
import { useLanguage } from '../common/use-language';
import { ActionBar } from './ActionBar';
import { DayChart } from './DayChart';
import { EntryTable } from './EntryTable';
import { chartDays, EMPTY_FORM, toFilter, type FormState } from './filter';
import { Filters } from './Filters';
import { Pager } from './Pager';
import { PurgeNotice } from './PurgeNotice';
import { localMidnight, localTime } from './time';

// What this page module offered before it was split, for the code that imports it from here.
export { TIER_KEY, TYPE_KEY } from './labels';
export { chartDays, toFilter } from './filter';
export { localDate } from './time';

const PAGE_SIZE = 100;

export function AuditViewer() {
  const { lang, t } = useLanguage('audit_pageTitle');
  const [store, setStore] = useState<AuditStore | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [stats, setStats] = useState<{ count: number; first: AuditEntry | null; last: AuditEntry | null } | null>(null);
  // Page k starts after tokens[k-1] (tokens[0] = null: the newest).
  const [tokens, setTokens] = useState<(PageToken | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const [next, setNext] = useState<PageToken | null>(null);
  const [counts, setCounts] = useState<{ days: string[]; counts: number[] } | null>(null);
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
      <PurgeNotice t={t} />
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

      <Filters form={form} setForm={setForm} t={t} />

      {counts && <DayChart days={counts.days} counts={counts.counts} t={t} />}

      <ActionBar store={store} t={t}>
        <Pager total={total} pageIndex={pageIndex} hasNext={!!next} onNewest={goNewest} onPrev={goPrev} onNext={goNext} t={t} />
      </ActionBar>

      <EntryTable entries={entries} tableRef={tableRef} t={t} />
    </main>
  );
}
