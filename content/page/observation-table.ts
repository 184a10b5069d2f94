/**
 * DOM glue for the observation screens (docs/codes.md): finds the observation table (a header
 * row with 体温 and 酸素飽和度/SpO2, columns in any order, extra columns ignored), reads a
 * row's cells by column, and reads the 健康観察 settings tab by its labels. Never writes to
 * the page. Reading a row touches `textContent` only (no layout), so 5,000 rows are cheap.
 */
import { HERSYS_ID_IN_TEXT, SETTINGS_WORDS, SWITCH_OFF, SWITCH_ON, TIME_OF_DAY } from '../../shared/vocabulary';
import { isObservationHeader, mapColumns, squash, type ObservationSettingsReading, type ObsColumn, type RowCells } from '../../shared/observation';

export interface ObservationTable {
  table: HTMLTableElement;
  headerRow: HTMLTableRowElement;
  /** Column id → position in the header row, counted in grid columns (colspan expanded). */
  columns: Map<ObsColumn, number>;
  /** Grid width of the header row; rows of this many plain cells take the fast path. */
  width: number;
  /** The columns we read, with their grid positions. */
  wanted: [ObsColumn, number][];
  /** Whether the table's cells hold form controls (then cells are read by value, slower). */
  hasControls: boolean;
}

const HOST = 'hersys-assist';
const CONTROLS = 'input:not([type=hidden]), select, textarea';

/** Header texts of a row, one per grid column (a cell with colspan=n repeats n times). */
function gridTexts(row: HTMLTableRowElement): string[] {
  const out: string[] = [];
  for (const cell of Array.from(row.cells)) {
    const text = cell.textContent ?? '';
    const span = Math.max(1, Math.min(cell.colSpan || 1, 50));
    for (let i = 0; i < span; i++) out.push(text);
  }
  return out;
}

function headerRowOf(table: HTMLTableElement): HTMLTableRowElement | null {
  const head = table.tHead?.rows;
  if (head && head.length > 0) {
    // The last header row names the leaf columns when headers are stacked.
    for (let i = head.length - 1; i >= 0; i--) {
      const r = head[i]!;
      if (isObservationHeader(mapColumns(gridTexts(r)))) return r;
    }
    return head[head.length - 1] ?? null;
  }
  return table.rows[0] ?? null;
}

/** The header row's texts, one per grid column. */
export function headerTexts(t: ObservationTable): string[] {
  return gridTexts(t.headerRow);
}

/** Reads a table's header; null when it is not an observation table. */
export function observationTableOf(table: HTMLTableElement): ObservationTable | null {
  const headerRow = headerRowOf(table);
  if (!headerRow) return null;
  const texts = gridTexts(headerRow);
  const columns = mapColumns(texts);
  if (!isObservationHeader(columns)) return null;
  const hasControls = table.querySelector(`td ${CONTROLS.split(', ').join(', td ')}`) !== null;
  return { table, headerRow, columns, width: texts.length, wanted: [...columns.entries()], hasControls };
}

/** The first observation table of the page (ours excluded). */
export function findObservationTable(root: Document | Element): ObservationTable | null {
  for (const table of Array.from(root.querySelectorAll('table'))) {
    if (table.closest(HOST)) continue;
    const t = observationTableOf(table);
    if (t) return t;
  }
  return null;
}

/**
 * The rows of `t` that mutation `records` touched (added, or a cell changed), and whether
 * rows left it; `'rescan'` when the header itself changed (the columns may have moved).
 */
export function rowsTouchedBy(t: ObservationTable, records: readonly MutationRecord[]): 'rescan' | { rows: Set<HTMLTableRowElement>; removed: boolean } {
  const rows = new Set<HTMLTableRowElement>();
  let removed = false;
  for (const r of records) {
    const target = r.target;
    if (!t.table.contains(target)) continue;
    if (r.type === 'childList') {
      for (const n of Array.from(r.addedNodes)) {
        for (const row of rowsIn(t, n)) rows.add(row);
        if (n.nodeType === 1 && ((n as Element).tagName === 'THEAD' || (n as Element).contains(t.headerRow))) return 'rescan';
      }
      if (r.removedNodes.length > 0) removed = true;
    }
    // A change inside a row (a cell's text) reads that row again.
    const el = target.nodeType === 1 ? (target as Element) : target.parentElement;
    const row = el?.closest('tr');
    if (row === t.headerRow || (row && row.parentElement?.tagName === 'THEAD')) return 'rescan';
    if (row && isDataRow(t, row)) rows.add(row);
  }
  return t.headerRow.isConnected ? { rows, removed } : 'rescan';
}

/** Whether `row` is a data row of `t` (not the header, not in thead, not a nested table's row, not header cells only). */
export function isDataRow(t: ObservationTable, row: Element): row is HTMLTableRowElement {
  if (row.tagName !== 'TR' || row === t.headerRow) return false;
  const parent = row.parentNode;
  if (parent !== t.table) {
    if (!parent || parent.parentNode !== t.table) return false;
    if ((parent as Element).tagName === 'THEAD') return false;
  }
  // A row of header cells only (a repeated header, a group caption) carries no entry.
  const cells = (row as HTMLTableRowElement).cells;
  for (let i = 0; i < cells.length; i++) if (cells[i]!.tagName === 'TD') return true;
  return false;
}

/**
 * The rows of the table's bodies, in document order, without the header row. Cheap (no
 * per-row checks): a row of header cells only is recognised when it is read (`readRowCells`
 * returns null for it).
 */
export function bodyRows(t: ObservationTable): HTMLTableRowElement[] {
  const out: HTMLTableRowElement[] = [];
  const sections = t.table.children;
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s]!;
    const tag = section.tagName;
    if (tag === 'TBODY' || tag === 'TFOOT') {
      const rows = section.children;
      const n = rows.length;
      for (let i = 0; i < n; i++) {
        const r = rows[i] as HTMLTableRowElement;
        if (r !== t.headerRow) out.push(r);
      }
    } else if (tag === 'TR' && section !== t.headerRow) out.push(section as HTMLTableRowElement);
  }
  return out;
}

/** Every data row, in document order (checked one by one: for tests and small tables). */
export function dataRows(t: ObservationTable): HTMLTableRowElement[] {
  return bodyRows(t).filter((r) => isDataRow(t, r));
}

/** The data rows inside nodes that were added to the page (a row, a tbody, a fragment's parts). */
export function rowsIn(t: ObservationTable, node: Node): HTMLTableRowElement[] {
  if (node.nodeType !== 1) return [];
  const el = node as Element;
  if (el.tagName === 'TR') return isDataRow(t, el) ? [el] : [];
  if (el.tagName === 'TBODY' || el.tagName === 'TFOOT') return Array.from(el.children).filter((r): r is HTMLTableRowElement => isDataRow(t, r));
  return [];
}

/** A cell's text: its controls' values when it holds any, else its text. */
function cellText(cell: HTMLTableCellElement): string {
  if (cell.childElementCount === 0) return cell.textContent ?? '';
  const control = cell.querySelector(CONTROLS);
  if (control) {
    if (control instanceof HTMLSelectElement) return control.selectedOptions[0]?.textContent ?? '';
    const input = control as HTMLInputElement;
    if (input.type === 'checkbox' || input.type === 'radio') {
      const checked = cell.querySelector<HTMLInputElement>('input:checked');
      return checked ? (checked.labels?.[0]?.textContent ?? checked.value) : '';
    }
    return input.value;
  }
  return cell.textContent ?? '';
}

/**
 * The cells of one row by column id (`which`: the columns to read, all by default), or null
 * when the row holds header cells only. The fast path — as many cells as the header's grid,
 * no controls in the table — costs two DOM reads per column; other rows are laid out on the
 * header's grid (colspans). `checkControls` looks for controls in this row (rows added later).
 */
export function readRowCells(
  t: ObservationTable,
  row: HTMLTableRowElement,
  which: readonly (readonly [ObsColumn, number])[] = t.wanted,
  checkControls = false,
): RowCells | null {
  const cells = row.cells;
  if (!cells) return null;
  if (!t.hasControls && cells.length === t.width && !(checkControls && row.querySelector(CONTROLS))) {
    const out: RowCells = {};
    let first = true;
    for (const [col, i] of which) {
      const c = cells[i]!;
      // A header-cell row (a repeated header) has a TH where data rows have a TD.
      if (first && c.tagName !== 'TD') return readSpanned(cells, which);
      first = false;
      out[col] = c.textContent ?? '';
    }
    return out;
  }
  return readSpanned(cells, which);
}

/**
 * The hot-path form of `readRowCells`: the texts of the cells at grid positions `at` go into
 * `out` (reused between rows, no object built). Returns false for a row of header cells only.
 */
export function readTexts(
  t: ObservationTable,
  row: HTMLTableRowElement,
  at: readonly number[],
  out: (string | undefined)[],
  checkControls = false,
): boolean {
  const cells = row.cells;
  if (!cells) return false;
  const n = at.length;
  if (!t.hasControls && cells.length === t.width && !(checkControls && row.querySelector(CONTROLS))) {
    const first = cells[at[0]!];
    if (first && first.tagName === 'TD') {
      out[0] = first.textContent ?? '';
      for (let k = 1; k < n; k++) out[k] = cells[at[k]!]!.textContent ?? '';
      return true;
    }
  }
  const grid = gridOf(cells);
  if (!grid) return false;
  for (let k = 0; k < n; k++) {
    const c = grid[at[k]!];
    out[k] = c ? cellText(c) : undefined;
  }
  return true;
}

function gridOf(cells: HTMLCollectionOf<HTMLTableCellElement>): (HTMLTableCellElement | undefined)[] | null {
  const grid: (HTMLTableCellElement | undefined)[] = [];
  let td = false;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.tagName === 'TD') td = true;
    const span = Math.max(1, Math.min(c.colSpan || 1, 50));
    for (let k = 0; k < span; k++) grid.push(c);
  }
  return td ? grid : null;
}

function readSpanned(cells: HTMLCollectionOf<HTMLTableCellElement>, which: readonly (readonly [ObsColumn, number])[]): RowCells | null {
  const grid = gridOf(cells);
  if (!grid) return null;
  const out: RowCells = {};
  for (const [col, i] of which) {
    const c = grid[i];
    // A cell spanning several read columns ("未回答" across the whole row) counts for each.
    if (c) out[col] = cellText(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The 健康観察 settings tab.

const LABEL_SELECTOR = 'th, dt, label, legend, h2, h3, h4, [role="rowheader"], .label';

/** Elements whose text is the label `test` matches (first hit per element, ours excluded). */
function labelled(root: Document, test: (s: string) => boolean): Element[] {
  const out: Element[] = [];
  for (const e of Array.from(root.querySelectorAll(LABEL_SELECTOR))) {
    if (e.closest(HOST)) continue;
    const text = squash((e.textContent ?? '').slice(0, 80)).replace(/[:：※*]+$/, '');
    if (text && test(text)) out.push(e);
  }
  return out;
}

/** The value region a label names: the next cell of a table row, a `dd`, a label's control, a legend's fieldset. */
function regionOf(label: Element): Element | null {
  const tag = label.tagName;
  if (tag === 'TH' || tag === 'TD' || label.getAttribute('role') === 'rowheader') {
    let n = label.nextElementSibling;
    while (n && n.tagName === 'TH') n = n.nextElementSibling;
    return n;
  }
  if (tag === 'DT') {
    let n = label.nextElementSibling;
    while (n && n.tagName !== 'DD') n = n.nextElementSibling;
    return n;
  }
  if (tag === 'LABEL') {
    const c = (label as HTMLLabelElement).control;
    if (c) return c;
    const th = label.closest('th, dt');
    if (th) return regionOf(th);
    return label.nextElementSibling;
  }
  if (tag === 'LEGEND') return label.parentElement;
  // A heading or a label-ish element: its next sibling holds the value.
  return label.nextElementSibling;
}

function textOfRegion(e: Element): string {
  if (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement) return e.value;
  if (e instanceof HTMLSelectElement) return e.selectedOptions[0]?.textContent ?? '';
  const input = e.querySelector<HTMLInputElement>('input[type=text], input[type=tel], input:not([type])');
  if (input) return input.value;
  return e.textContent ?? '';
}

function optionText(input: HTMLInputElement): string {
  const l = input.labels?.[0];
  if (l) return l.textContent ?? '';
  const next = input.nextSibling;
  return (next?.nodeType === 3 ? next.nodeValue : '') || input.value || '';
}

/** On/off of a 自動通知 control: a checkbox or switch, `aria-checked`, or the text on/off (オン/オフ). */
export function switchState(region: Element): boolean | null {
  const el = region as HTMLElement;
  const box =
    el instanceof HTMLInputElement && el.type === 'checkbox' ? el : region.querySelector<HTMLInputElement>('input[type=checkbox]');
  if (box) return box.checked;
  const aria = el.hasAttribute('aria-checked') ? el : region.querySelector('[aria-checked]');
  if (aria) return aria.getAttribute('aria-checked') === 'true';
  const radio = region.querySelector<HTMLInputElement>('input[type=radio]:checked');
  const text = squash(radio ? optionText(radio) : textOfRegion(region));
  if (SWITCH_ON.test(text)) return true;
  if (SWITCH_OFF.test(text)) return false;
  return null;
}

/** The chosen option(s) of a region: checked radios/checkboxes, a select's option, or its text. */
function chosen(region: Element): { text: string; count: number } | null {
  const el = region as HTMLElement;
  if (el instanceof HTMLSelectElement) {
    const opts = Array.from(el.selectedOptions).filter((o) => o.value !== '');
    return { text: opts.map((o) => o.textContent ?? '').join('、'), count: opts.length };
  }
  const choices =
    el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')
      ? el.name
        ? Array.from(el.ownerDocument.querySelectorAll<HTMLInputElement>('input')).filter((i) => i.name === el.name && i.type === el.type)
        : [el]
      : Array.from(region.querySelectorAll<HTMLInputElement>('input[type=radio], input[type=checkbox]'));
  if (choices.length > 0) {
    const on = choices.filter((c) => c.checked);
    return { text: on.map(optionText).join('、'), count: on.length };
  }
  const select = region.querySelector('select');
  if (select) return chosen(select);
  const text = textOfRegion(region);
  // A read-only page: times written out (9:00、14:00), or nothing.
  const times = normalizeTimes(text);
  return { text, count: times };
}

function normalizeTimes(text: string): number {
  const m = squash(text).match(TIME_OF_DAY);
  return m ? m.length : 0;
}

/** A squashed label that is one of `words` or starts with one. */
export const labelIs = (words: readonly string[]) => (s: string) => words.some((w) => s.startsWith(w));

/** Reads the 健康観察 tab's settings from their labels (docs/codes.md, domain "Observation tools"). */
export function readObservationSettings(root: Document): ObservationSettingsReading {
  const first = (test: (s: string) => boolean): Element | null => {
    for (const l of labelled(root, test)) {
      const r = regionOf(l);
      if (r) return r;
    }
    return null;
  };
  const periodEl = first(labelIs(SETTINGS_WORDS.period));
  const methodEl = first(labelIs(SETTINGS_WORDS.method));
  const timesEl = first(labelIs(SETTINGS_WORDS.callTimes));
  const phoneEl = first(labelIs(SETTINGS_WORDS.phone));
  const notifyEl = first(labelIs(SETTINGS_WORDS.autoNotify));
  const method = methodEl ? chosen(methodEl) : null;
  const times = timesEl ? chosen(timesEl) : null;
  return {
    period: periodEl ? textOfRegion(periodEl) : null,
    autoNotify: notifyEl ? switchState(notifyEl) : null,
    method: method ? method.text : null,
    callTimes: times ? times.count : null,
    phone: phoneEl ? textOfRegion(phoneEl) : null,
  };
}

/** The HER-SYS ID written on a person's page (`HER-SYS ID：10000001`), or null. */
export function pageHersysId(root: Document): string | null {
  const text = root.body?.textContent ?? '';
  const m = HERSYS_ID_IN_TEXT.exec(text);
  return m ? m[1]!.normalize('NFKC') : null;
}
