/** Options: the observation alert rules (docs/codes.md) — thresholds and which rules are on. */
import {
  CODE_LEVEL,
  NOTICE_CODES,
  OBS_CODES,
  obsCodeLabel,
  OBSERVATION_DEFAULTS,
  ROW_CODES,
  SETTINGS_CODES,
  TREND_CODES,
  type ObsCode,
  type ObservationConfig,
} from '../../../shared/observation-config';
import { OBS_LEVEL_KEY, translator, type Lang, type MessageKey } from '../../../shared/i18n';

type NumKey = Exclude<keyof ObservationConfig, 'version' | 'off'>;

const THRESHOLDS: { key: NumKey; label: MessageKey; step: number; min: number; max: number }[] = [
  { key: 'spo2CriticalAtOrBelow', label: 'obsopt_spo2CriticalAtOrBelow', step: 1, min: 50, max: 100 },
  { key: 'spo2WarningBelow', label: 'obsopt_spo2WarningBelow', step: 1, min: 50, max: 100 },
  { key: 'feverFrom', label: 'obsopt_feverFrom', step: 0.1, min: 35, max: 42 },
  { key: 'spo2DropPoints', label: 'obsopt_spo2DropPoints', step: 1, min: 1, max: 20 },
  { key: 'feverDays', label: 'obsopt_feverDays', step: 1, min: 2, max: 10 },
];

const GROUPS: { codes: readonly ObsCode[]; label: MessageKey }[] = [
  { codes: ROW_CODES, label: 'obsopt_groupRows' },
  { codes: TREND_CODES, label: 'obsopt_groupTrend' },
  { codes: SETTINGS_CODES, label: 'obsopt_groupSettings' },
];

export interface ObservationOptionsProps {
  value: ObservationConfig;
  onChange(next: ObservationConfig): void;
  /** UI language (the `language` setting). */
  lang?: Lang;
}

export function ObservationOptions({ value, onChange, lang = 'ja' }: ObservationOptionsProps) {
  const t = translator(lang);
  const set = (patch: Partial<ObservationConfig>) => onChange({ ...value, version: 'custom', ...patch });
  const toggle = (code: ObsCode, on: boolean) => {
    const off = new Set(value.off);
    if (on) off.delete(code);
    else off.add(code);
    set({ off: OBS_CODES.filter((c) => off.has(c)) });
  };
  const invalid = value.spo2CriticalAtOrBelow >= value.spo2WarningBelow;
  return (
    <section aria-labelledby="obs-options-title" class="obs-options">
      <h2 id="obs-options-title">{t('obsopt_title')}</h2>
      <p class="muted" id="obs-defaults-note">
        {t('obsopt_defaultsNote', OBSERVATION_DEFAULTS.version)}
      </p>
      <table>
        <tbody>
          {THRESHOLDS.map((th) => (
            <tr key={th.key}>
              <th scope="row">
                <label for={`obs-${th.key}`}>
                  {t(th.label)}
                </label>
              </th>
              <td>
                <input
                  id={`obs-${th.key}`}
                  type="number"
                  step={th.step}
                  min={th.min}
                  max={th.max}
                  value={value[th.key]}
                  aria-invalid={invalid && th.key.startsWith('spo2') && th.key !== 'spo2DropPoints' ? 'true' : undefined}
                  aria-describedby="obs-defaults-note"
                  onInput={(e) => set({ [th.key]: Number(e.currentTarget.value) } as Partial<ObservationConfig>)}
                />{' '}
                <span class="muted">
                  {t('obsopt_default', OBSERVATION_DEFAULTS[th.key])}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {invalid && <p class="error">{t('obsopt_spo2Order')}</p>}
      {GROUPS.map((g) => (
        <fieldset key={g.label}>
          <legend>
            {t(g.label)}
          </legend>
          {g.codes.map((code) => (
            <div key={code} class="row">
              <label>
                <input type="checkbox" checked={!value.off.includes(code)} onChange={(e) => toggle(code, e.currentTarget.checked)} />{' '}
                <code>{code}</code> {obsCodeLabel(code, value, lang)}
                {t('obsopt_codeLevel', t(OBS_LEVEL_KEY[CODE_LEVEL[code]]))}
                <span class="muted">{t(NOTICE_CODES.has(code) ? 'obsopt_inNotice' : 'obsopt_extensionDefault')}</span>
              </label>
            </div>
          ))}
        </fieldset>
      ))}
      <p>
        <button type="button" onClick={() => onChange({ ...OBSERVATION_DEFAULTS, off: [] })}>
          {t('obsopt_reset')}
        </button>
      </p>
    </section>
  );
}
