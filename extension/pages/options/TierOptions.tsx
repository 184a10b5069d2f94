/** Options: the tier thresholds (starting from the national rules of February 2022) and going back to them. */
import type { MessageKey } from '../../../shared/i18n';
import { NATIONAL_2022_02, type TierConfig } from '../../../shared/tier';
import { Locked, type SectionProps } from './Locked';

type NumKey = Exclude<keyof TierConfig, 'version'>;
const THRESHOLDS: { key: NumKey; label: MessageKey }[] = [
  { key: 'priorityAge', label: 'opt_t_priorityAge' },
  { key: 'multiRiskMinAge', label: 'opt_t_multiRiskMinAge' },
  { key: 'multiRiskCount', label: 'opt_t_multiRiskCount' },
  { key: 'pregnancyMinAge', label: 'opt_t_pregnancyMinAge' },
  { key: 'pregnancyMaxAge', label: 'opt_t_pregnancyMaxAge' },
  { key: 'maxDosesCountedAsUnvaccinated', label: 'opt_t_maxDosesCountedAsUnvaccinated' },
  { key: 'maxPlausibleAge', label: 'opt_t_maxPlausibleAge' },
];

export function TierOptions({ settings, patch, isLocked, t }: SectionProps) {
  return (
    <>
      <h2>
        {t('opt_tierTitle')} <Locked on={isLocked('tierConfig')} k="tierConfig" t={t} />
      </h2>
      <p class="muted">
        {t('opt_tierNote', NATIONAL_2022_02.version)}
      </p>
      <table>
        <tbody>
          {THRESHOLDS.map((th) => (
            <tr key={th.key}>
              <th scope="row">
                <label for={`t-${th.key}`}>{t(th.label)}</label>
              </th>
              <td>
                <input
                  id={`t-${th.key}`}
                  type="number"
                  value={settings.tierConfig[th.key]}
                  disabled={isLocked('tierConfig')}
                  onInput={(e) =>
                    patch({ tierConfig: { ...settings.tierConfig, version: 'custom', [th.key]: Number(e.currentTarget.value) } })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" disabled={isLocked('tierConfig')} onClick={() => patch({ tierConfig: { ...NATIONAL_2022_02 } })}>
          {t('opt_tierReset')}
        </button>
      </p>
    </>
  );
}
