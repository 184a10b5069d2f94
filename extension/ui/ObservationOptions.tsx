/** Options: the observation alert rules (contract §6) — thresholds and which rules are on. */
import {
  CODE_LEVEL,
  LEVEL_LABEL,
  NOTICE_CODES,
  OBS_CODES,
  obsCodeLabel,
  OBSERVATION_DEFAULTS,
  ROW_CODES,
  SETTINGS_CODES,
  TREND_CODES,
  type ObsCode,
  type ObservationConfig,
} from '../../shared/observation-config';

type NumKey = Exclude<keyof ObservationConfig, 'version' | 'off'>;

const THRESHOLDS: { key: NumKey; ja: string; en: string; step: number; min: number; max: number }[] = [
  { key: 'spo2CriticalAtOrBelow', ja: '緊急とする SpO₂（% 以下）', en: 'Critical SpO₂ (≤ %)', step: 1, min: 50, max: 100 },
  { key: 'spo2WarningBelow', ja: '注意とする SpO₂（% 未満）', en: 'Warning SpO₂ (< %)', step: 1, min: 50, max: 100 },
  { key: 'feverFrom', ja: '発熱とする体温（℃ 以上）', en: 'Fever from (°C)', step: 0.1, min: 35, max: 42 },
  { key: 'spo2DropPoints', ja: 'SpO₂ 低下の幅（ポイント以上）', en: 'SpO₂ fall (points)', step: 1, min: 1, max: 20 },
  { key: 'feverDays', ja: '発熱が続く日数（日以上）', en: 'Fever days in a row', step: 1, min: 2, max: 10 },
];

const GROUPS: { codes: readonly ObsCode[]; ja: string; en: string }[] = [
  { codes: ROW_CODES, ja: '各行（最新の回答）', en: 'Each row (latest entry)' },
  { codes: TREND_CODES, ja: '個人ページの推移', en: 'Trend on the person page' },
  { codes: SETTINGS_CODES, ja: '健康観察設定', en: 'Observation settings tab' },
];

export interface ObservationOptionsProps {
  value: ObservationConfig;
  onChange(next: ObservationConfig): void;
}

export function ObservationOptions({ value, onChange }: ObservationOptionsProps) {
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
      <h2 id="obs-options-title">健康観察の警告 / Observation alerts</h2>
      <p class="muted" id="obs-defaults-note">
        既定値は HER-SYS Assist 独自の設定です（{OBSERVATION_DEFAULTS.version}）。2022年2月9日付け事務連絡が例として示すのは「体温 37.5℃ 以上」と「息苦しさを伴う
        SpO₂ 96% 未満」だけで、そのほかの条件と「緊急／注意」の区分は本拡張機能の判断です。 / Defaults are the extension&apos;s own: the 2022-02-09 notice only
        names 37.5 °C and SpO₂ below 96% with breathlessness; every other rule and the levels are ours.
      </p>
      <table>
        <tbody>
          {THRESHOLDS.map((t) => (
            <tr key={t.key}>
              <th scope="row">
                <label for={`obs-${t.key}`}>
                  {t.ja} / {t.en}
                </label>
              </th>
              <td>
                <input
                  id={`obs-${t.key}`}
                  type="number"
                  step={t.step}
                  min={t.min}
                  max={t.max}
                  value={value[t.key]}
                  aria-invalid={invalid && t.key.startsWith('spo2') && t.key !== 'spo2DropPoints' ? 'true' : undefined}
                  aria-describedby="obs-defaults-note"
                  onInput={(e) => set({ [t.key]: Number(e.currentTarget.value) } as Partial<ObservationConfig>)}
                />{' '}
                <span class="muted">
                  （既定 / default {OBSERVATION_DEFAULTS[t.key]}）
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {invalid && <p class="error">緊急の SpO₂ は注意の SpO₂ より低くしてください / The critical SpO₂ must be below the warning SpO₂</p>}
      {GROUPS.map((g) => (
        <fieldset key={g.en}>
          <legend>
            {g.ja} / {g.en}
          </legend>
          {g.codes.map((code) => (
            <div key={code} class="row">
              <label>
                <input type="checkbox" checked={!value.off.includes(code)} onChange={(e) => toggle(code, e.currentTarget.checked)} />{' '}
                <code>{code}</code> {obsCodeLabel(code, value, 'ja')}（{LEVEL_LABEL[CODE_LEVEL[code]].ja}）
                {NOTICE_CODES.has(code) ? <span class="muted"> ※事務連絡に例示 / named in the notice</span> : <span class="muted"> ※拡張機能の既定 / extension default</span>}
              </label>
            </div>
          ))}
        </fieldset>
      ))}
      <p>
        <button type="button" onClick={() => onChange({ ...OBSERVATION_DEFAULTS, off: [] })}>
          既定値に戻す / Reset to the extension&apos;s defaults
        </button>
      </p>
    </section>
  );
}
