/** The read-back card shown before a clean submit when 送信前に確認する is on. */
import { useEffect, useRef } from 'preact/hooks';
import { translator, type Lang } from './strings';
import { userOnly } from './user-event';

export interface ConfirmCardData {
  phone: string;
  phoneKind: string;
  sms: boolean;
  birthday: string;
  age: number | null;
  tier: string;
  tierLabel: string;
}

export interface ConfirmCardProps {
  lang: Lang;
  confirm: ConfirmCardData;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmCard({ lang, confirm, onConfirm, onClose }: ConfirmCardProps) {
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
      onClose();
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
      <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="hersys-assist-confirm-title" lang={lang} onKeyDown={userOnly(onKeyDown)}>
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
          <button type="button" ref={fixRef} onClick={userOnly(() => onClose())}>
            {t('ov_fix')}
          </button>
          <button type="button" ref={submitRef} class="primary" onClick={userOnly(() => onConfirm())}>
            {t('ov_confirmSubmit')}
          </button>
        </div>
      </div>
    </div>
  );
}
