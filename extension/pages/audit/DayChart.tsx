import type { Translate } from '../../../shared/i18n';

/** Counts per day as inline SVG bars; each bar has a title, and the totals are in the label. */
export function DayChart({ days, counts, t }: { days: string[]; counts: number[]; t: Translate }) {
  const max = Math.max(1, ...counts);
  const sum = counts.reduce((a, b) => a + b, 0);
  const w = 640;
  const h = 90;
  const bw = days.length ? w / days.length : w;
  return (
    <figure class="chart">
      <figcaption>
        {t('audit_chartCaption', days[0] ?? '', days[days.length - 1] ?? '', sum)}
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h + 14}`} width="100%" height={h + 14} role="img" aria-label={t('audit_chartLabel', sum)}>
        {counts.map((c, i) => {
          const bh = Math.round((c / max) * h);
          return (
            <g key={days[i]} data-day={days[i]} data-count={c}>
              <title>{`${days[i]}: ${c}`}</title>
              <rect x={i * bw + 1} y={h - bh} width={Math.max(1, bw - 2)} height={bh} fill="#1a73e8" />
            </g>
          );
        })}
        <line x1="0" y1={h} x2={w} y2={h} stroke="#999" />
        <text x="0" y={h + 12} font-size="10" fill="#555">
          {days[0] ?? ''}
        </text>
        <text x={w} y={h + 12} font-size="10" fill="#555" text-anchor="end">
          {days[days.length - 1] ?? ''}
        </text>
        <text x="2" y="10" font-size="10" fill="#555">
          {max}
        </text>
      </svg>
    </figure>
  );
}
