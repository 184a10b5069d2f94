/**
 * The rows of an observation table as the observation page model keeps them: one state per
 * `<tr>`, the read plan (which columns are read for every row, which only for flagged rows),
 * the groups of rows sharing a 自動架電 number, and who a row is about. DOM-free except for the
 * row element it holds.
 */
import { formatISO, type YMD } from '../../shared/dates';
import { analyzePhone, normalizePhoneDigits } from '../../shared/phone';
import { compileEntryReader, dateOfCell, usesAutodial, type EntryResult, type ObsColumn, type ObsEntry, type RowCells, type RowCode } from '../../shared/observation';
import type { AckRecord } from '../clients/ack-store';
import type { ObservationPageKind } from '../ui/ObservationPanel';
import { pageHersysId, readRowCells, type ObservationTable } from './observation-table';

export interface RowState {
  row: HTMLTableRowElement;
  index: number;
  /** Forgotten (the row left the table, or the table was read again). */
  dead: boolean;
  entry: ObsEntry;
  /** Who and which day (list rows: read only once the row is flagged). */
  identified: boolean;
  dateIso: string;
  personKey: string;
  label: string;
  /** The attribute values last written (so unchanged rows are not written again). */
  shownLevel: string | null;
  shownReasons: string | null;
  /** National digits of the phone when the person is observed by 自動架電 (list only). */
  phone: string | null;
  shared: boolean;
  result: EntryResult;
  ackKey: string | null;
  ackRecord: AckRecord | undefined;
  acked: boolean;
}

export const NONE_RESULT: EntryResult = Object.freeze({ level: 'none', codes: Object.freeze([]) as unknown as RowCode[], reasons: '' }) as EntryResult;

export function newState(row: HTMLTableRowElement, index: number, entry: ObsEntry): RowState {
  return {
    row,
    index,
    dead: false,
    entry,
    identified: false,
    dateIso: '',
    personKey: '',
    label: '',
    shownLevel: null,
    shownReasons: null,
    phone: null,
    shared: false,
    result: NONE_RESULT,
    ackKey: null,
    ackRecord: undefined,
    acked: false,
  };
}

type Cols = [ObsColumn, number][];
/**
 * Which columns are read when: for every row (`at`: grid positions, `cols`: their ids, read
 * into `buf` and turned into an entry by `read`; `method`: where 健康観察方法 is in `buf`),
 * for flagged rows (`ident`), for 自動架電 rows (`phone`: grid position).
 */
export interface ReadPlan {
  cols: ObsColumn[];
  at: number[];
  buf: (string | undefined)[];
  read: (texts: readonly (string | undefined)[]) => ObsEntry;
  method: number;
  ident: Cols;
  phone: number | null;
}

const IDENT: ReadonlySet<ObsColumn> = new Set<ObsColumn>(['id', 'name', 'date']);

export function planOf(t: ObservationTable, kind: ObservationPageKind): ReadPlan {
  const list = kind === 'observation-list';
  const core = list ? t.wanted.filter(([c]) => !IDENT.has(c) && c !== 'phone') : t.wanted;
  const cols = core.map(([c]) => c);
  const phone = t.columns.get('phone');
  return {
    cols,
    at: core.map(([, i]) => i),
    buf: cols.map(() => undefined),
    read: compileEntryReader(cols),
    method: cols.indexOf('method'),
    ident: list ? t.wanted.filter(([c]) => IDENT.has(c)) : t.wanted,
    phone: list && phone !== undefined && t.columns.has('method') ? phone : null,
  };
}

const autodialCache = new Map<string, boolean>();
/** Whether a 健康観察方法 cell names 自動架電 (cached per spelling). */
export function autodial(method: string | undefined): boolean {
  if (method === undefined) return false;
  let v = autodialCache.get(method);
  if (v === undefined) {
    v = usesAutodial(method);
    if (autodialCache.size > 1000) autodialCache.clear();
    autodialCache.set(method, v);
  }
  return v;
}

/**
 * Rows observed by 自動架電 grouped by number: a number in two or more rows is PHONE_SHARED
 * (among valid numbers only). Digit scans and validity are cached per spelling and number.
 */
export class PhoneGroups {
  private readonly groups = new Map<string, RowState[]>();
  private readonly digitsCache = new Map<string, string | null>();
  private readonly validCache = new Map<string, boolean>();

  digits(raw: string | undefined): string | null {
    if (raw === undefined) return null;
    let d = this.digitsCache.get(raw);
    if (d === undefined) {
      d = normalizePhoneDigits(raw);
      if (this.digitsCache.size > 20000) this.digitsCache.clear();
      this.digitsCache.set(raw, d);
    }
    return d;
  }

  /** Whether `s` shares its number with another row (a real number). */
  shared(s: RowState): boolean {
    return s.phone !== null && (this.groups.get(s.phone)?.length ?? 0) >= 2 && this.valid(s.phone);
  }

  private valid(digits: string): boolean {
    let v = this.validCache.get(digits);
    if (v === undefined) {
      const kind = analyzePhone(digits).kind;
      v = kind !== 'invalid' && kind !== 'empty';
      this.validCache.set(digits, v);
    }
    return v;
  }

  /** Moves a row to the group of `digits`; rows whose sharing changes are added to `affected`. */
  move(s: RowState, digits: string | null, affected: Set<RowState>): void {
    if (s.phone === digits) return;
    if (s.phone !== null) {
      const g = this.groups.get(s.phone);
      if (g) {
        const i = g.indexOf(s);
        if (i >= 0) g.splice(i, 1);
        if (g.length === 1) affected.add(g[0]!);
        if (g.length === 0) this.groups.delete(s.phone);
      }
    }
    s.phone = digits;
    if (digits !== null) {
      const g = this.groups.get(digits);
      if (!g) this.groups.set(digits, [s]);
      else {
        g.push(s);
        if (g.length === 2) affected.add(g[0]!);
      }
    }
  }

  clear(): void {
    this.groups.clear();
  }
}

/** Who and which day a row is about: the list row's ID (or name and date), the person page's ID and the row's date. */
export function identify(
  s: RowState,
  t: ObservationTable,
  plan: ReadPlan,
  kind: ObservationPageKind,
  today: YMD,
  pageKey: string,
  texts?: readonly (string | undefined)[],
): { changed: boolean } {
  let c: RowCells = {};
  if (texts) plan.cols.forEach((col, i) => (c[col] = texts[i]));
  else c = readRowCells(t, s.row, plan.ident) ?? {};
  const date = dateOfCell(c.date);
  const dateIso = date ? formatISO(date) : formatISO(today);
  const personKey = kind === 'observation-list' ? personKeyOfRow(c, dateIso, s.index) : pageKey;
  const changed = dateIso !== s.dateIso || personKey !== s.personKey;
  s.dateIso = dateIso;
  s.personKey = personKey;
  s.label = kind === 'observation-list' ? rowLabel(c, s.index) : (c.date ?? '').trim() || `#${s.index + 1}`;
  s.identified = true;
  return { changed };
}

function digitsOf(s: string | undefined): string {
  return (s ?? '').normalize('NFKC').replace(/\D+/g, '');
}

/** The person of a list row: the HER-SYS ID, else the name and the row's date. */
export function personKeyOfRow(cells: RowCells, dateIso: string, index: number): string {
  const id = digitsOf(cells.id);
  if (id.length >= 4) return `hersys:${id}`;
  const name = (cells.name ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (name) return `name:${name}|${dateIso}`;
  return `row:${index}|${dateIso}`;
}

/** The person of a page: its HER-SYS ID, else its path. */
export function personKeyOfPage(doc: Document): string {
  const id = pageHersysId(doc);
  return id ? `hersys:${id}` : `page:${doc.location?.pathname ?? ''}`;
}

function rowLabel(cells: RowCells, index: number): string {
  const text = [cells.id, cells.name]
    .map((x) => (x ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
  return text || `#${index + 1}`;
}

export function isoToYmd(iso: string): YMD | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

export function trim(...lists: number[][]): void {
  for (const l of lists) if (l.length > 500) l.splice(0, l.length - 500);
}
