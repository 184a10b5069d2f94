/** Options: the submit guard, language, tier thresholds and the selector map. */
import { useEffect, useState } from 'preact/hooks';
import { FIELDS, type FieldId } from '../../shared/fields';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../shared/settings';
import { NATIONAL_2022_02, type TierConfig } from '../../shared/tier';
import { loadSettings, saveSettings } from '../settings';
import { ObservationOptions } from './ObservationOptions';

type NumKey = Exclude<keyof TierConfig, 'version'>;
const THRESHOLDS: { key: NumKey; ja: string; en: string }[] = [
  { key: 'priorityAge', ja: '重点観察とする年齢（以上）', en: 'Priority from age' },
  { key: 'multiRiskMinAge', ja: 'リスク因子を数える年齢帯の下限', en: 'Multi-risk band from age' },
  { key: 'multiRiskCount', ja: '重点観察とするリスク因子の数（以上）', en: 'Risk factors needed' },
  { key: 'pregnancyMinAge', ja: '妊娠を確認する年齢（下限）', en: 'Pregnancy asked from age' },
  { key: 'pregnancyMaxAge', ja: '妊娠を確認する年齢（上限）', en: 'Pregnancy asked to age' },
  { key: 'maxDosesCountedAsUnvaccinated', ja: '未接種とみなす接種回数（以下）', en: 'Doses counted as unvaccinated (≤)' },
  { key: 'maxPlausibleAge', ja: '生年月日の上限年齢', en: 'Implausible above age' },
];

/** A CSS selector the browser accepts (checked against this page, never a HER-SYS page). */
export function selectorError(sel: string): string | null {
  try {
    document.createDocumentFragment().querySelector(sel);
    return null;
  } catch {
    return 'CSS セレクタとして正しくありません / Not a valid CSS selector';
  }
}

export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    loadSettings()
      .then(setSettings)
      .catch(() => setSettings(DEFAULT_SETTINGS));
  }, []);
  if (!settings) return <main>読み込み中… / Loading…</main>;

  const patch = (p: Partial<Settings>) => setSettings({ ...settings, ...p });
  const selErrors = Object.entries(settings.selectorMap)
    .map(([f, s]) => [f, s ? selectorError(s) : null] as const)
    .filter(([, e]) => e);

  const save = async () => {
    const parsed = SettingsSchema.safeParse(settings);
    if (!parsed.success || selErrors.length > 0) {
      setMessage({ ok: false, text: `保存できません: 入力を確認してください / Cannot save: ${parsed.success ? 'invalid selector' : parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` });
      return;
    }
    await saveSettings(parsed.data);
    setMessage({ ok: true, text: '保存しました / Saved' });
  };

  return (
    <main lang="ja">
      <h1>HER-SYS Assist 設定 / Options</h1>
      <h2>提出前チェック / Submit guard</h2>
      <label>
        <input type="checkbox" checked={settings.guardEnabled} onChange={(e) => patch({ guardEnabled: e.currentTarget.checked })} />
        誤りがあるとき提出を止める / Hold back submission while errors exist
      </label>
      <br />
      <label>
        <input
          type="checkbox"
          checked={settings.confirmBeforeSubmit}
          onChange={(e) => patch({ confirmBeforeSubmit: e.currentTarget.checked })}
        />
        送信前に確認する（電話番号・生年月日・優先度の確認カード） / Confirm phone, birthday and tier before every submit
      </label>
      <h2>表示言語 / Language</h2>
      <select value={settings.language} onChange={(e) => patch({ language: e.currentTarget.value as Settings['language'] })}>
        <option value="ja">日本語</option>
        <option value="en">English</option>
      </select>
      <h2>優先度の判定基準 / Tier thresholds</h2>
      <p class="muted">
        既定値は 2022年2月9日付け事務連絡の全国基準です（{NATIONAL_2022_02.version}）。 / Defaults are the national rule of the 2022-02-09 notice.
      </p>
      <table>
        <tbody>
          {THRESHOLDS.map((t) => (
            <tr key={t.key}>
              <th scope="row">
                <label for={`t-${t.key}`}>
                  {t.ja} / {t.en}
                </label>
              </th>
              <td>
                <input
                  id={`t-${t.key}`}
                  type="number"
                  value={settings.tierConfig[t.key]}
                  onInput={(e) =>
                    patch({ tierConfig: { ...settings.tierConfig, version: 'custom', [t.key]: Number(e.currentTarget.value) } })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => patch({ tierConfig: { ...NATIONAL_2022_02 } })}>
          全国基準に戻す / Reset to the national rule
        </button>
      </p>
      <h2>セレクタ指定 / Selector map</h2>
      <p class="muted">
        項目を CSS セレクタで固定します（ラベル検出より優先）。 / Pin a field to a CSS selector; it wins over label detection.
      </p>
      <table>
        <thead>
          <tr>
            <th>項目 / Field</th>
            <th>CSS セレクタ / Selector</th>
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
                    {f.labelJa} <code>{f.id}</code>
                  </label>
                </th>
                <td>
                  <input
                    id={`sel-${f.id}`}
                    class="selector"
                    type="text"
                    value={value}
                    aria-invalid={err ? 'true' : undefined}
                    onInput={(e) => {
                      const v = e.currentTarget.value;
                      const map: Partial<Record<FieldId, string>> = { ...settings.selectorMap };
                      if (v.trim()) map[f.id] = v;
                      else delete map[f.id];
                      patch({ selectorMap: map });
                    }}
                  />
                  {err && <div class="error">{err}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ObservationOptions value={settings.observation} onChange={(observation) => patch({ observation })} />
      <h2>監査ログ / Audit log</h2>
      <p class="row">
        <label for="retention-days">保存期間（日） / Keep entries for (days)</label>
        <input
          id="retention-days"
          type="number"
          min={1}
          max={3650}
          value={settings.retentionDays}
          onInput={(e) => patch({ retentionDays: Number(e.currentTarget.value) })}
        />
        <span class="muted">既定 400 日。古い記録は起動時と毎日削除され、削除したこと自体が記録されます。 / Default 400; older entries are removed at start-up and daily, and each removal is logged.</span>
      </p>
      <p class="row">
        <button type="button" onClick={save}>
          保存 / Save
        </button>
        {message && (
          <span role="status" class={message.ok ? 'ok' : 'error'}>
            {message.text}
          </span>
        )}
      </p>
    </main>
  );
}
