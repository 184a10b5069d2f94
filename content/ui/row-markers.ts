/**
 * Row markers for observation tables, drawn in our own fixed layer inside the shadow root
 * (the page's rows only get data attributes). Only the flagged rows in view get a marker
 * (a small pool of elements is reused), found by binary search over the flagged rows in
 * document order, so a 5,000-row list costs a few `getBoundingClientRect` calls per frame.
 *
 * A marker: a shape and a word for the level (not colour alone), a tooltip with the
 * reasons that opens on hover or focus, and a 確認済み button.
 */
import type { ObsLevel } from '../../shared/observation';

export interface RowMark {
  row: HTMLElement;
  level: ObsLevel;
  /** Position of the row among the table's data rows (for tests and the panel). */
  index: number;
  /** Level word shown on the marker (緊急 / 注意 / 未回答). */
  label: string;
  /** The reasons, one line each. */
  reasons: string[];
  acked: boolean;
  /** Whether the mark can be stored (a person key was found). */
  canAck: boolean;
}

export interface MarkerText {
  ack: string;
  acked: string;
  ackHint: string;
  /** After the level word when acknowledged: `（確認済み）`. */
  ackedSuffix: string;
  /** Between reasons in the marker's accessible name: `、`. */
  separator: string;
}

const GLYPH: Record<ObsLevel, string> = { critical: '▲', warning: '◆', unanswered: '？' };
const WIDTH = 70;
/** A marker with the shape only (the word stays in its accessible name and tooltip). */
const COMPACT = 24;
const GAP = 4;

/** Where a marker sits relative to its row's left edge, for rows with no room beside them. */
interface Inside {
  rowWidth: number;
  offset: number;
  compact: boolean;
}

function cellsOf(row: HTMLElement): Element[] {
  return row instanceof HTMLTableRowElement ? [...row.cells] : [...row.children];
}

/** The empty stretch after the text of `cell` (the whole cell when it has no text). Reads only. */
function trailingGap(cell: Element, range: Range): { start: number; size: number } {
  const c = cell.getBoundingClientRect();
  if (c.width <= 0) return { start: c.left, size: 0 };
  range.selectNodeContents(cell);
  const t = range.getBoundingClientRect();
  if (t.width <= 0 || !(cell.textContent ?? '').trim()) return { start: c.left, size: c.width };
  const start = Math.min(Math.max(t.right, c.left), c.right);
  return { start, size: c.right - start };
}

/**
 * For a full-width table (no room beside its rows): the column whose empty space after its
 * text is widest in every sampled row, so markers line up in one column and never cover the
 * HER-SYS ID or a name.
 */
function markerColumn(rows: HTMLElement[], range: Range): number {
  let best = 0;
  let bestSize = -1;
  const n = Math.max(0, ...rows.map((r) => cellsOf(r).length));
  for (let i = 0; i < n; i++) {
    let min = Infinity;
    for (const row of rows) {
      const cell = cellsOf(row)[i];
      min = Math.min(min, cell ? trailingGap(cell, range).size : 0);
    }
    if (min > bestSize) {
      bestSize = min;
      best = i;
    }
  }
  return best;
}

function insideSpot(row: HTMLElement, r: DOMRect, column: number, range: Range): Inside {
  const cell = cellsOf(row)[column];
  const gap = cell ? trailingGap(cell, range) : { start: r.left + 2, size: 0 };
  const compact = gap.size < WIDTH + GAP * 2;
  const w = compact ? COMPACT : WIDTH;
  const offset = gap.size >= w + GAP * 2 ? gap.start + GAP - r.left : gap.start + gap.size - w - r.left;
  return { rowWidth: r.width, offset: Math.max(0, Math.min(offset, r.width - w)), compact };
}

interface MarkerEl {
  root: HTMLDivElement;
  button: HTMLButtonElement;
  glyph: HTMLSpanElement;
  word: HTMLSpanElement;
  tip: HTMLDivElement;
  list: HTMLUListElement;
  ack: HTMLButtonElement;
  mark: RowMark | null;
}

let nextId = 0;

export class RowMarkerLayer {
  readonly root: HTMLDivElement;
  private marks: RowMark[] = [];
  private pool: MarkerEl[] = [];
  private frame = 0;
  private current: HTMLElement | null = null;
  private inside = new WeakMap<HTMLElement, Inside>();
  /** The column markers go in when the table leaves no room beside its rows (-1: not chosen yet). */
  private column = -1;
  private columnWidth = 0;
  onAck: ((mark: RowMark) => void) | null = null;
  onSelect: ((mark: RowMark) => void) | null = null;
  /** Told about an exception in a scheduled redraw or a click on a marker (the feature logs it). */
  onError: ((error: unknown) => void) | null = null;

  constructor(
    container: HTMLElement,
    private readonly text: () => MarkerText,
  ) {
    this.root = container.ownerDocument.createElement('div');
    this.root.className = 'row-marks';
    container.append(this.root);
    this.root.addEventListener('click', (e) => {
      try {
        const target = e.target as Element | null;
        const el = this.pool.find((p) => p.root.contains(target));
        if (!el?.mark) return;
        if (target?.closest('button.ack')) {
          if (!el.mark.acked && el.mark.canAck) this.onAck?.(el.mark);
        } else if (target?.closest('button.mark-btn')) this.onSelect?.(el.mark);
      } catch (err) {
        if (this.onError) this.onError(err);
        else console.warn('[HER-SYS Assist] row markers:', err);
      }
    });
  }

  /** The flagged rows, in document order. */
  set(marks: RowMark[]): void {
    this.marks = marks;
    this.inside = new WeakMap();
    this.column = -1;
    this.schedule();
  }

  setCurrent(row: HTMLElement | null): void {
    this.current = row;
    this.schedule();
  }

  /** The marker element drawn for a row, if it is in view. */
  markerFor(row: HTMLElement): HTMLElement | null {
    return this.pool.find((p) => p.mark?.row === row && !p.root.hidden)?.root ?? null;
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      try {
        this.redraw();
      } catch (e) {
        if (this.onError) this.onError(e);
        else console.warn('[HER-SYS Assist] row markers:', e);
      }
    });
  }

  /** The first mark whose row ends below the top of the view (rows are in document order). */
  private firstInView(): number {
    const marks = this.marks;
    let lo = 0;
    let hi = marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = marks[mid]!.row.getBoundingClientRect();
      // A row out of layout (hidden by the page) has an empty box: fall back to a linear scan.
      if (r.height === 0 && r.width === 0) return 0;
      if (r.bottom < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  redraw(): void {
    const doc = this.root.ownerDocument;
    const vh = doc.documentElement.clientHeight || 800;
    const vw = doc.documentElement.clientWidth || 1200;
    const shown: { mark: RowMark; r: DOMRect; left: number; compact: boolean }[] = [];
    // Reads first (row boxes, and text extents for rows with no room beside them), writes after.
    for (let i = this.firstInView(); i < this.marks.length && shown.length < 80; i++) {
      const m = this.marks[i]!;
      if (!m.row.isConnected) continue;
      const r = m.row.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.bottom < 0) continue;
      if (r.top > vh) break;
      let left = r.left - WIDTH - GAP;
      let compact = false;
      if (r.left < WIDTH + GAP * 2) {
        if (vw - r.right >= WIDTH + GAP * 2) left = r.right + GAP;
        else {
          let spot = this.inside.get(m.row);
          if (!spot || Math.abs(spot.rowWidth - r.width) > 0.5) {
            const range = m.row.ownerDocument.createRange();
            if (this.column < 0 || Math.abs(this.columnWidth - r.width) > 0.5) {
              this.column = markerColumn(this.marks.slice(i, i + 40).map((x) => x.row).filter((x) => x.isConnected), range);
              this.columnWidth = r.width;
            }
            spot = insideSpot(m.row, r, this.column, range);
            this.inside.set(m.row, spot);
          }
          left = r.left + spot.offset;
          compact = spot.compact;
        }
      }
      shown.push({ mark: m, r, left, compact });
    }
    while (this.pool.length < shown.length) this.pool.push(this.make());
    const t = this.text();
    this.pool.forEach((p, i) => {
      const s = shown[i];
      if (!s) {
        p.root.hidden = true;
        p.mark = null;
        return;
      }
      this.fill(p, s.mark, t);
      const h = Math.min(24, Math.max(16, s.r.height - 2));
      p.root.style.left = `${Math.round(s.left)}px`;
      p.root.classList.toggle('compact', s.compact);
      p.root.style.top = `${Math.round(s.r.top + (s.r.height - h) / 2)}px`;
      p.root.style.height = `${h}px`;
      p.root.classList.toggle('up', s.r.top > vh - 180);
      p.root.hidden = false;
    });
  }

  private fill(p: MarkerEl, m: RowMark, t: MarkerText): void {
    p.mark = m;
    p.root.dataset.level = m.level;
    p.root.dataset.row = String(m.index);
    p.root.dataset.acked = m.acked ? 'true' : 'false';
    p.root.classList.toggle('current', m.row === this.current);
    const sig = `${m.level}|${m.label}|${m.acked}|${m.canAck}|${m.reasons.join('|')}`;
    if (p.root.dataset.sig === sig) return;
    p.root.dataset.sig = sig;
    p.glyph.textContent = GLYPH[m.level];
    p.word.textContent = m.acked ? `${m.label}✓` : m.label;
    p.button.setAttribute('aria-label', `${m.label}${m.acked ? t.ackedSuffix : ''}: ${m.reasons.join(t.separator)}`);
    const doc = this.root.ownerDocument;
    p.list.replaceChildren(
      ...m.reasons.map((r) => {
        const li = doc.createElement('li');
        li.textContent = r;
        return li;
      }),
    );
    p.ack.dataset.state = String(m.acked);
    p.ack.textContent = m.acked ? `✓ ${t.acked}` : t.ack;
    p.ack.disabled = m.acked || !m.canAck;
    p.ack.setAttribute('aria-pressed', m.acked ? 'true' : 'false');
    p.ack.title = t.ackHint;
  }

  private make(): MarkerEl {
    const doc = this.root.ownerDocument;
    const id = `hersys-assist-tip-${nextId++}`;
    const root = doc.createElement('div');
    root.className = 'mark';
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'mark-btn';
    button.setAttribute('aria-describedby', id);
    const glyph = doc.createElement('span');
    glyph.className = 'glyph';
    glyph.setAttribute('aria-hidden', 'true');
    const word = doc.createElement('span');
    word.className = 'word';
    button.append(glyph, word);
    const tip = doc.createElement('div');
    tip.className = 'tip';
    tip.id = id;
    tip.setAttribute('role', 'tooltip');
    const list = doc.createElement('ul');
    const ack = doc.createElement('button');
    ack.type = 'button';
    ack.className = 'ack';
    tip.append(list, ack);
    root.append(button, tip);
    root.hidden = true;
    this.root.append(root);
    return { root, button, glyph, word, tip, list, ack, mark: null };
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.root.remove();
  }
}
