// @vitest-environment happy-dom
/** extension/ui/ObservationOptions.tsx: thresholds, rules on/off, the defaults labelled as the extension's own. */
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { ObservationOptions } from '../../extension/pages/options/ObservationOptions';
import { OBS_CODES, OBSERVATION_DEFAULTS, type ObservationConfig } from '../../shared/observation';
import { ObservationConfigSchema } from '../../shared/observation-schema';

function mount(value: ObservationConfig) {
  const root = document.createElement('div');
  document.body.append(root);
  const changes: ObservationConfig[] = [];
  render(<ObservationOptions value={value} onChange={(v) => changes.push(v)} />, root);
  return { root, changes };
}

describe('ObservationOptions', () => {
  it('lists every rule with its level, says which defaults are ours, and shows the thresholds', () => {
    const { root } = mount({ ...OBSERVATION_DEFAULTS, off: [] });
    for (const code of OBS_CODES) expect(root.textContent).toContain(code);
    expect(root.textContent).toContain('HER-SYS Assist 独自の設定');
    expect(root.querySelectorAll('input[type=checkbox]:checked')).toHaveLength(OBS_CODES.length);
    expect((root.querySelector('#obs-feverFrom') as HTMLInputElement).value).toBe('37.5');
    // The two conditions the notice names are marked as such.
    const temp = [...root.querySelectorAll('label')].find((l) => l.textContent?.includes('TEMP_GE_37_5'))!;
    expect(temp.textContent).toContain('事務連絡に例示');
    const spo2 = [...root.querySelectorAll('label')].find((l) => l.textContent?.includes('SPO2_LE_93'))!;
    expect(spo2.textContent).toContain('拡張機能の既定');
  });

  it('switching a rule off and changing a threshold give a valid custom config', () => {
    const { root, changes } = mount({ ...OBSERVATION_DEFAULTS, off: [] });
    const box = [...root.querySelectorAll('label')].find((l) => l.textContent?.includes('PHONE_SHARED'))!.querySelector('input')!;
    box.checked = false;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    expect(changes.at(-1)).toMatchObject({ version: 'custom', off: ['PHONE_SHARED'] });
    const fever = root.querySelector('#obs-feverFrom') as HTMLInputElement;
    fever.value = '38';
    fever.dispatchEvent(new Event('input', { bubbles: true }));
    expect(changes.at(-1)?.feverFrom).toBe(38);
    expect(ObservationConfigSchema.safeParse(changes.at(-1)).success).toBe(true);
  });

  it('a critical SpO₂ not below the warning SpO₂ is shown as an error', () => {
    const { root } = mount({ ...OBSERVATION_DEFAULTS, off: [], spo2CriticalAtOrBelow: 96 });
    expect(root.querySelector('.error')?.textContent).toContain('緊急の SpO₂ は注意の SpO₂ より低く');
  });
});
