/**
 * The list of scenarios: each a button (pressed = the one open) with its title and the last
 * score; ↑/↓ (and Home/End) move between them, Enter or Space opens one.
 */
import type { Lang, Translate } from '../../../shared/i18n';
import type { Item } from './items';
import type { LoadedSet, StoredScores } from './store';

interface Props {
  lang: Lang;
  t: Translate;
  loaded: LoadedSet | null;
  items: Item[];
  scores: StoredScores;
  currentId: string | null;
  onPick: (id: string) => void;
}

/** ↑/↓ (and Home/End) move between the scenarios; Enter or Space opens one (buttons). */
function onListKey(e: KeyboardEvent) {
  if (e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
  const buttons = Array.from((e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button[data-scenario]'));
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
  if (to === null) return;
  e.preventDefault();
  buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
}

export function ScenarioList({ lang, t, loaded, items, scores, currentId, onPick }: Props) {
  return (
    <nav class="scenarios" aria-label={t('train_scenarios')}>
      <h2>
        {t('train_scenarios')}{' '}
        <span class="muted">
          {loaded
            ? loaded.source === 'local'
              ? loaded.set.title
                ? t('train_setLocalTitled', loaded.set.title)
                : t('train_setLocal')
              : t('train_setBuiltIn')
            : ''}
        </span>
      </h2>
      <ol onKeyDown={onListKey}>
        {items.map((i) => {
          const sc = scores[i.s.id];
          return (
            <li key={i.s.id}>
              <button type="button" aria-pressed={i.s.id === currentId} data-scenario={i.s.id} onClick={() => onPick(i.s.id)}>
                <span class="title">{lang === 'en' ? i.s.titleEn : i.s.titleJa}</span>
                {lang === 'ja' && <span class="en">{i.s.titleEn}</span>}
                {sc && sc.total > 0 && (
                  <span class="badge-score" title={t('train_problemsFound')}>
                    {sc.found}/{sc.total}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
