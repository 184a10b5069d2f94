/**
 * The desk page (browser script, bundled by scripts/build-cli.mjs into dist/desk-page.js):
 * import the day's CSV, the queue in worklist order with counts, one person's checklist
 * (answers re-tier at once on the server, with the same engine), contact status and note,
 * filters, keyboard-first (J/K move, R reached, A absent, N note; never while typing or
 * composing), and the contractor export. Page data is only ever set as text.
 */
import { FIELD_KEY, msg, REASON_KEY, TIER_KEY, PROBLEM_KEY, type MessageKey } from '../../../shared/i18n';
import type { FieldId } from '../../../shared/fields';
import { ACTIONS, CHANNELS, type Action, type Channel } from '../../../shared/worklist';
import type { Tier } from '../../../shared/tier';
import { ACTION_KEY, CHANNEL_KEY } from '../../worklist-labels';
import type { QueuePerson } from '../db';

type Person = QueuePerson;
interface QueueData {
  people: Person[];
  counts: { total: number; byAction: Record<Action, number>; byChannel: Record<Channel, number>; open: number };
  columns: { id: string; label: string; checked: boolean }[];
}

const STATUS_KEY = { open: 'desk_page_status_open', reached: 'desk_page_status_reached', absent: 'desk_page_status_absent' } as const;
/** Rows drawn at first (more on demand): the page stays quick on a large day. */
const PAGE_ROWS = 1000;

const t = (key: MessageKey, ...subs: (string | number)[]) => msg('ja', key, ...subs);

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | boolean | number> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A heading or label in Japanese with the English after it. */
function both(key: MessageKey, ...subs: (string | number)[]): DocumentFragment {
  const f = document.createDocumentFragment();
  f.append(t(key, ...subs), ' ', h('span', { class: 'en', lang: 'en', text: msg('en', key, ...subs) }));
  return f;
}

const state = {
  data: null as QueueData | null,
  selected: null as string | null,
  filter: { action: '', channel: '', open: false },
  shown: PAGE_ROWS,
};

async function api<T>(path: string, init?: { method?: string; json?: unknown; body?: BodyInit; type?: string }): Promise<T> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined = init?.body;
  if (init?.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init?.type) headers['Content-Type'] = init.type;
  const res = await fetch(path, { method: init?.method ?? (body ? 'POST' : 'GET'), headers, body, credentials: 'same-origin' });
  if (res.status === 401) throw new Error(t('desk_page_sessionLost'));
  const value = res.headers.get('Content-Type')?.startsWith('application/json') ? await res.json() : await res.blob();
  if (!res.ok) throw new Error((value as { error?: { ja?: string } }).error?.ja ?? String(res.status));
  return value as T;
}

// ---------------------------------------------------------------------------------------------
// Layout.

const els = {
  importStatus: h('p', { class: 'status-msg', role: 'status', 'aria-live': 'polite', id: 'import-status' }),
  counts: h('div', { id: 'counts' }),
  queueBody: h('tbody'),
  more: h('button', { type: 'button', id: 'more', hidden: true }),
  detail: h('div', { id: 'detail-body' }),
  detailStatus: h('p', { class: 'status-msg', role: 'status', 'aria-live': 'polite', id: 'detail-status' }),
  columns: h('div', { class: 'columns', id: 'export-columns' }),
  exportRows: h('p', { id: 'export-rows' }),
  exportStatus: h('p', { class: 'status-msg', role: 'status', 'aria-live': 'polite', id: 'export-status' }),
  history: h('ul', { id: 'history' }),
};

function select(id: string, label: MessageKey, options: [string, string][], onChange: (v: string) => void): HTMLElement {
  const s = h('select', { id });
  for (const [v, text] of options) s.append(h('option', { value: v, text }));
  s.addEventListener('change', () => onChange(s.value));
  return h('label', { for: id }, t(label), ' ', s);
}

function layout(root: HTMLElement): void {
  const file = h('input', { type: 'file', id: 'file', accept: '.csv,text/csv' });
  const drop = h('div', { class: 'drop', id: 'drop' }, h('p', { text: t('desk_page_importHint') }), h('label', { for: 'file' }, t('desk_page_import'), ' '), file);
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) void importFile(f);
    file.value = '';
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) void importFile(f);
  });

  const open = h('input', { type: 'checkbox', id: 'filter-open' });
  open.addEventListener('change', () => {
    state.filter.open = open.checked;
    refresh();
  });
  const filters = h(
    'div',
    { class: 'filters' },
    select('filter-action', 'desk_col_action', [['', t('desk_page_filterAll')], ...ACTIONS.map((a): [string, string] => [a, t(ACTION_KEY[a])])], (v) => {
      state.filter.action = v;
      refresh();
    }),
    select('filter-channel', 'desk_col_channel', [['', t('desk_page_filterAll')], ...CHANNELS.map((c): [string, string] => [c, t(CHANNEL_KEY[c])])], (v) => {
      state.filter.channel = v;
      refresh();
    }),
    h('label', { for: 'filter-open' }, open, ' ', t('desk_page_filterOpen')),
  );

  const cols: MessageKey[] = ['desk_col_rank', 'desk_col_id', 'desk_col_name', 'desk_col_tier', 'desk_col_action', 'desk_col_channel', 'desk_col_status'];
  const table = h(
    'table',
    { id: 'queue', 'aria-labelledby': 'queue-h' },
    h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col', text: t(c) })))),
    els.queueBody,
  );
  els.more.addEventListener('click', () => {
    state.shown += PAGE_ROWS;
    refresh();
  });

  const encoding = select('export-encoding', 'desk_page_exportEncoding', [['utf-8', 'UTF-8 (BOM)'], ['cp932', 'Shift_JIS (CP932)']], () => {});
  const exportButton = h('button', { type: 'button', id: 'export-button', text: t('desk_page_exportButton') });
  exportButton.addEventListener('click', () => void exportRows((encoding.querySelector('select') as HTMLSelectElement).value));

  root.replaceChildren(
    h('header', {}, h('h1', {}, both('desk_page_title')), h('p', { class: 'keys', text: t('desk_page_keys') })),
    h(
      'main',
      {},
      h('section', { 'aria-labelledby': 'import-h' }, h('h2', { id: 'import-h' }, both('desk_page_import')), drop, els.importStatus),
      h('section', { 'aria-labelledby': 'counts-h' }, h('h2', { id: 'counts-h' }, both('desk_page_counts')), els.counts),
      h('section', { 'aria-labelledby': 'filters-h' }, h('h2', { id: 'filters-h' }, both('desk_page_filters')), filters),
      h(
        'div',
        { class: 'work' },
        h('section', { 'aria-labelledby': 'queue-h' }, h('h2', { id: 'queue-h' }, both('desk_page_queue')), h('div', { class: 'queue-wrap' }, table), els.more),
        h('section', { 'aria-labelledby': 'detail-h', id: 'detail' }, h('h2', { id: 'detail-h' }, both('desk_page_person')), els.detailStatus, els.detail),
      ),
      h(
        'section',
        { 'aria-labelledby': 'export-h', class: 'export' },
        h('h2', { id: 'export-h' }, both('desk_page_export')),
        h('p', { text: t('desk_page_exportHint') }),
        els.columns,
        els.exportRows,
        encoding,
        ' ',
        exportButton,
        els.exportStatus,
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function visible(): Person[] {
  const people = state.data?.people ?? [];
  const { action, channel, open } = state.filter;
  return people.filter((p) => (!action || p.action === action) && (!channel || p.channel === channel) && (!open || p.status === 'open'));
}

function renderCounts(): void {
  const c = state.data?.counts;
  if (!c) return;
  const list = (label: MessageKey, items: [string, number][], id: string) =>
    h('div', {}, h('h3', { text: t(label), class: 'en' }), h('ul', { class: 'counts', id }, ...items.map(([k, n]) => h('li', { text: `${k} ${n}` }))));
  els.counts.replaceChildren(
    h('p', { id: 'count-open', text: `${t('desk_html_total', c.total)} · ${t('desk_page_notReached', c.open)}` }),
    list('desk_page_byAction', ACTIONS.map((a) => [t(ACTION_KEY[a]), c.byAction[a]]), 'count-action'),
    list('desk_page_byChannel', CHANNELS.map((ch) => [t(CHANNEL_KEY[ch]), c.byChannel[ch]]), 'count-channel'),
  );
}

function row(p: Person): HTMLTableRowElement {
  const pick = h('button', { type: 'button', class: 'pick', text: p.id || '—' });
  pick.addEventListener('click', () => choose(p.pid));
  const status = p.statusAt ? t('desk_page_statusAt', t(STATUS_KEY[p.status]), p.statusAt) : t(STATUS_KEY[p.status]);
  const tr = h(
    'tr',
    { 'data-pid': p.pid, 'data-tier': p.tier, 'data-action': p.action, 'data-channel': p.channel, 'data-status': p.status, class: p.pid === state.selected ? 'selected' : '' },
    h('td', { text: String(p.rank) }),
    h('td', {}, pick, p.changed ? h('span', { class: 'changed', title: t('desk_page_changed'), text: ' ⚠' }) : null),
    h('td', { text: p.name }),
    h('td', { class: 'tier', text: t(TIER_KEY[p.tier]) }),
    h('td', { text: t(ACTION_KEY[p.action]) }),
    h('td', { text: t(CHANNEL_KEY[p.channel]) }),
    h('td', { class: 'status', text: status }),
  );
  if (p.pid === state.selected) tr.setAttribute('aria-selected', 'true');
  return tr;
}

function renderQueue(): void {
  const list = visible();
  const shown = list.slice(0, state.shown);
  if (list.length === 0) {
    const text = (state.data?.people.length ?? 0) === 0 ? t('desk_page_empty') : t('desk_page_noMatch');
    els.queueBody.replaceChildren(h('tr', {}, h('td', { colspan: 7, text })));
  } else els.queueBody.replaceChildren(...shown.map(row));
  els.more.hidden = list.length <= shown.length;
  els.more.textContent = `+${Math.min(PAGE_ROWS, list.length - shown.length)}`;
  els.exportRows.textContent = t('desk_page_exportRows', list.length);
}

function renderColumns(): void {
  const cols = state.data?.columns ?? [];
  const before = new Map([...els.columns.querySelectorAll('input')].map((i) => [i.value, i.checked]));
  els.columns.replaceChildren(
    ...cols.map((c, i) => {
      const box = h('input', { type: 'checkbox', id: `col-${i}`, value: c.id, checked: before.get(c.id) ?? c.checked });
      return h('label', { for: `col-${i}` }, box, ' ', c.label);
    }),
  );
}

function selectedPerson(): Person | null {
  return state.data?.people.find((p) => p.pid === state.selected) ?? null;
}

function answerControl(p: Person, field: FieldId): HTMLElement {
  const current = p.answers[field] ?? '';
  const name = `ans-${field}`;
  const set = (value: string) => void answer(p.pid, field, value);
  if (field === 'vaccine-doses') {
    const s = h('select', { id: name });
    for (const v of ['', '0', '1', '2', '3', '4', '5', '不明']) s.append(h('option', { value: v, text: v === '' ? '—' : v === '不明' ? t('desk_page_answer_unknown') : `${v}` }));
    s.value = current;
    s.addEventListener('change', () => set(s.value));
    return h('fieldset', { 'data-field': field }, h('legend', {}, t(FIELD_KEY[field])), h('label', { for: name }, t('desk_page_doses'), ' ', s));
  }
  const options: [string, MessageKey][] = [
    ['有', 'desk_page_answer_yes'],
    ['無', 'desk_page_answer_no'],
    ['不明', 'desk_page_answer_unknown'],
  ];
  return h(
    'fieldset',
    { 'data-field': field },
    h('legend', {}, t(FIELD_KEY[field])),
    ...options.map(([v, key], i) => {
      const r = h('input', { type: 'radio', name, id: `${name}-${i}`, value: v, checked: current === v });
      r.addEventListener('change', () => r.checked && set(v));
      return h('label', { for: `${name}-${i}` }, r, ' ', t(key));
    }),
  );
}

function renderDetail(): void {
  const p = selectedPerson();
  if (!p) {
    els.detail.replaceChildren(h('p', { text: t('desk_page_select') }));
    return;
  }
  const askFields = [...p.ask, ...(Object.keys(p.answers) as FieldId[]).filter((f) => !p.ask.includes(f))];
  const note = h('textarea', { id: 'note', 'aria-label': t('desk_page_note') });
  note.value = p.note;
  const saveNote = h('button', { type: 'button', id: 'save-note', text: t('desk_page_saveNote') });
  saveNote.addEventListener('click', () => void run(async () => {
    await api(`/api/people/${encodeURIComponent(p.pid)}/note`, { json: { note: note.value } });
    p.note = note.value;
    els.detailStatus.textContent = t('desk_page_saved');
  }));
  const button = (id: string, key: MessageKey, status: Person['status']) => {
    const b = h('button', { type: 'button', id, text: t(key) });
    b.addEventListener('click', () => void mark(status));
    return b;
  };
  els.detail.replaceChildren(
    h(
      'div',
      { 'data-pid': p.pid, id: 'person' },
      h('p', {}, h('strong', { text: `${p.rank}. ${p.id || '—'} ${p.name}` })),
      p.changed ? h('p', { class: 'changed', role: 'note', text: t('desk_page_changed') }) : null,
      h('p', {}, `${t('desk_col_tier')}: `, h('span', { class: 'tier', id: 'person-tier', 'data-tier': p.tier, text: t(TIER_KEY[p.tier]) }), ` · ${t(ACTION_KEY[p.action])} · ${t(CHANNEL_KEY[p.channel])}`),
      h('h3', { text: t('desk_page_reasons') }),
      h('ul', { class: 'reasons' }, ...p.reasons.map((r) => h('li', { text: t(REASON_KEY[r]) }))),
      p.problems.length ? h('ul', { class: 'problems' }, ...p.problems.map((x) => h('li', { 'data-code': x.code, text: t(PROBLEM_KEY[x.code]) }))) : null,
      h('h3', { text: t('desk_page_ask') }),
      h('div', { class: 'ask', id: 'ask' }, ...(askFields.length ? askFields.map((f) => answerControl(p, f)) : [h('p', { text: t('desk_page_askDone') })])),
      h('p', { id: 'person-status', text: p.statusAt ? t('desk_page_statusAt', t(STATUS_KEY[p.status]), p.statusAt) : t(STATUS_KEY[p.status]) }),
      h('div', { class: 'actions' }, button('mark-reached', 'desk_page_markReached', 'reached'), button('mark-absent', 'desk_page_markAbsent', 'absent'), button('mark-open', 'desk_page_markOpen', 'open')),
      h('label', { for: 'note' }, t('desk_page_note')),
      note,
      saveNote,
      h('h3', { text: t('desk_page_history') }),
      els.history,
    ),
  );
  void loadHistory(p.pid);
}

const EVENT_KEY: Record<string, MessageKey> = {
  import: 'desk_event_import',
  retier: 'desk_event_retier',
  status: 'desk_event_status',
  note: 'desk_event_note',
  changed: 'desk_event_changed',
};

/** What was recorded for the person, newest first (tier changes as 「要聴取 → 重点観察」). */
async function loadHistory(pid: string): Promise<void> {
  try {
    const { events } = await api<{ events: { at: string; kind: string; detail: Record<string, string> }[] }>(`/api/people/${encodeURIComponent(pid)}/events`);
    if (state.selected !== pid) return;
    els.history.replaceChildren(
      ...events.map((e) => {
        const d = e.detail;
        const what =
          e.kind === 'retier' ? `${t(TIER_KEY[d.from as Tier])} → ${t(TIER_KEY[d.to as Tier])}` : e.kind === 'status' && d.status ? t(STATUS_KEY[d.status as Person['status']]) : '';
        return h('li', { 'data-kind': e.kind, text: `${e.at} ${EVENT_KEY[e.kind] ? t(EVENT_KEY[e.kind]!) : e.kind} ${what}`.trim() });
      }),
    );
  } catch {
    els.history.replaceChildren();
  }
}

function refresh(): void {
  renderCounts();
  renderQueue();
  renderDetail();
}

// ---------------------------------------------------------------------------------------------
// Actions.

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    els.detailStatus.textContent = t('desk_page_error', e instanceof Error ? e.message : String(e));
  }
}

async function load(): Promise<void> {
  state.data = await api<QueueData>('/api/queue');
  renderColumns();
  refresh();
}

async function importFile(file: File): Promise<void> {
  try {
    const s = await api<{ rows: number; added: number; updated: number; changed: number }>('/api/import', { body: await file.arrayBuffer(), type: 'text/csv' });
    els.importStatus.textContent = t('desk_page_imported', s.rows, s.added, s.updated, s.changed);
    await load();
  } catch (e) {
    els.importStatus.textContent = t('desk_page_importFailed', e instanceof Error ? e.message : String(e));
  }
}

function choose(pid: string): void {
  state.selected = pid;
  els.detailStatus.textContent = '';
  for (const tr of els.queueBody.querySelectorAll('tr.selected')) {
    tr.classList.remove('selected');
    tr.removeAttribute('aria-selected');
  }
  const tr = els.queueBody.querySelector(`tr[data-pid="${CSS.escape(pid)}"]`);
  tr?.classList.add('selected');
  tr?.setAttribute('aria-selected', 'true');
  tr?.scrollIntoView({ block: 'nearest' });
  renderDetail();
}

async function answer(pid: string, field: FieldId, value: string): Promise<void> {
  await run(async () => {
    const before = selectedPerson()?.tier;
    const r = await api<{ change: { before: Tier; after: Tier } }>(`/api/people/${encodeURIComponent(pid)}/answers`, { json: { answers: { [field]: value } } });
    await load();
    const after = r.change.after;
    els.detailStatus.textContent = before && before !== after ? t('desk_page_retiered', t(TIER_KEY[before]), t(TIER_KEY[after])) : t('desk_page_retierSame', t(TIER_KEY[after]));
  });
}

async function mark(status: Person['status']): Promise<void> {
  const p = selectedPerson();
  if (!p) return;
  await run(async () => {
    await api(`/api/people/${encodeURIComponent(p.pid)}/status`, { json: { status } });
    await load();
    els.detailStatus.textContent = t('desk_page_saved');
  });
}

async function exportRows(encoding: string): Promise<void> {
  const columns = [...els.columns.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value);
  const pids = visible().map((p) => p.pid);
  try {
    const blob = await api<Blob>('/api/export', { json: { pids, columns, encoding } });
    const a = h('a', { href: URL.createObjectURL(blob), download: `contractor-${new Date().toISOString().slice(0, 10)}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    els.exportStatus.textContent = t('desk_page_exported', pids.length);
  } catch (e) {
    els.exportStatus.textContent = t('desk_page_error', e instanceof Error ? e.message : String(e));
  }
}

function move(step: number): void {
  const list = visible();
  if (list.length === 0) return;
  const at = list.findIndex((p) => p.pid === state.selected);
  const next = Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step));
  if (next >= state.shown) {
    state.shown = next + 1;
    renderQueue();
  }
  choose(list[next]!.pid);
}

function onKey(e: KeyboardEvent): void {
  if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
  const target = e.target as HTMLElement | null;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  const key = e.key.toLowerCase();
  if (key === 'j') move(1);
  else if (key === 'k') move(-1);
  else if (key === 'r') void mark('reached');
  else if (key === 'a') void mark('absent');
  else if (key === 'n' && selectedPerson()) document.getElementById('note')?.focus();
  else return;
  e.preventDefault();
}

function start(): void {
  const root = document.getElementById('app')!;
  layout(root);
  document.addEventListener('keydown', onKey);
  load().then(
    () =>
      requestAnimationFrame(() => {
        performance.mark('desk-queue-painted');
        document.body.dataset.ready = 'queue';
      }),
    (e: unknown) => {
      els.importStatus.textContent = t('desk_page_error', e instanceof Error ? e.message : String(e));
      document.body.dataset.ready = 'error';
    },
  );
}

start();
