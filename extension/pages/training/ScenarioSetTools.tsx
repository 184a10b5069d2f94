/**
 * The scenario set's tools: export it as JSON, import one (validated: a bad file never
 * replaces the current set, and what the checks noticed is listed), and go back to the
 * built-in set once a local one is in use.
 */
import { useRef } from 'preact/hooks';
import { ymdFromDate } from '../../../shared/dates';
import type { Lang, Translate } from '../../../shared/i18n';
import { builtInScenarioSet, checkScenarioSet, exportScenarioSet, MAX_SCENARIO_SET_CHARS, parseScenarioSet } from '../../../shared/scenario-set';
import { pairMessage, pairText } from './bilingual';
import { saveScenarioSet, type LoadedSet } from './store';
import type { Message } from './TrainingMessage';

interface Props {
  lang: Lang;
  t: Translate;
  loaded: LoadedSet | null;
  /** Another set is in use (imported or the built-in one again): nothing is picked any more. */
  onReplaced: (loaded: LoadedSet) => void;
  onMessage: (m: Message) => void;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

export function ScenarioSetTools({ lang, t, loaded, onReplaced, onMessage }: Props) {
  const fileRef = useRef<HTMLInputElement>(null);

  function exportSet() {
    if (!loaded) return;
    const blob = new Blob([exportScenarioSet(loaded.set)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `hersys-assist-scenarios-${today()}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    try {
      if (file.size > MAX_SCENARIO_SET_CHARS * 4) {
        onMessage({ kind: 'error', text: t('train_importTooBig', MAX_SCENARIO_SET_CHARS / 1000) });
        return;
      }
      const r = parseScenarioSet(await file.text());
      if (!r.ok) {
        onMessage({ kind: 'error', text: pairMessage(lang, 'train_importRefused', r.error) });
        return;
      }
      await saveScenarioSet(r.set);
      onReplaced({ set: r.set, source: 'local' });
      const n = r.set.scenarios.length + (r.set.observationScenarios?.length ?? 0);
      const notes = checkScenarioSet(r.set, ymdFromDate(new Date())).map((x) => pairText(lang, x));
      onMessage({ kind: 'info', text: t('train_imported', file.name, n), notes });
    } catch (e) {
      onMessage({ kind: 'error', text: t('train_importFailed', e instanceof Error ? e.message : String(e)) });
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  async function restoreBuiltIn() {
    await saveScenarioSet(null);
    onReplaced({ set: builtInScenarioSet(), source: 'built-in' });
    onMessage({ kind: 'info', text: t('train_restored') });
  }

  return (
    <>
      <button type="button" onClick={exportSet} data-testid="export" disabled={!loaded}>
        {t('train_export')}
      </button>
      <label class="file">
        {t('train_import')}
        <input ref={fileRef} type="file" accept="application/json,.json" data-testid="import" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
      </label>
      {loaded?.source === 'local' && (
        <button type="button" onClick={() => void restoreBuiltIn()}>
          {t('train_restore')}
        </button>
      )}
    </>
  );
}
