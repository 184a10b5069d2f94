/** A small trend line (inline SVG polyline) with its summary as accessible and visible text. */

export interface SparkPoint {
  /** Label of the day (`2/9`). */
  day: string;
  value: number | null;
}

export interface SparklineProps {
  id: string;
  label: string;
  unit: string;
  points: SparkPoint[];
  /** A dashed reference line (the alert threshold). */
  threshold?: number;
  /** Text of the summary (from the message catalogue). */
  summary: (first: string, last: string, min: string, max: string, n: number) => string;
  empty: string;
}

const W = 140;
const H = 36;
const PAD = 3;

const fmt = (v: number, unit: string) => `${Math.round(v * 10) / 10}${unit}`;

/** Splits the points into runs without gaps, as SVG coordinates. */
export function sparkRuns(points: readonly SparkPoint[], lo: number, hi: number): string[] {
  const n = points.length;
  const span = hi - lo || 1;
  const x = (i: number) => (n <= 1 ? W / 2 : PAD + (i * (W - PAD * 2)) / (n - 1));
  const y = (v: number) => H - PAD - ((v - lo) * (H - PAD * 2)) / span;
  const runs: string[] = [];
  let cur: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (cur.length) runs.push(cur.join(' '));
      cur = [];
      return;
    }
    cur.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  if (cur.length) runs.push(cur.join(' '));
  return runs;
}

export function Sparkline({ id, label, unit, points, threshold, summary, empty }: SparklineProps) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0) {
    return (
      <div class="spark" data-metric={id}>
        <p class="spark-text">{empty}</p>
      </div>
    );
  }
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (threshold !== undefined) {
    lo = Math.min(lo, threshold);
    hi = Math.max(hi, threshold);
  }
  if (hi - lo < 1) {
    hi += 0.5;
    lo -= 0.5;
  }
  const text = summary(fmt(values[0]!, unit), fmt(values[values.length - 1]!, unit), fmt(Math.min(...values), unit), fmt(Math.max(...values), unit), points.length);
  const runs = sparkRuns(points, lo, hi);
  const ty = threshold === undefined ? null : H - PAD - ((threshold - lo) * (H - PAD * 2)) / (hi - lo || 1);
  const lastIndex = points.map((p) => p.value !== null).lastIndexOf(true);
  const last = sparkRuns(points.map((p, i) => (i === lastIndex ? p : { ...p, value: null })), lo, hi)[0];
  const [lx, ly] = (last ?? '0,0').split(',').map(Number);
  const textId = `hersys-assist-spark-${id}`;
  return (
    <figure class="spark" data-metric={id}>
      <figcaption class="spark-label">{label}</figcaption>
      <svg class="spark-svg" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={textId}>
        {ty !== null && <line class="spark-threshold" x1={0} x2={W} y1={ty.toFixed(1)} y2={ty.toFixed(1)} />}
        {runs.map((pts, i) => (
          <polyline key={i} class="spark-line" points={pts} />
        ))}
        <circle class="spark-last" cx={lx} cy={ly} r={2.5} />
      </svg>
      <p class="spark-text" id={textId}>
        {text}
      </p>
    </figure>
  );
}
