/** The panel: the tier with its reasons and the problems by field (each a jump to its field). */
import type { ProblemField } from '../../shared/fields';
import type { NotificationView } from '../page/notification-view';
import { fieldLabel } from '../../shared/i18n';
import { translator, type Lang } from './strings';

export interface PanelProps {
  lang: Lang;
  view: NotificationView;
  collapsed: boolean;
  onToggle(): void;
  onJump(field: ProblemField): void;
}

export function Panel({ lang, view, collapsed, onToggle, onJump }: PanelProps) {
  const t = translator(lang);
  const listId = 'hersys-assist-problems';
  return (
    <aside class={`panel status-${view.status}`} data-collapsed={collapsed ? 'true' : 'false'} aria-label={t('ov_product')} lang={lang}>
      <header class="panel-head">
        <span class={`badge tier-${view.tier}`}>{view.tierLabel}</span>
        <span class="counts">{t('ov_counts', view.missing.length, view.invalid.length)}</span>
        <button type="button" class="toggle" aria-expanded={!collapsed} aria-controls={listId} onClick={onToggle}>
          {collapsed ? t('ov_expand') : t('ov_collapse')}
        </button>
      </header>
      <section role="status" aria-live="polite" aria-atomic="false" class="status">
        <p class="tier-line">
          {t('ov_tier')}: <strong>{view.tierLabel}</strong>
          <span class="facts">
            {' '}
            ({view.age === null ? t('ov_ageUnknown') : t('ov_age', view.age)} · {t('ov_riskCount', view.riskCount)})
          </span>
        </p>
        {view.unseen.length > 0 && (
          <p class="unseen" data-unseen={view.unseen.join(' ')}>
            {t('ov_unseen', view.unseen.map((f) => fieldLabel(f, lang)).join(t('obs_listSeparator')))}
          </p>
        )}
        <div id={listId} class="body" hidden={collapsed}>
          <h2>{t('ov_reasons')}</h2>
          <ul class="reasons">
            {view.reasons.map((r) => (
              <li key={r.code} data-code={r.code}>
                {r.text}
              </li>
            ))}
          </ul>
          <h2>{t('ov_problems')}</h2>
          {view.groups.length === 0 ? (
            <p class="none">{t('ov_noProblems')}</p>
          ) : (
            <ul class="groups">
              {view.groups.map((g) => (
                <li key={g.field} data-field={g.field}>
                  <button type="button" class="jump" title={t('ov_jump')} onClick={() => onJump(g.field)}>
                    {g.label}
                  </button>
                  <ul>
                    {g.items.map((i) => (
                      <li key={i.code} class={`level-${i.level}`} data-code={i.code}>
                        <span class="level">{i.level === 'error' ? '✖' : '⚠'}</span> {i.text}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </aside>
  );
}
