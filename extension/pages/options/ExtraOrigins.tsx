/** Options: extra origins — other sites the checks run on, each an optional host permission the user grants here (see the README). */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { MessageKey, Translate } from '../../../shared/i18n';
import { parseOrigin, type OriginProblem } from '../../../shared/origins';
import { Locked } from './Locked';

/** Why an origin cannot be added (codes from shared/origins) → catalogue key. */
const ORIGIN_PROBLEM_KEY: Record<OriginProblem, MessageKey> = {
  ORIGIN_EMPTY: 'opt_origin_ORIGIN_EMPTY',
  ORIGIN_INVALID: 'opt_origin_ORIGIN_INVALID',
  ORIGIN_SCHEME: 'opt_origin_ORIGIN_SCHEME',
  ORIGIN_HTTP_NOT_LOOPBACK: 'opt_origin_ORIGIN_HTTP_NOT_LOOPBACK',
  ORIGIN_HAS_PATH: 'opt_origin_ORIGIN_HAS_PATH',
  ORIGIN_WILDCARD_TOO_WIDE: 'opt_origin_ORIGIN_WILDCARD_TOO_WIDE',
  ORIGIN_ALREADY_COVERED: 'opt_origin_ORIGIN_ALREADY_COVERED',
};

export function ExtraOrigins({ origins, locked, onChange, t }: { origins: string[]; locked: boolean; onChange: (next: string[]) => void; t: Translate }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [granted, setGranted] = useState<Record<string, boolean>>({});

  useEffect(() => {
    let live = true;
    const refresh = () => {
      Promise.all(
        origins.map(async (o) => {
          const p = parseOrigin(o);
          return [o, p.ok ? await browser.permissions.contains({ origins: [p.pattern] }).catch(() => false) : false] as const;
        }),
      ).then((pairs) => live && setGranted(Object.fromEntries(pairs)));
    };
    refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, [origins.join(' ')]);

  // permissions.request must run inside the click (a user gesture): no await before it.
  const request = (pattern: string, then: (ok: boolean) => void) => {
    browser.permissions.request({ origins: [pattern] }).then(then, (e: unknown) => {
      setError(t('opt_permissionFailed', e instanceof Error ? e.message : String(e)));
    });
  };

  const add = () => {
    const p = parseOrigin(draft);
    setErrorCode(null);
    if (!p.ok) {
      setError(t(ORIGIN_PROBLEM_KEY[p.problem]));
      setErrorCode(p.problem);
      return;
    }
    if (origins.includes(p.origin)) {
      setError(t('opt_originListed', p.origin));
      return;
    }
    setError(null);
    request(p.pattern, (ok) => {
      if (!ok) {
        setError(t('opt_originNotGranted'));
        return;
      }
      setDraft('');
      onChange([...origins, p.origin]);
    });
  };

  const remove = (origin: string) => {
    const next = origins.filter((o) => o !== origin);
    onChange(next);
    const p = parseOrigin(origin);
    // The permission goes too, unless another origin on the same host still needs it.
    if (p.ok && !next.some((o) => { const q = parseOrigin(o); return q.ok && q.pattern === p.pattern; })) {
      browser.permissions.remove({ origins: [p.pattern] }).catch(() => undefined);
    }
  };

  return (
    <section aria-labelledby="extra-origins-h">
      <h2 id="extra-origins-h">
        {t('opt_originsTitle')} <Locked on={locked} k="extraOrigins" t={t} />
      </h2>
      <p class="muted">
        {t('opt_originsNote')}
      </p>
      {origins.length === 0 ? (
        <p class="muted" id="extra-origins-empty">
          {t('opt_originsEmpty')}
        </p>
      ) : (
        <ul class="origins">
          {origins.map((o) => (
            <li key={o} data-origin={o}>
              <code>{o}</code>{' '}
              {granted[o] ? (
                <span class="ok" data-granted="true">
                  {t('opt_originAllowed')}
                </span>
              ) : (
                <>
                  <span class="error" data-granted="false">
                    {t('opt_originNotAllowed')}
                  </span>{' '}
                  <button
                    type="button"
                    onClick={() => {
                      const p = parseOrigin(o);
                      if (p.ok) request(p.pattern, () => undefined);
                    }}
                  >
                    {t('opt_originAllow')}
                  </button>
                </>
              )}{' '}
              {!locked && (
                <button type="button" data-remove-origin={o} onClick={() => remove(o)} aria-label={t('opt_originRemoveLabel', o)}>
                  {t('opt_originRemove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!locked && (
        <p class="row">
          <label for="origin-new">{t('opt_originAddLabel')}</label>
          <input
            id="origin-new"
            type="text"
            placeholder="https://example.lg.jp"
            value={draft}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'origin-error' : undefined}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.isComposing) add();
            }}
          />
          <button type="button" id="origin-add" onClick={add}>
            {t('opt_originAdd')}
          </button>
        </p>
      )}
      {error && (
        <p id="origin-error" class="error" role="alert" data-problem={errorCode ?? undefined}>
          {error}
        </p>
      )}
    </section>
  );
}
