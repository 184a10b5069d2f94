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
const GAP = 4;

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
    const shown: { mark: RowMark; r: DOMRect }[] = [];
    for (let i = this.firstInView(); i < this.marks.length && shown.length < 80; i++) {
      const m = this.marks[i]!;
      if (!m.row.isConnected) continue;
      const r = m.row.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.bottom < 0) continue;
      if (r.top > vh) break;
      shown.push({ mark: m, r });
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
      const left = s.r.left >= WIDTH + GAP * 2 ? s.r.left - WIDTH - GAP : vw - s.r.right >= WIDTH + GAP * 2 ? s.r.right + GAP : s.r.left + 2;
      p.root.style.left = `${Math.round(left)}px`;
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
