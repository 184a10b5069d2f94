/** The overlay: the panel (tier, reasons, problems by field) and the submit-guard dialog. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProblemField } from '../../shared/fields';
import type { NotificationView } from '../page/notification-view';
import { translator, type Lang } from './strings';

export interface GuardPrompt {
  /** Problems that hold the submit back (errors), and warnings shown alongside. */
  view: NotificationView;
}

/** The read-back card shown before a clean submit when 送信前に確認する is on. */
export interface ConfirmCardData {
  phone: string;
  phoneKind: string;
  sms: boolean;
  birthday: string;
  age: number | null;
  tier: string;
  tierLabel: string;
}

export interface OverlayProps {
  lang: Lang;
  view: NotificationView;
  collapsed: boolean;
  guard: GuardPrompt | null;
  confirm: ConfirmCardData | null;
  onConfirm(): void;
  onToggle(): void;
  onJump(field: ProblemField): void;
  onFix(): void;
  onOverride(reason: string): void;
  onCloseGuard(): void;
}

export function Overlay(props: OverlayProps) {
  return (
    <>
      <Panel {...props} />
      {props.guard && <GuardDialog {...props} guard={props.guard} />}
      {props.confirm && <ConfirmCard {...props} confirm={props.confirm} />}
    </>
  );
}

function Panel({ lang, view, collapsed, onToggle, onJump }: OverlayProps) {
  const t = translator(lang);
  const listId = 'hersys-assist-problems';
  return (
    <aside class={`panel status-${view.status}`} data-collapsed={collapsed ? 'true' : 'false'} aria-label={t('ov_product')} lang={lang}>
      <header class="panel-head">
        <span class={`badge tier-${view.tier}`}>{view.tierLabel}</span>
        <span class="counts">{t('ov_counts', view.missing.length, view.invalid.length)}</span>
        <button type="button" class="toggle" aria-expanded={!collapsed} aria-controls={listId} onClick={onToggle}>
          {collapsed ? t('ov_expand') : t('ov_collapse')}
        </button>
      </header>
      <section role="status" aria-live="polite" aria-atomic="false" class="status">
        <p class="tier-line">
          {t('ov_tier')}: <strong>{view.tierLabel}</strong>
          <span class="facts">
            {' '}
            ({view.age === null ? t('ov_ageUnknown') : t('ov_age', view.age)} · {t('ov_riskCount', view.riskCount)})
          </span>
        </p>
        <div id={listId} class="body" hidden={collapsed}>
          <h2>{t('ov_reasons')}</h2>
          <ul class="reasons">
            {view.reasons.map((r) => (
              <li key={r.code} data-code={r.code}>
                {r.text}
              </li>
            ))}
          </ul>
          <h2>{t('ov_problems')}</h2>
          {view.groups.length === 0 ? (
            <p class="none">{t('ov_noProblems')}</p>
          ) : (
            <ul class="groups">
              {view.groups.map((g) => (
                <li key={g.field} data-field={g.field}>
                  <button type="button" class="jump" title={t('ov_jump')} onClick={() => onJump(g.field)}>
                    {g.label}
                  </button>
                  <ul>
                    {g.items.map((i) => (
                      <li key={i.code} class={`level-${i.level}`} data-code={i.code}>
                        <span class="level">{i.level === 'error' ? '✖' : '⚠'}</span> {i.text}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </aside>
  );
}

const MIN_REASON = 4;

function GuardDialog({ lang, guard, onFix, onOverride, onCloseGuard, onJump }: OverlayProps & { guard: GuardPrompt }) {
  const t = translator(lang);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const fixRef = useRef<HTMLButtonElement>(null);
  const errors = guard.view.groups.filter((g) => g.items.some((i) => i.level === 'error'));
  const warnings = guard.view.groups
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
      onCloseGuard();
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
        onKeyDown={onKeyDown}
      >
        <h2 id="hersys-assist-dialog-title">{t('ov_dialogTitle')}</h2>
        <p id="hersys-assist-dialog-lead">{t('ov_dialogLead')}</p>
        <ul class="groups">
          {errors.map((g) => (
            <li key={g.field} data-field={g.field}>
              <button type="button" class="jump" onClick={() => onJump(g.field)}>
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
              onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </div>
        )}
        <div class="actions">
          <button type="button" ref={fixRef} class="primary" onClick={onFix}>
            {t('ov_fix')}
          </button>
          {overriding ? (
            <button type="button" class="override-submit" disabled={!valid} onClick={() => valid && onOverride(reason.trim())}>
              {t('ov_overrideSubmit')}
            </button>
          ) : (
            <button type="button" class="override-start" onClick={() => setOverriding(true)}>
              {t('ov_overrideStart')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

function ConfirmCard({ lang, confirm, onConfirm, onCloseGuard }: OverlayProps & { confirm: ConfirmCardData }) {
  const t = translator(lang);
  const submitRef = useRef<HTMLButtonElement>(null);
  const fixRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    submitRef.current?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      onCloseGuard();
    } else if (e.key === 'Enter' && (e.target as HTMLElement | null) !== fixRef.current) {
      e.preventDefault();
      onConfirm();
    } else if (e.key === 'Tab') {
      // Two buttons: keep focus inside the card.
      e.preventDefault();
      const root = submitRef.current?.getRootNode() as ShadowRoot | Document | undefined;
      (root?.activeElement === submitRef.current ? fixRef : submitRef).current?.focus();
    }
  };
  const row = (label: string, value: string, code: string) => (
    <div class="card-row" data-item={code}>
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
  return (
    <div class="backdrop">
      <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="hersys-assist-confirm-title" lang={lang} onKeyDown={onKeyDown}>
        <h2 id="hersys-assist-confirm-title">{t('ov_confirmTitle')}</h2>
        <p>{t('ov_confirmLead')}</p>
        <dl>
          {row(t('ov_confirmPhone'), confirm.phone, 'phone')}
          {row(t('ov_confirmKind'), confirm.phoneKind ? `${confirm.phoneKind}${confirm.sms ? '' : ` (${t('ov_confirmNoSms')})`}` : '', 'kind')}
          {row(t('ov_confirmBirthday'), confirm.birthday, 'birthday')}
          {row(t('ov_confirmAge'), confirm.age === null ? '' : t('ov_age', confirm.age), 'age')}
          {row(t('ov_tier'), confirm.tierLabel, 'tier')}
        </dl>
        <div class="actions">
          <button type="button" ref={fixRef} onClick={onCloseGuard}>
            {t('ov_fix')}
          </button>
          <button type="button" ref={submitRef} class="primary" onClick={onConfirm}>
            {t('ov_confirmSubmit')}
          </button>
        </div>
      </div>
    </div>
  );
}
