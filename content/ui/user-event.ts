/**
 * Our own controls (the guard dialog, the read-back card) act on the user's events only: an
 * event the browser did not mark as trusted — a page script's `click()`, `dispatchEvent` or a
 * scripted reason in our open shadow root — does nothing.
 */
export function userOnly<E extends Event>(fn: (e: E) => void): (e: E) => void {
  return (e) => {
    if (e.isTrusted) fn(e);
  };
}
