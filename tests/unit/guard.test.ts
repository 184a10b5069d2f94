// @vitest-environment happy-dom
/**
 * The submit guard fails open (issue 8 part 3): whatever goes wrong inside it, the page's own
 * click or submit goes ahead exactly once and the failure is reported; `isolated` keeps an
 * exception in any of our callbacks from reaching the page.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isolated, SubmitGuard, type GuardDecision, type GuardDeps } from '../../content/guard';

let form: HTMLFormElement;
let button: HTMLButtonElement;
let pageClicks: number;
let pageSubmits: number;

beforeEach(() => {
  document.body.replaceChildren();
  form = document.createElement('form');
  button = document.createElement('button');
  button.type = 'submit';
  button.textContent = '発生届を提出';
  form.append(button);
  document.body.append(form);
  pageClicks = 0;
  pageSubmits = 0;
  button.addEventListener('click', () => pageClicks++);
  form.addEventListener('submit', (e) => {
    pageSubmits++;
    e.preventDefault();
  });
});

function install(over: Partial<GuardDeps>): { guard: SubmitGuard; errors: string[]; abort: AbortController } {
  const errors: string[] = [];
  const deps: GuardDeps = {
    enabled: () => true,
    form: () => form,
    submitButtons: () => [button],
    decide: (): GuardDecision => 'block',
    onBlocked: () => undefined,
    onError: (_e, where) => errors.push(where),
    ...over,
  };
  const guard = new SubmitGuard(window, deps);
  const abort = new AbortController();
  guard.install(abort.signal);
  return { guard, errors, abort };
}

describe('SubmitGuard fails open', () => {
  it('holds a click back while the form has errors, and re-issues it once on release', () => {
    const onBlocked = vi.fn();
    const { guard, errors, abort } = install({ onBlocked });
    button.click();
    expect(onBlocked).toHaveBeenCalledTimes(1);
    expect(guard.isBlocking).toBe(true);
    expect([pageClicks, pageSubmits]).toEqual([0, 0]);
    guard.release();
    expect([pageClicks, pageSubmits]).toEqual([1, 1]);
    expect(guard.isBlocking).toBe(false);
    expect(errors).toEqual([]);
    abort.abort();
  });

  it('a reader that throws at decision time lets the click and the submit through, and reports both', () => {
    const { guard, errors, abort } = install({
      decide: () => {
        throw new Error('reader failed');
      },
    });
    button.click();
    expect([pageClicks, pageSubmits]).toEqual([1, 1]);
    expect(guard.isBlocking).toBe(false);
    expect(errors).toEqual(['guard.click', 'guard.submit']);
    abort.abort();
  });

  it('a dialog that cannot open after the click was stopped: the click is re-issued exactly once', () => {
    const { guard, errors, abort } = install({
      onBlocked: () => {
        throw new Error('dialog failed');
      },
    });
    button.click();
    // The original click was stopped; the re-issued one passes the guard (and its submit too).
    expect([pageClicks, pageSubmits]).toEqual([1, 1]);
    expect(guard.isBlocking).toBe(false);
    expect(errors).toEqual(['guard.click']);
    abort.abort();
  });

  it('a dialog that cannot open for a submit event (Enter in a field): the submit is re-issued exactly once', () => {
    const { guard, errors, abort } = install({
      submitButtons: () => [],
      onBlocked: () => {
        throw new Error('dialog failed');
      },
    });
    form.requestSubmit();
    expect(pageSubmits).toBe(1);
    expect(guard.isBlocking).toBe(false);
    expect(errors).toEqual(['guard.submit']);
    abort.abort();
  });

  it('switched off, it never looks at the form', () => {
    const decide = vi.fn((): GuardDecision => 'block');
    const { abort } = install({ enabled: () => false, decide });
    button.click();
    expect([pageClicks, pageSubmits]).toEqual([1, 1]);
    expect(decide).not.toHaveBeenCalled();
    abort.abort();
  });
});

describe('isolated', () => {
  it('returns what the callback returns', () => {
    const log = vi.fn();
    expect(isolated('x', log, (a: number, b: number) => a + b)(2, 3)).toBe(5);
    expect(log).not.toHaveBeenCalled();
  });

  it('catches, logs the place, and returns undefined; a failing logger is swallowed too', () => {
    const log = vi.fn();
    const boom = new Error('boom');
    const f = isolated('notification.input', log, () => {
      throw boom;
    });
    expect(f()).toBeUndefined();
    expect(log).toHaveBeenCalledWith(boom, 'notification.input');
    const g = isolated('x', () => {
      throw new Error('logger down');
    }, () => {
      throw boom;
    });
    expect(() => g()).not.toThrow();
  });

  it('as an event listener, an exception never reaches the page and later listeners still run', () => {
    const log = vi.fn();
    const abort = new AbortController();
    let later = 0;
    window.addEventListener('click', isolated('page.click', log, () => {
      throw new Error('ours');
    }), { capture: true, signal: abort.signal });
    button.addEventListener('click', () => later++);
    expect(() => button.click()).not.toThrow();
    expect(later).toBe(1);
    expect(log).toHaveBeenCalledTimes(1);
    abort.abort();
  });
});
