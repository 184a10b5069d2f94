/** One page of audit entries as a table (focusable, so paging can move the focus to it); a person shows only as the start of their hash. */
import type { Ref } from 'preact';
import type { AuditEntry } from '../../../shared/audit';
import type { Translate } from '../../../shared/i18n';
import { TIER_KEY, TYPE_KEY } from './labels';
import { localTime } from './time';

export function EntryTable({ entries, tableRef, t }: { entries: AuditEntry[] | null; tableRef: Ref<HTMLTableElement>; t: Translate }) {
  return (
    <table ref={tableRef} tabIndex={-1} class="entries" aria-describedby="entries-caption">
      <caption id="entries-caption">{t('audit_caption')}</caption>
      <thead>
        <tr>
          <th scope="col">ID</th>
          <th scope="col">{t('audit_colTime')}</th>
          <th scope="col">{t('audit_event')}</th>
          <th scope="col">{t('popup_page')}</th>
          <th scope="col">{t('popup_tier')}</th>
          <th scope="col">{t('audit_colReasons')}</th>
          <th scope="col">{t('audit_colTypedReason')}</th>
          <th scope="col">{t('audit_colPerson')}</th>
          <th scope="col">{t('audit_colDetail')}</th>
        </tr>
      </thead>
      <tbody>
        {entries === null && (
          <tr>
            <td colSpan={9}>{t('page_loading')}</td>
          </tr>
        )}
        {entries?.length === 0 && (
          <tr>
            <td colSpan={9}>{t('audit_noEntries')}</td>
          </tr>
        )}
        {entries?.map((e) => (
          <tr key={e.id} data-id={e.id} data-type={e.type} class={e.training ? 'training' : undefined}>
            <td>{e.id}</td>
            <td>
              <time dateTime={e.time}>{localTime(e.time)}</time>
              {e.training && <span class="tag">{t('audit_trainingTag')}</span>}
            </td>
            <td>{TYPE_KEY[e.type] ? t(TYPE_KEY[e.type]) : e.type}</td>
            <td>{e.page ?? '—'}</td>
            <td>{e.tier ? (TIER_KEY[e.tier] ? t(TIER_KEY[e.tier]!) : e.tier) : '—'}</td>
            <td>
              {[...e.reasons, ...e.problems.map((p) => `${p.field}:${p.code}`)].join(' ') || '—'}
              {e.rulesetVersion && <div class="muted">{e.rulesetVersion}</div>}
            </td>
            <td>{e.reason ?? '—'}</td>
            <td>{e.person ? <code title={e.person}>{e.person.slice(0, 8)}</code> : '—'}</td>
            <td>{e.detail ? Object.entries(e.detail).map(([k, v]) => `${k}=${String(v)}`).join(' ') : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
