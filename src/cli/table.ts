import type { SplitMetrics } from '../pipeline/types.js';

/** Renders a split's metrics (realistic ranks) as an aligned text table, one row per side. */
export function metricsTable(split: string, m: SplitMetrics, ks: number[], how = 'filtered, realistic ranks'): string {
  const cols = ['mrr', ...ks.map((k) => `hits_at_${k}`), 'mean_rank', 'adjusted_mean_rank_index'];
  const header = ['side', ...cols.map((c) => c.replace('hits_at_', 'hits@').replace('adjusted_mean_rank_index', 'AMRI'))];
  const rows = (['head', 'tail', 'both'] as const)
    .filter((side) => m[side])
    .map((side) => [side, ...cols.map((c) => fmt(m[side]!.realistic?.[c]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [`${split} (${how})`, line(header), ...rows.map(line)].join('\n');
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '-';
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}
