/** The submit-guard dialog: what holds the submit back, a way to each field, and the override with a reason. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProblemField } from '../../shared/fields';
import type { NotificationView } from '../page/notification-view';
import { translator, type Lang } from './strings';
import { userOnly } from './user-event';

export interface GuardDialogProps {
  lang: Lang;
  /** The current view: the dialog lists its errors (blocking) and warnings, live. */
  view: NotificationView;
  onFix(): void;
  onOverride(reason: string): void;
  onClose(): void;
  onJump(field: ProblemField): void;
  /** Nothing holds the submit back any more: submit now. */
  onSubmit(): void;
}

const MIN_REASON = 4;

export function GuardDialog({ lang, view, onFix, onOverride, onClose, onJump, onSubmit }: GuardDialogProps) {
  const t = translator(lang);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const fixRef = useRef<HTMLButtonElement>(null);
  const errors = view.groups.filter((g) => g.items.some((i) => i.level === 'error'));
  const warnings = view.groups
    .map((g) => ({ ...g, items: g.items.filter((i) => i.level !== 'error') }))
    .filter((g) => g.items.length > 0);

  useEffect(() => {
    fixRef.current?.focus();
  }, []);
  useEffect(() => {
    if (overriding) reasonRef.current?.focus();
  }, [overriding]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Tab') {
      // Keep focus inside the modal dialog.
      const focusables = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button:not([disabled]), textarea') ?? [])];
      if (focusables.length === 0) return;
      const root = dialogRef.current?.getRootNode() as ShadowRoot | Document;
      const idx = focusables.indexOf(root.activeElement as HTMLElement);
      const next = e.shiftKey ? (idx <= 0 ? focusables.length - 1 : idx - 1) : idx === focusables.length - 1 ? 0 : idx + 1;
      e.preventDefault();
      focusables[next]?.focus();
    }
  };
  const valid = reason.trim().length >= MIN_REASON;
  // The dialog follows the form: a problem fixed behind it leaves the list at once, and when
  // none holds the submit back any more it says so and offers the submit.
  const resolved = errors.length === 0;

  return (
    <div class="backdrop">
      <div
        ref={dialogRef}
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="hersys-assist-dialog-title"
        aria-describedby="hersys-assist-dialog-lead"
        lang={lang}
        onKeyDown={userOnly(onKeyDown)}
      >
        <h2 id="hersys-assist-dialog-title">{t('ov_dialogTitle')}</h2>
        <p id="hersys-assist-dialog-lead" data-resolved={resolved ? 'true' : 'false'}>
          {resolved ? t('ov_dialogResolved') : t('ov_dialogLead')}
        </p>
        <ul class="groups">
          {errors.map((g) => (
            <li key={g.field} data-field={g.field}>
              <button type="button" class="jump" onClick={userOnly(() => onJump(g.field))}>
                {g.label}
              </button>
              <ul>
                {g.items
                  .filter((i) => i.level === 'error')
                  .map((i) => (
                    <li key={i.code} data-code={i.code} class="level-error">
                      {i.text}
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
        {warnings.length > 0 && (
          <>
            <h3>{t('ov_warnings')}</h3>
            <ul class="groups warnings">
              {warnings.map((g) => (
                <li key={g.field} data-field={g.field}>
                  <span class="field-name">{g.label}</span>
                  <ul>
                    {g.items.map((i) => (
                      <li key={i.code} data-code={i.code} class={`level-${i.level}`}>
                        {i.text}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
        {overriding && (
          <div class="override">
            <label for="hersys-assist-reason">{t('ov_overrideLabel')}</label>
            <textarea
              id="hersys-assist-reason"
              ref={reasonRef}
              rows={2}
              maxLength={500}
              value={reason}
              onInput={userOnly((e: Event) => setReason((e.currentTarget as HTMLTextAreaElement).value))}
            />
          </div>
        )}
        <div class="actions">
          {resolved ? (
            <button type="button" class="primary resolved-submit" onClick={userOnly(() => onSubmit())}>
              {t('ov_dialogResolvedSubmit')}
            </button>
          ) : (
            <button type="button" ref={fixRef} class="primary" onClick={userOnly(() => onFix())}>
              {t('ov_fix')}
            </button>
          )}
          {resolved ? null : overriding ? (
            <button type="button" class="override-submit" disabled={!valid} onClick={userOnly(() => valid && onOverride(reason.trim()))}>
              {t('ov_overrideSubmit')}
            </button>
          ) : (
            <button type="button" class="override-start" onClick={userOnly(() => setOverriding(true))}>
              {t('ov_overrideStart')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
