/** Where the list is (entries matching, page number) and the way through it: newest, newer, older. */
import type { Translate } from '../../../shared/i18n';

interface Props {
  total: number | null;
  pageIndex: number;
  hasNext: boolean;
  onNewest: () => void;
  onPrev: () => void;
  onNext: () => void;
  t: Translate;
}

export function Pager({ total, pageIndex, hasNext, onNewest, onPrev, onNext, t }: Props) {
  return (
    <>
      <span role="status" data-testid="summary">
        {total === null ? '…' : t('audit_total', total)} · {t('audit_pageNumber', pageIndex + 1)}
      </span>
      <button type="button" onClick={onNewest}>
        {t('audit_newest')}
      </button>
      <button type="button" onClick={onPrev} disabled={pageIndex === 0}>
        {t('audit_newer')}
      </button>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        {t('audit_older')}
      </button>
    </>
  );
}
