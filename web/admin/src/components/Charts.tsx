/** Plain SVG charts (no chart library): a histogram of bins and a line over time. */

export interface Bin {
  label: string;
  count: number;
}

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 36 };

function ticks(max: number): number[] {
  if (max <= 0) return [0];
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  const nice = max / step > 5 ? step * 2 : step;
  const out: number[] = [];
  for (let v = 0; v <= max && out.length < 12; v += nice) out.push(v);
  return out;
}

export function Histogram({ bins, title }: { bins: Bin[]; title: string }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = bins.length ? plotW / bins.length : plotW;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} width="100%">
      <title>{title}</title>
      {ticks(max).map((t) => {
        const y = PAD.top + plotH - (t / max) * plotH;
        return (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} stroke="#e5e8ee" />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end">{t}</text>
          </g>
        );
      })}
      {bins.map((b, i) => {
        const h = (b.count / max) * plotH;
        const x = PAD.left + i * bw;
        return (
          <g key={i}>
            <rect x={x + 1} y={PAD.top + plotH - h} width={Math.max(1, bw - 2)} height={h} fill="#5b8cff">
              <title>{`${b.label}: ${b.count}`}</title>
            </rect>
            {(bins.length <= 12 || i % Math.ceil(bins.length / 12) === 0) && (
              <text x={x + bw / 2} y={H - PAD.bottom + 14} textAnchor="middle">{b.label}</text>
            )}
          </g>
        );
      })}
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#8a93a5" />
    </svg>
  );
}

export interface Point {
  at: string;
  value: number;
}

export function LineOverTime({ points, title }: { points: Point[]; title: string }) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const times = points.map((p) => new Date(p.at).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (t: number) => PAD.left + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(times[i]!).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const fmt = (t: number) => new Date(t).toLocaleString(undefined, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} width="100%">
      <title>{title}</title>
      {ticks(max).map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#e5e8ee" />
          <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end">{t}</text>
        </g>
      ))}
      {points.length > 0 && (
        <>
          <path d={d} fill="none" stroke="#2456c7" strokeWidth={2} />
          <text x={PAD.left} y={H - PAD.bottom + 14}>{fmt(t0)}</text>
          <text x={W - PAD.right} y={H - PAD.bottom + 14} textAnchor="end">{fmt(t1)}</text>
        </>
      )}
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#8a93a5" />
    </svg>
  );
}
