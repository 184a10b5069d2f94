/**
 * Outline boxes around fields that need attention, drawn in our own fixed layer inside the
 * shadow root (the page's elements are never restyled). Positions follow scroll, resize and
 * tab switches: `redraw()` is cheap and is called on those events.
 */
import type { FieldState } from '../page/notification-view';

export interface HighlightTarget {
  field: string;
  state: FieldState;
  elements: readonly HTMLElement[];
}

/** A line of read-back text shown just below a field (phone, birthdate). */
export interface FieldNote {
  field: string;
  lines: string[];
  tone: 'ok' | 'warning' | 'info';
  element: HTMLElement;
}

export class HighlightLayer {
  readonly root: HTMLDivElement;
  private targets: HighlightTarget[] = [];
  private boxes: HTMLDivElement[] = [];
  private notes: FieldNote[] = [];
  private noteEls = new Map<string, HTMLDivElement>();
  private frame = 0;

  constructor(container: HTMLElement) {
    this.root = container.ownerDocument.createElement('div');
    this.root.className = 'highlights';
    this.root.setAttribute('aria-hidden', 'true');
    container.append(this.root);
  }

  set(targets: HighlightTarget[]): void {
    this.targets = targets.filter((t) => t.state !== 'ok');
    this.schedule();
  }

  /** Read-back notes under fields; text is set with textContent only. */
  setNotes(notes: FieldNote[]): void {
    this.notes = notes.filter((n) => n.lines.some(Boolean));
    const doc = this.root.ownerDocument;
    const keep = new Set(this.notes.map((n) => n.field));
    for (const [field, el] of this.noteEls) {
      if (!keep.has(field)) {
        el.remove();
        this.noteEls.delete(field);
      }
    }
    for (const n of this.notes) {
      let el = this.noteEls.get(n.field);
      if (!el) {
        el = doc.createElement('div');
        el.className = 'note';
        el.dataset.field = n.field;
        this.root.append(el);
        this.noteEls.set(n.field, el);
      }
      el.dataset.tone = n.tone;
      const text = n.lines.filter(Boolean);
      if (el.childElementCount !== text.length || [...el.children].some((c, i) => c.textContent !== text[i])) {
        el.replaceChildren(
          ...text.map((t) => {
            const line = doc.createElement('div');
            line.textContent = t;
            return line;
          }),
        );
      }
    }
    this.schedule();
  }

  /** Coalesces redraws into the next animation frame. */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      try {
        this.redraw();
      } catch (e) {
        if (this.onError) this.onError(e);
        else console.warn('[HER-SYS Assist] highlights:', e);
      }
    });
  }

  /** Called after each redraw (the panel uses it to keep clear of the page's buttons). */
  onRedraw: (() => void) | null = null;
  /** Told about an exception in a scheduled redraw (the feature logs it; it never reaches the page). */
  onError: ((error: unknown) => void) | null = null;

  redraw(): void {
    const rects: { state: FieldState; field: string; r: DOMRect }[] = [];
    for (const t of this.targets) {
      const r = unionRect(t.elements);
      if (r) rects.push({ state: t.state, field: t.field, r });
    }
    const doc = this.root.ownerDocument;
    while (this.boxes.length < rects.length) {
      const b = doc.createElement('div');
      b.className = 'hl';
      this.root.append(b);
      this.boxes.push(b);
    }
    this.boxes.forEach((b, i) => {
      const x = rects[i];
      if (!x) {
        b.hidden = true;
        return;
      }
      b.hidden = false;
      b.dataset.state = x.state;
      b.dataset.field = x.field;
      const pad = 3;
      b.style.left = `${x.r.left - pad}px`;
      b.style.top = `${x.r.top - pad}px`;
      b.style.width = `${x.r.width + pad * 2}px`;
      b.style.height = `${x.r.height + pad * 2}px`;
    });
    for (const n of this.notes) {
      const el = this.noteEls.get(n.field);
      if (!el) continue;
      const r = n.element.isConnected ? n.element.getBoundingClientRect() : null;
      if (!r || (r.width === 0 && r.height === 0)) {
        el.hidden = true;
        continue;
      }
      el.hidden = false;
      // Beside the field when there is room (nothing of the form is covered), else just below it.
      const width = el.offsetWidth || 300;
      const view = this.root.ownerDocument.documentElement.clientWidth;
      if (r.right + 12 + width <= view) {
        el.style.left = `${r.right + 12}px`;
        el.style.top = `${r.top}px`;
      } else {
        el.style.left = `${Math.max(4, Math.min(r.left, view - width - 4))}px`;
        el.style.top = `${r.bottom + 4}px`;
      }
    }
    this.onRedraw?.();
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.root.remove();
  }
}

/** The box around every visible element of a field (a radio group: all its options and labels). */
function unionRect(elements: readonly HTMLElement[]): DOMRect | null {
  let l = Infinity;
  let t = Infinity;
  let r = -Infinity;
  let b = -Infinity;
  for (const el of elements) {
    if (!el.isConnected) continue;
    const parts: Element[] = [el];
    const lbl = (el as HTMLInputElement).labels;
    if (lbl) parts.push(...Array.from(lbl));
    for (const p of parts) {
      const rect = p.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      l = Math.min(l, rect.left);
      t = Math.min(t, rect.top);
      r = Math.max(r, rect.right);
      b = Math.max(b, rect.bottom);
    }
  }
  if (l === Infinity) return null;
  return new DOMRect(l, t, r - l, b - t);
}
