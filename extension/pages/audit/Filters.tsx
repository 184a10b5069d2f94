/** The viewer's filters: period, event type, tier or alert level, real or training entries (real by default), and clearing them. */
import type { Dispatch, StateUpdater } from 'preact/hooks';
import { AUDIT_EVENT_TYPES } from '../../../shared/audit';
import type { Translate } from '../../../shared/i18n';
import { EMPTY_FORM, type FormState, type TrainingFilter } from './filter';
import { TIER_KEY, TYPE_KEY } from './labels';

export function Filters({ form, setForm, t }: { form: FormState; setForm: Dispatch<StateUpdater<FormState>>; t: Translate }) {
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('audit_filters')}>
      <label>
        {t('audit_from')}
        <input type="date" name="from" value={form.from} onChange={(e) => set({ from: e.currentTarget.value })} />
      </label>
      <label>
        {t('audit_to')}
        <input type="date" name="to" value={form.to} onChange={(e) => set({ to: e.currentTarget.value })} />
      </label>
      <label>
        {t('audit_event')}
        <select name="type" value={form.type} onChange={(e) => set({ type: e.currentTarget.value as FormState['type'] })}>
          <option value="">{t('audit_all')}</option>
          {AUDIT_EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(TYPE_KEY[type])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('audit_tierOrAlert')}
        <select name="tier" value={form.tier} onChange={(e) => set({ tier: e.currentTarget.value })}>
          <option value="">{t('audit_all')}</option>
          {Object.entries(TIER_KEY).map(([k, v]) => (
            <option key={k} value={k}>
              {t(v)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('audit_training')}
        <select name="training" value={form.training} onChange={(e) => set({ training: e.currentTarget.value as TrainingFilter })}>
          <option value="real">{t('audit_realOnly')}</option>
          <option value="training">{t('audit_trainingOnly')}</option>
          <option value="all">{t('audit_all')}</option>
        </select>
      </label>
      <button type="button" onClick={() => setForm({ ...EMPTY_FORM })}>
        {t('audit_clear')}
      </button>
    </form>
  );
}
