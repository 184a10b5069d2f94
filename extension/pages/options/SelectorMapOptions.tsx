/** Options: the selector map — a CSS selector per field for a page where the labels do not find it. */
import { FIELD_KEY, type MessageKey } from '../../../shared/i18n';
import { FIELDS, type FieldId } from '../../../shared/fields';
import { Locked, type SectionProps } from './Locked';

/** A CSS selector the browser accepts (checked against this page, never a HER-SYS page): the problem's key, or null. */
export function selectorError(sel: string): MessageKey | null {
  try {
    document.createDocumentFragment().querySelector(sel);
    return null;
  } catch {
    return 'opt_invalidSelector';
  }
}

export function SelectorMapOptions({ settings, patch, isLocked, t }: SectionProps) {
  return (
    <>
      <h2>
        {t('opt_selectorTitle')} <Locked on={isLocked('selectorMap')} k="selectorMap" t={t} />
      </h2>
      <p class="muted">
        {t('opt_selectorNote')}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('popup_colField')}</th>
            <th>{t('opt_colSelector')}</th>
          </tr>
        </thead>
        <tbody>
          {FIELDS.map((f) => {
            const value = settings.selectorMap[f.id] ?? '';
            const err = value ? selectorError(value) : null;
            return (
              <tr key={f.id}>
                <th scope="row">
                  <label for={`sel-${f.id}`}>
                    {t(FIELD_KEY[f.id])} <code>{f.id}</code>
                  </label>
                </th>
                <td>
                  <input
                    id={`sel-${f.id}`}
                    class="selector"
                    type="text"
                    value={value}
                    disabled={isLocked('selectorMap')}
                    aria-invalid={err ? 'true' : undefined}
                    onInput={(e) => {
                      const v = e.currentTarget.value;
                      const map: Partial<Record<FieldId, string>> = { ...settings.selectorMap };
                      if (v.trim()) map[f.id] = v;
                      else delete map[f.id];
                      patch({ selectorMap: map });
                    }}
                  />
                  {err && <div class="error">{t(err)}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
