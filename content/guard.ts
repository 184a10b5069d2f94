/**
 * Submit guard (docs/codes.md): while the 発生届 has an error, a click on its submit button
 * and its `submit` event are held back (and, when asked for, a clean submit waits for the
 * read-back card to be confirmed). The guard asks `check()` at the moment of the
 * attempt; on an override it re-issues the original action exactly once. It fails open:
 * if anything in here throws, the page's own submit goes ahead and the error is reported.
 */
/** A held-back attempt; `user`: the browser marked the event as the user's own (isTrusted), not a page script's. */
export type PendingAction =
  | { kind: 'click'; target: HTMLElement; user: boolean }
  | { kind: 'submit'; form: HTMLFormElement; submitter: HTMLElement | null; user: boolean };

export type GuardDecision = 'block' | 'confirm' | 'allow';

/**
 * Per-feature error isolation: wraps a callback that the browser calls (event listener,
 * observer, timer, animation frame, message handler) so that an exception inside it is
 * logged (`extension-error`, the place only) and never escapes into the page's own event
 * handling. The wrapped callback returns `undefined` when `fn` threw.
 */
export function isolated<A extends unknown[], R>(where: string, log: (error: unknown, where: string) => void, fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (e) {
      try {
        log(e, where);
      } catch {
        // logging is best effort
      }
      return undefined;
    }
  };
}

export interface GuardDeps {
  enabled(): boolean;
  /** The 発生届 form element, when there is one. */
  form(): Element | null;
  /** The page's submit controls of the 発生届. */
  submitButtons(): readonly HTMLElement[];
  /**
   * Re-reads the form now and decides: `block` (errors: the dialog lists them), `confirm`
   * (no error, but the read-back card is asked for), or `allow`.
   */
  decide(user: boolean): GuardDecision;
  onBlocked(action: PendingAction, mode: Exclude<GuardDecision, 'allow'>): void;
  /** While held, the user submitted again and nothing holds it back any more: this attempt goes through, the held one is dropped. */
  onCleared?(): void;
  onError(error: unknown, where: string): void;
}

export class SubmitGuard {
  private bypass = false;
  private pending: PendingAction | null = null;

  constructor(
    private readonly win: Window,
    private readonly deps: GuardDeps,
  ) {}

  install(signal: AbortSignal): void {
    this.win.addEventListener('click', (e) => this.onClick(e), { capture: true, signal });
    this.win.addEventListener('submit', (e) => this.onSubmit(e), { capture: true, signal });
  }

  get isBlocking(): boolean {
    return this.pending !== null;
  }

  /** The user gave up the attempt (修正する / Escape). */
  cancel(): void {
    this.pending = null;
  }

  /** Re-issues the held-back action once, bypassing the guard (override, or a confirmed card). */
  release(): void {
    const action = this.pending;
    this.pending = null;
    if (!action) return;
    this.bypass = true;
    try {
      if (action.kind === 'click') {
        if (action.target.isConnected) action.target.click();
      } else if (action.form.isConnected) {
        const s = action.submitter;
        const usable = s instanceof HTMLButtonElement || (s instanceof HTMLInputElement && (s.type === 'submit' || s.type === 'image'));
        if (usable && s && (s as HTMLButtonElement).form === action.form) action.form.requestSubmit(s);
        else action.form.requestSubmit();
      }
    } finally {
      this.bypass = false;
    }
  }

  private submitControlFor(target: EventTarget | null): HTMLElement | null {
    if (!(target instanceof Element)) return null;
    const buttons = this.deps.submitButtons();
    for (const b of buttons) if (b === target || b.contains(target)) return b;
    return null;
  }

  private onClick(e: MouseEvent): void {
    if (this.bypass) return;
    let held: PendingAction | null = null;
    try {
      if (!this.deps.enabled()) return;
      const control = this.submitControlFor(e.target);
      if (!control) return;
      if (this.pending && this.holdAgain(e)) return;
      const mode = this.deps.decide(e.isTrusted);
      if (mode === 'allow') return;
      this.stop(e);
      held = this.pending = { kind: 'click', target: control, user: e.isTrusted };
      this.deps.onBlocked(this.pending, mode);
    } catch (err) {
      this.pending = null;
      this.deps.onError(err, 'guard.click');
      this.failOpen(held);
    }
  }

  private onSubmit(e: SubmitEvent): void {
    if (this.bypass) return;
    let held: PendingAction | null = null;
    try {
      if (!this.deps.enabled()) return;
      const form = this.deps.form();
      if (!form || e.target !== form || !(form instanceof HTMLFormElement)) return;
      if (this.pending && this.holdAgain(e)) return;
      const mode = this.deps.decide(e.isTrusted);
      if (mode === 'allow') return;
      this.stop(e);
      held = this.pending = { kind: 'submit', form, submitter: (e.submitter as HTMLElement | null) ?? null, user: e.isTrusted };
      this.deps.onBlocked(this.pending, mode);
    } catch (err) {
      this.pending = null;
      this.deps.onError(err, 'guard.submit');
      this.failOpen(held);
    }
  }

  /**
   * The attempt was already stopped when holding it back failed (the dialog could not open):
   * re-issue it once, so that our failure never swallows the user's submit.
   */
  private failOpen(held: PendingAction | null): void {
    if (!held) return;
    try {
      this.pending = held;
      this.release();
    } catch (err) {
      this.pending = null;
      this.deps.onError(err, 'guard.release');
    }
  }

  /**
   * A submit while one is held (the dialog is open): decided again on the form as it is now.
   * Still blocked, or waiting for the card: held back too (returns true). Nothing holds it back
   * any more: the held attempt is dropped and this one goes through — exactly one submit.
   */
  private holdAgain(e: Event): boolean {
    const pending = this.pending!;
    const mode = this.deps.decide(e.isTrusted);
    if (mode === 'allow') {
      this.pending = null;
      this.deps.onCleared?.();
      return true;
    }
    this.stop(e);
    if (mode === 'confirm') this.deps.onBlocked(pending, 'confirm');
    return true;
  }

  private stop(e: Event): void {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}
