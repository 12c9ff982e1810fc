// Script of the loss-curve panel: draws every run's series with uPlot, streaming
// new points at most once per animation frame, with smoothing, a log axis, a
// tooltip, a divergence marker and PNG export. The extension owns the data; this
// page asks for a snapshot whenever it starts, so hiding the panel loses nothing.
import uPlot from 'uplot';
import { smooth } from '../core/lossHistory';
import type { FromLossChart, LossChartState, RunView, ToLossChart } from './protocol';
import { SandboxHost } from './sandboxHost';
import { vscodeApi } from './vscodeApi';

type ViewState = Omit<LossChartState, 'runs'>;

/** Aligned data for uPlot: a shared x axis (steps) and one y array per series, null where a series has no point. */
class AlignedSeries {
  xs: number[] = [];
  private readonly index = new Map<number, number>();
  readonly columns = new Map<string, (number | null)[]>();

  add(key: string, step: number, loss: number): void {
    let column = this.columns.get(key);
    if (!column) {
      column = new Array<number | null>(this.xs.length).fill(null);
      this.columns.set(key, column);
    }
    let at = this.index.get(step);
    if (at === undefined) {
      if (this.xs.length === 0 || step > this.xs[this.xs.length - 1]!) {
        at = this.xs.length;
        this.xs.push(step);
        for (const c of this.columns.values()) c.push(null);
      } else {
        // Out-of-order step (rare): insert and re-index.
        at = this.xs.findIndex((x) => x > step);
        this.xs.splice(at, 0, step);
        for (const c of this.columns.values()) c.splice(at, 0, null);
        this.index.clear();
        this.xs.forEach((x, i) => this.index.set(x, i));
      }
      this.index.set(step, at);
    }
    column[at] = loss;
  }
}

const vscode = vscodeApi<LossChartState, FromLossChart>();
const saved = vscode.getState();
const state: ViewState = { smoothing: saved?.smoothing ?? 0, logScale: saved?.logScale ?? false };
let runs: RunView[] = [];
let aligned = new AlignedSeries();
let plot: uPlot | undefined;
let plotShape = '';
let frameRequested = false;
let redraws = 0;
/** On the web, runs train in Workers of this page (see sandboxHost.ts). */
const sandboxes = new SandboxHost((message) => vscode.postMessage(message));

const chartElement = document.getElementById('chart')!;
const runsElement = document.getElementById('runs')!;
const tooltip = document.getElementById('tooltip')!;
const logScaleBox = document.getElementById('logScale') as HTMLInputElement;
const smoothingSlider = document.getElementById('smoothing') as HTMLInputElement;
const smoothingValue = document.getElementById('smoothingValue') as HTMLOutputElement;
const stopButton = document.getElementById('stop') as HTMLButtonElement;

const seriesKey = (run: RunView, name: string) => `${run.id}\u0000${name}`;

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function palette(): string[] {
  return [
    cssColor('--vscode-charts-blue', '#3794ff'),
    cssColor('--vscode-charts-orange', '#d18616'),
    cssColor('--vscode-charts-green', '#89d185'),
    cssColor('--vscode-charts-purple', '#b180d7'),
    cssColor('--vscode-charts-red', '#f14c4c'),
    cssColor('--vscode-charts-yellow', '#cca700'),
  ];
}

function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex)
    return `#${hex[1]}${Math.round(alpha * 255)
      .toString(16)
      .padStart(2, '0')}`;
  const rgb = /^rgba?\(([^)]+)\)$/.exec(color);
  if (rgb) return `rgba(${rgb[1]!.split(',').slice(0, 3).join(',')},${alpha})`;
  return color;
}

function rebuildAligned(): void {
  aligned = new AlignedSeries();
  for (const run of runs) {
    for (const series of run.series) {
      for (let i = 0; i < series.steps.length; i++)
        aligned.add(seriesKey(run, series.name), series.steps[i]!, series.losses[i]!);
    }
  }
}

interface DrawnSeries {
  key: string;
  label: string;
  color: string;
  raw: boolean;
  width: number;
}

function drawnSeries(): DrawnSeries[] {
  const colors = palette();
  const latest = runs[runs.length - 1]?.id;
  const several = runs.length > 1;
  const drawn: DrawnSeries[] = [];
  let colorIndex = 0;
  for (const run of runs) {
    const older = run.id !== latest;
    for (const series of run.series) {
      const key = seriesKey(run, series.name);
      const color = colors[colorIndex++ % colors.length]!;
      const label = several ? `${run.title} · ${series.name}` : series.name;
      const base = older ? withAlpha(color, 0.55) : color;
      if (state.smoothing > 0)
        drawn.push({ key, label: `${label} (raw)`, color: withAlpha(color, 0.22), raw: true, width: 1 });
      drawn.push({ key, label, color: base, raw: false, width: older ? 1.25 : 2 });
    }
  }
  return drawn;
}

function allPositive(): boolean {
  for (const column of aligned.columns.values()) for (const v of column) if (v !== null && v <= 0) return false;
  return true;
}

function plotData(series: DrawnSeries[]): uPlot.AlignedData {
  return [
    aligned.xs,
    ...series.map((s) => {
      const column = aligned.columns.get(s.key) ?? [];
      return s.raw || state.smoothing <= 0 ? column : smooth(column, state.smoothing);
    }),
  ] as uPlot.AlignedData;
}

function divergenceMarkers(u: uPlot): void {
  const ctx = u.ctx;
  const red = cssColor('--vscode-charts-red', '#f14c4c');
  for (const run of runs) {
    if (!run.diverged) continue;
    const x = u.valToPos(run.diverged.step, 'x', true);
    if (!Number.isFinite(x)) continue;
    ctx.save();
    ctx.strokeStyle = red;
    ctx.fillStyle = red;
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `${12 * devicePixelRatio}px ${getComputedStyle(document.body).fontFamily}`;
    const label = `${run.diverged.value} at step ${run.diverged.step}`;
    const width = ctx.measureText(label).width;
    // Keep the label inside the plot: right of the line, or left of it near the right edge.
    const labelX =
      x + 6 * devicePixelRatio + width < u.bbox.left + u.bbox.width
        ? x + 6 * devicePixelRatio
        : x - 6 * devicePixelRatio - width;
    ctx.fillText(label, labelX, u.bbox.top + 16 * devicePixelRatio);
    ctx.restore();
  }
  chartElement.dataset.divergedMarkers = String(runs.filter((r) => r.diverged).length);
}

function showTooltip(u: uPlot): void {
  const idx = u.cursor.idx;
  if (idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
    tooltip.hidden = true;
    return;
  }
  const rows = u.series
    .slice(1)
    .map((s, i) => ({ label: String(s.label), value: u.data[i + 1]![idx], color: (s as { _stroke?: string })._stroke }))
    .filter((r) => r.value !== null && r.value !== undefined && !r.label.endsWith('(raw)'));
  if (rows.length === 0) {
    tooltip.hidden = true;
    return;
  }
  tooltip.replaceChildren();
  const title = document.createElement('div');
  title.className = 'tooltip-step';
  title.textContent = `step ${u.data[0][idx]}`;
  tooltip.append(title);
  for (const row of rows) {
    const line = document.createElement('div');
    line.textContent = `${row.label}: ${Number(row.value).toPrecision(5)}`;
    if (row.color) line.style.borderLeft = `3px solid ${row.color}`;
    tooltip.append(line);
  }
  tooltip.hidden = false;
  const left = u.cursor.left + u.over.offsetLeft + 14;
  tooltip.style.left = `${Math.min(left, chartElement.clientWidth - tooltip.offsetWidth - 4)}px`;
  tooltip.style.top = `${(u.cursor.top ?? 0) + u.over.offsetTop + 14}px`;
}

/** The plot fills the panel below the header, leaving room for the legend under it. */
function plotHeight(): number {
  const legendRows = Math.ceil(runs.reduce((n, r) => n + r.series.length, 0) / 3);
  return Math.max(200, window.innerHeight - chartElement.getBoundingClientRect().top - 40 - 22 * legendRows);
}

function createPlot(series: DrawnSeries[]): void {
  plot?.destroy();
  const foreground = cssColor('--vscode-foreground', '#cccccc');
  const grid = withAlpha(cssColor('--vscode-foreground', '#cccccc'), 0.12);
  const useLog = state.logScale && allPositive();
  const axis = { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const lossTicks = (_u: uPlot, splits: number[]) => splits.map(formatLoss);
  plot = new uPlot(
    {
      width: Math.max(300, chartElement.clientWidth),
      height: plotHeight(),
      scales: { x: { time: false }, y: useLog ? { distr: 3 } : { auto: true } },
      series: [
        { label: 'step' },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.width,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      axes: [
        { ...axis, label: 'step' },
        { ...axis, label: useLog ? 'loss (log)' : 'loss', size: 70, values: lossTicks },
      ],
      legend: { show: true, live: false },
      cursor: { drag: { x: true, y: false } },
      hooks: { draw: [divergenceMarkers], setCursor: [showTooltip] },
    },
    plotData(series),
    chartElement,
  );
  plotShape = shapeOf(series);
  chartElement.dataset.scale = useLog ? 'log' : 'linear';
  logScaleBox.disabled = !allPositive();
  logScaleBox.title = logScaleBox.disabled ? 'A log axis needs every loss to be positive' : 'Logarithmic loss axis';
}

/**
 * Loss-axis tick labels: short, with exponents for very large or small losses (the tooltip shows 5 digits).
 * uPlot passes null for the ticks it hides (a log axis has more ticks than room for labels): those get none.
 */
function formatLoss(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

function shapeOf(series: DrawnSeries[]): string {
  return `${state.logScale && allPositive()}|${series.map((s) => `${s.label}:${s.color}`).join('|')}`;
}

function redraw(): void {
  frameRequested = false;
  redraws++;
  const series = drawnSeries();
  if (!plot || shapeOf(series) !== plotShape) createPlot(series);
  else plot.setData(plotData(series));
  const points = runs.reduce((n, r) => n + r.series.reduce((m, s) => m + s.steps.length, 0), 0);
  chartElement.dataset.points = String(points);
  chartElement.dataset.series = String(series.filter((s) => !s.raw).length);
  chartElement.dataset.redraws = String(redraws);
}

/** Coalesces any number of updates into one redraw per animation frame (≤ 60 a second). */
function scheduleRedraw(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(redraw);
}

function renderRuns(): void {
  const latest = runs[runs.length - 1]?.id;
  runsElement.replaceChildren(
    ...runs
      .slice()
      .reverse()
      .map((run) => {
        const row = document.createElement('div');
        row.className = `run status-${run.status}`;
        row.dataset.runId = String(run.id);
        const title = document.createElement('strong');
        title.textContent = run.title;
        const status = document.createElement('span');
        status.className = 'badge';
        status.textContent = run.status === 'running' ? 'running…' : run.status;
        const backend = document.createElement('span');
        backend.className = 'backend';
        backend.textContent = run.backend ? `Backend: ${run.backend}` : 'Backend: loading…';
        row.append(title, status, backend);
        if (run.backendNote && run.id === latest) {
          const note = document.createElement('div');
          note.className = 'backend-note';
          note.textContent = `Fell back: ${run.backendNote}`;
          row.append(note);
        }
        if (run.summary) {
          const summary = document.createElement('div');
          summary.className = 'summary';
          summary.textContent = run.summary;
          row.append(summary);
        }
        return row;
      }),
  );
  stopButton.disabled = !runs.some((r) => r.status === 'running');
}

let saveTimer: number | undefined;
/** Keeps a copy in the webview state for window reloads, at most once a second. */
function saveState(): void {
  if (saveTimer !== undefined) return;
  saveTimer = window.setTimeout(() => {
    saveTimer = undefined;
    vscode.setState({ ...state, runs });
  }, 1000);
}

window.addEventListener('message', (event: MessageEvent<ToLossChart>) => {
  const message = event.data;
  switch (message.type) {
    case 'startSandbox':
      void sandboxes.start(message);
      return;
    case 'stopSandbox':
      sandboxes.stop(message.sandboxId);
      return;
    case 'snapshot':
      runs = message.runs;
      rebuildAligned();
      renderRuns();
      break;
    case 'run': {
      const existing = runs.find((r) => r.id === message.run.id);
      if (existing) Object.assign(existing, { ...message.run, series: existing.series });
      else runs.push(message.run);
      renderRuns();
      break;
    }
    case 'points': {
      const run = runs.find((r) => r.id === message.id);
      if (!run) return;
      for (const point of message.points) {
        let series = run.series.find((s) => s.name === point.series);
        if (!series) {
          series = { name: point.series, steps: [], losses: [] };
          run.series.push(series);
        }
        series.steps.push(point.step);
        series.losses.push(point.loss);
        aligned.add(seriesKey(run, point.series), point.step, point.loss);
      }
      break;
    }
  }
  scheduleRedraw();
  saveState();
});

logScaleBox.checked = state.logScale;
smoothingSlider.value = String(state.smoothing);
smoothingValue.value = state.smoothing.toFixed(2);
logScaleBox.addEventListener('change', () => {
  state.logScale = logScaleBox.checked;
  scheduleRedraw();
  saveState();
});
smoothingSlider.addEventListener('input', () => {
  state.smoothing = Number(smoothingSlider.value);
  smoothingValue.value = state.smoothing.toFixed(2);
  scheduleRedraw();
  saveState();
});
stopButton.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
document.getElementById('clear')!.addEventListener('click', () => vscode.postMessage({ type: 'clear' }));
document.getElementById('exportCsv')!.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));
document.getElementById('exportPng')!.addEventListener('click', () => {
  if (!plot) return;
  // The chart canvas on the theme's background, so the PNG reads on its own.
  const source = plot.ctx.canvas;
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = cssColor('--vscode-editor-background', '#1e1e1e');
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0);
  vscode.postMessage({ type: 'exportPng', dataUrl: canvas.toDataURL('image/png') });
});
new ResizeObserver(() =>
  plot?.setSize({ width: Math.max(300, chartElement.clientWidth), height: plotHeight() }),
).observe(chartElement);
// Theme changes swap the body class: rebuild the chart with the new colours.
new MutationObserver(() => {
  plotShape = '';
  scheduleRedraw();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

if (saved?.runs) {
  runs = saved.runs;
  rebuildAligned();
  renderRuns();
  scheduleRedraw();
}
vscode.postMessage({ type: 'ready' });
