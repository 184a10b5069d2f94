/** What both explanation panels (発生届 problems, observation rows) share: their props and the level badge. */
import type { Lang, MessageKey, Translate } from '../../../shared/i18n';
import type { TrainingScore } from '../../../shared/scenarios';
import type { FrameState } from './frame';

export interface ExplainProps {
  lang: Lang;
  t: Translate;
  state: FrameState;
  score: TrainingScore | null;
}

/** Problem and alert levels → catalogue keys of their names. */
const LEVEL_KEY: Record<string, MessageKey> = {
  critical: 'train_level_critical',
  warning: 'train_level_warning',
  unanswered: 'train_level_unanswered',
  error: 'train_level_error',
  info: 'train_level_info',
};

/** A level's name as a badge (an unknown level shows its code). */
export function Level({ level, t }: { level: string; t: Translate }) {
  const key = LEVEL_KEY[level];
  return <span class={`level level-${level}`}>{key ? t(key) : level}</span>;
}
