/**
 * What every section of the options page shares: the settings being edited and how to change
 * them, which keys the administrator fixed by policy, and the mark shown beside such a key.
 */
import type { ManagedKey, Settings } from '../../../shared/settings';
import type { Translate } from '../../../shared/i18n';

export interface SectionProps {
  settings: Settings;
  patch: (p: Partial<Settings>) => void;
  isLocked: (k: ManagedKey) => boolean;
  t: Translate;
}

/** Shown beside a setting the administrator fixed by policy (「管理者により固定」 / "Set by your administrator"). */
export function Locked({ on, k, t }: { on: boolean; k: ManagedKey; t: Translate }) {
  if (!on) return null;
  return (
    <span class="locked" data-locked={k} id={`locked-${k}`}>
      {t('opt_locked')}
    </span>
  );
}
