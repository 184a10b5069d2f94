/** Options: how many days the audit log keeps its entries. */
import { Locked, type SectionProps } from './Locked';

export function RetentionOption({ settings, patch, isLocked, t }: SectionProps) {
  return (
    <>
      <h2>{t('popup_audit')}</h2>
      <p class="row">
        <label for="retention-days">{t('opt_retentionLabel')}</label>
        <input
          id="retention-days"
          type="number"
          min={1}
          max={3650}
          value={settings.retentionDays}
          disabled={isLocked('retentionDays')}
          onInput={(e) => patch({ retentionDays: Number(e.currentTarget.value) })}
        />
        <Locked on={isLocked('retentionDays')} k="retentionDays" t={t} />
        <span class="muted">{t('opt_retentionNote')}</span>
      </p>
    </>
  );
}
