// The static markup of our webviews (no vscode import, so the benchmark can load
// the same page in a plain browser). The scripts in src/webview fill it in.

export const NOTE_VIEW_BODY = `<nav class="toolbar">
  <button id="back" title="Back" aria-label="Back">&#8592;</button>
  <button id="forward" title="Forward" aria-label="Forward">&#8594;</button>
  <span class="spacer"></span>
  <button id="insertSnippet">Insert snippet</button>
  <button id="runDemo">Run demo</button>
  <button id="copyLink">Copy link</button>
</nav>
<main id="content" aria-live="polite"></main>`;

export const LOSS_CHART_BODY = `<header class="toolbar">
  <button id="stop" title="Stop the running program">Stop</button>
  <label title="Logarithmic loss axis"><input type="checkbox" id="logScale"> Log scale</label>
  <label title="TensorBoard-style exponential smoothing">Smoothing <input type="range" id="smoothing" min="0" max="0.99" step="0.01" value="0"> <output id="smoothingValue">0.00</output></label>
  <span class="spacer"></span>
  <button id="exportCsv">Export CSV</button>
  <button id="exportPng">Export PNG</button>
  <button id="clear" title="Remove finished runs from the chart">Clear</button>
</header>
<section id="runs" aria-live="polite"></section>
<div id="chart" role="img" aria-label="Loss curve"></div>
<div id="tooltip" class="tooltip" hidden></div>`;
