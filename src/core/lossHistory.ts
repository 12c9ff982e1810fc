// Loss curves as data: the series of one run, TensorBoard-style smoothing, and
// CSV/SVG export. Pure TypeScript, shared by the extension, the CLI and the chart webview.
import type { LossPoint } from '../sandbox/protocol';
import { escapeHtml } from './html';

export interface Series {
  name: string;
  steps: number[];
  losses: number[];
}

export class LossHistory {
  private readonly byName = new Map<string, Series>();

  constructor(series: Series[] = []) {
    for (const s of series) this.byName.set(s.name, { name: s.name, steps: [...s.steps], losses: [...s.losses] });
  }

  add(points: readonly LossPoint[]): void {
    for (const point of points) {
      let series = this.byName.get(point.series);
      if (!series) {
        series = { name: point.series, steps: [], losses: [] };
        this.byName.set(point.series, series);
      }
      series.steps.push(point.step);
      series.losses.push(point.loss);
    }
  }

  get series(): Series[] {
    return [...this.byName.values()];
  }

  get pointCount(): number {
    return this.series.reduce((n, s) => n + s.steps.length, 0);
  }

  /** One row per step, one column per series (empty where a series has no point at that step). */
  toCsv(): string {
    const series = this.series;
    const rows = new Map<number, (number | undefined)[]>();
    series.forEach((s, column) => {
      s.steps.forEach((step, i) => {
        const row = rows.get(step) ?? new Array<number | undefined>(series.length).fill(undefined);
        row[column] = s.losses[i];
        rows.set(step, row);
      });
    });
    const header = ['step', ...series.map((s) => csvField(s.name))].join(',');
    const lines = [...rows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([step, values]) => [step, ...values.map((v) => (v === undefined ? '' : String(v)))].join(','));
    return [header, ...lines].join('\n') + '\n';
  }

  /** A standalone SVG line chart (for the CLI's --svg), log-scaled when every loss is positive. */
  toSvg({ width = 800, height = 400, title = 'Loss' } = {}): string {
    const series = this.series.filter((s) => s.steps.length > 0);
    const margin = { left: 70, right: 20, top: 36, bottom: 40 };
    const all = series.flatMap((s) => s.losses).filter(Number.isFinite);
    const steps = series.flatMap((s) => s.steps);
    if (all.length === 0)
      return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><text x="20" y="40">No loss points</text></svg>\n`;
    const log = all.every((v) => v > 0);
    const f = (v: number) => (log ? Math.log10(v) : v);
    const [yMin, yMax] = [Math.min(...all.map(f)), Math.max(...all.map(f))];
    const [xMin, xMax] = [Math.min(...steps), Math.max(...steps)];
    const x = (step: number) =>
      margin.left + ((step - xMin) / (xMax - xMin || 1)) * (width - margin.left - margin.right);
    const y = (v: number) =>
      margin.top + (1 - (f(v) - yMin) / (yMax - yMin || 1)) * (height - margin.top - margin.bottom);
    const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
    const paths = series.map((s, i) => {
      const d = s.steps
        .map((step, j) => `${j === 0 ? 'M' : 'L'}${x(step).toFixed(1)},${y(s.losses[j]!).toFixed(1)}`)
        .join('');
      return `<path d="${d}" fill="none" stroke="${colors[i % colors.length]}" stroke-width="1.5"/>`;
    });
    const legend = series.map(
      (s, i) =>
        `<text x="${margin.left + 10}" y="${margin.top + 16 + i * 16}" fill="${colors[i % colors.length]}" font-size="12">${escapeHtml(s.name)}</text>`,
    );
    const label = (v: number) => (log ? (10 ** v).toPrecision(3) : v.toPrecision(3));
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${margin.left}" y="22" font-size="14">${escapeHtml(title)}${log ? ' (log scale)' : ''}</text>
<line x1="${margin.left}" y1="${height - margin.bottom}" x2="${width - margin.right}" y2="${height - margin.bottom}" stroke="#888"/>
<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${height - margin.bottom}" stroke="#888"/>
<text x="${margin.left - 6}" y="${margin.top + 4}" font-size="11" text-anchor="end">${label(yMax)}</text>
<text x="${margin.left - 6}" y="${height - margin.bottom}" font-size="11" text-anchor="end">${label(yMin)}</text>
<text x="${margin.left}" y="${height - margin.bottom + 16}" font-size="11">${xMin}</text>
<text x="${width - margin.right}" y="${height - margin.bottom + 16}" font-size="11" text-anchor="end">step ${xMax}</text>
${paths.join('\n')}
${legend.join('\n')}
</svg>
`;
  }
}

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the start of
 * the curve is not pulled towards zero. weight 0 leaves the data unchanged.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...values];
  let last = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return value;
    last = last * weight + (1 - weight) * value;
    count++;
    return last / (1 - weight ** count);
  });
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
