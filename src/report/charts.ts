/**
 * Charts of the HTML report: a `ChartSpec` (model.ts) becomes a Vega-Lite spec, which vega renders
 * to an SVG string in Node (no canvas, no DOM, no network).
 *
 * Decisions:
 * - The chart title is not drawn inside the SVG: the HTML puts it in the `<figcaption>`, where it is
 *   real, selectable, translatable text.
 * - `bar`: horizontal bars in the order given (the builder decides the order); `x` titles the value
 *   axis, `y` the category axis; `percent` means values 0–100 (as in percent table columns).
 * - `diverging`: segment positions are computed here (labels below the middle to the left of 0, a
 *   neutral middle label split across 0), so Vega-Lite only draws `x`–`x2` bars.
 * - SVG ids (clip paths, gradients) come from counters inside vega; several SVGs inline in one page
 *   share one id space, so every id is rewritten to `<idPrefix>-<n>`: unique per chart, and the same
 *   string for the same input whatever was rendered before.
 * - Vega and Vega-Lite warnings are silenced: a CLI must not print library chatter to stderr.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './model.js';

const BAR_COLOUR = '#2f5f8f';
const NORM_COLOUR = '#b03a2e';
const BAND_COLOUR = '#e8d9a8';
const NEUTRAL_COLOUR = '#cfcfcf';
const WIDTH = 520;
// Short on purpose: vega repeats it on every <text>; the page's CSS sets the real font family.
const FONT = 'sans-serif';

/** A logger that drops everything (vega's and vega-lite's default loggers write to the console). */
const silentLogger = {
  level(): any { return silentLogger; },
  error(): any { return silentLogger; },
  warn(): any { return silentLogger; },
  info(): any { return silentLogger; },
  debug(): any { return silentLogger; },
};

const config = {
  aria: false, // the figure carries role="img" and the alt text; inner aria labels would repeat it
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 360, titleFontWeight: 'normal' as const },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 360, titleLimit: 480, titleFontWeight: 'normal' as const },
};

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function barSpec(chart: Extract<ChartSpec, { kind: 'bar' }>): TopLevelSpec {
  const order = unique(chart.data.map((d) => d.label));
  const groups = unique(chart.data.map((d) => d.group).filter((g): g is string => typeof g === 'string'));
  const grouped = groups.length > 0;
  const step = grouped ? Math.max(14, 10 * groups.length) : 20;
  const values = chart.data.map((d) => ({
    label: d.label,
    value: d.value,
    group: d.group ?? '',
    text: chart.percent ? `${formatNumber(d.value, 1)}%` : formatNumber(d.value),
  }));
  const integers = chart.data.every((d) => Number.isInteger(d.value));
  const y = { field: 'label', type: 'nominal' as const, sort: order, title: chart.y };
  const x = {
    field: 'value', type: 'quantitative' as const, title: chart.x,
    // Counts get whole-number ticks; a handful of ticks reads better than one per unit.
    axis: { format: '~r', tickCount: 6, ...(chart.percent ? { labelExpr: "datum.label + '%'" } : {}), ...(integers ? { tickMinStep: 1 } : {}) },
  };
  return {
    config,
    width: WIDTH,
    height: { step },
    data: { values },
    encoding: { y, ...(grouped ? { yOffset: { field: 'group', type: 'nominal', sort: groups } } : {}) },
    layer: [
      {
        mark: { type: 'bar', ...(grouped ? {} : { color: BAR_COLOUR }) },
        encoding: {
          x,
          ...(grouped ? { color: { field: 'group', type: 'nominal', sort: groups, title: null, legend: { orient: 'bottom' } } } : {}),
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#222' },
        encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
      },
    ],
  } as TopLevelSpec;
}

function heatmapSpec(chart: Extract<ChartSpec, { kind: 'heatmap' }>): TopLevelSpec {
  const rowOrder = chart.rowOrder ?? unique(chart.data.map((d) => d.row));
  const colOrder = chart.colOrder ?? unique(chart.data.map((d) => d.col));
  const max = chart.data.reduce((m, d) => (Number.isFinite(d.value) ? Math.max(m, d.value) : m), 0);
  const values = chart.data.map((d) => ({ row: d.row, col: d.col, value: d.value, text: formatNumber(d.value) }));
  return {
    config,
    width: { step: Math.max(28, Math.min(60, Math.floor(WIDTH / Math.max(1, colOrder.length)))) },
    height: { step: 22 },
    data: { values },
    encoding: {
      y: { field: 'row', type: 'nominal', sort: rowOrder, title: chart.rows },
      x: { field: 'col', type: 'nominal', sort: colOrder, title: chart.cols, axis: { orient: 'top', labelAngle: -40 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: { field: 'value', type: 'quantitative', title: chart.value, scale: { scheme: 'blues', domainMin: 0 }, legend: { orient: 'bottom', direction: 'horizontal' } },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'text', type: 'nominal' },
          // Dark cells get white text so the number stays readable.
          color: { condition: { test: `datum.value > ${max * 0.55}`, value: 'white' }, value: '#111' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Colours for Likert labels, lowest first: a red–blue diverging ramp, grey in the middle. */
export function divergingColours(count: number): string[] {
  const ramp = vega.scheme('redblue') as (t: number) => string;
  const colours: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0.5 : 0.12 + (0.76 * i) / (count - 1);
    colours.push(count % 2 === 1 && i === (count - 1) / 2 ? NEUTRAL_COLOUR : String(ramp(t)));
  }
  return colours;
}

/** Left and right ends of every segment: negatives left of 0, a neutral middle split across it. */
export function divergingSegments(chart: Extract<ChartSpec, { kind: 'diverging' }>): { item: string; label: string; share: number; x0: number; x1: number }[] {
  const k = chart.labels.length;
  const items = unique(chart.data.map((d) => d.item));
  const out: { item: string; label: string; share: number; x0: number; x1: number }[] = [];
  for (const item of items) {
    const share = chart.labels.map((label) => {
      const hit = chart.data.find((d) => d.item === item && d.label === label);
      return hit && Number.isFinite(hit.share) ? hit.share : 0;
    });
    const below = k % 2 === 1 ? (k - 1) / 2 : k / 2;
    let left = 0;
    for (let j = 0; j < below; j++) left += share[j];
    if (k % 2 === 1) left += share[below] / 2;
    let x = -left;
    chart.labels.forEach((label, j) => {
      out.push({ item, label, share: share[j], x0: x, x1: x + share[j] });
      x += share[j];
    });
  }
  return out;
}

function divergingSpec(chart: Extract<ChartSpec, { kind: 'diverging' }>): TopLevelSpec {
  const items = unique(chart.data.map((d) => d.item));
  const segments = divergingSegments(chart).filter((s) => s.share > 0);
  return {
    config,
    width: WIDTH,
    height: { step: 24 },
    data: { values: segments },
    layer: [
      {
        mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          y: { field: 'item', type: 'nominal', sort: items, title: null },
          x: {
            field: 'x0', type: 'quantitative', title: null, scale: { domain: [-1, 1] },
            axis: { labelExpr: "format(abs(datum.value), '.0%')", values: [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1] },
          },
          x2: { field: 'x1' },
          color: {
            field: 'label', type: 'nominal', title: null, sort: chart.labels,
            scale: { domain: chart.labels, range: divergingColours(chart.labels.length) },
            legend: { orient: 'bottom', direction: 'horizontal', columns: Math.min(chart.labels.length, 5) },
          },
        },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#333', strokeWidth: 1 },
        encoding: { x: { field: 'zero', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

function histogramSpec(chart: Extract<ChartSpec, { kind: 'histogram' }>): TopLevelSpec {
  const values = chart.values.filter(Number.isFinite).map((value) => ({ value }));
  const layers: unknown[] = [];
  if (chart.band) {
    layers.push({
      data: { values: [{ lo: chart.band[0], hi: chart.band[1] }] },
      mark: { type: 'rect', color: BAND_COLOUR, opacity: 0.7 },
      encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
    });
  }
  layers.push({
    data: { values },
    mark: { type: 'bar', color: BAR_COLOUR, binSpacing: 1 },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { maxbins: 30 }, title: chart.x, scale: { zero: false } },
      y: { aggregate: 'count', type: 'quantitative', title: null },
    },
  });
  if (chart.norm !== undefined && Number.isFinite(chart.norm)) {
    layers.push({
      data: { values: [{ norm: chart.norm, text: `norm ${formatNumber(chart.norm)}` }] },
      layer: [
        { mark: { type: 'rule', color: NORM_COLOUR, strokeWidth: 2, strokeDash: [5, 3] }, encoding: { x: { field: 'norm', type: 'quantitative' } } },
        { mark: { type: 'text', color: NORM_COLOUR, align: 'left', dx: 4, y: 6, baseline: 'top', fontSize: 10 }, encoding: { x: { field: 'norm', type: 'quantitative' }, text: { field: 'text' } } },
      ],
    });
  }
  return { config, width: WIDTH, height: 200, layer: layers } as TopLevelSpec;
}

/** The Vega-Lite spec for a chart (exported for tests and for anyone who wants the spec itself). */
export function vegaLiteSpec(chart: ChartSpec): TopLevelSpec {
  switch (chart.kind) {
    case 'bar': return barSpec(chart);
    case 'heatmap': return heatmapSpec(chart);
    case 'diverging': return divergingSpec(chart);
    case 'histogram': return histogramSpec(chart);
    default: throw new Error(`unknown chart kind: ${String((chart as { kind?: unknown }).kind)}`);
  }
}

/** Numbers as charts label them: integers as is, others with at most `digits` decimals. */
function formatNumber(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '';
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(digits)));
}

/** Rewrites vega's counter-based ids (`clip3`, `gradient_0`) to `<prefix>-<n>` in order of appearance. */
export function prefixSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!renamed.has(m[1])) renamed.set(m[1], `${prefix}-${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (all, a: string, id: string, b: string) => (renamed.has(id) ? a + renamed.get(id)! + b : all))
    .replace(/="url\(#([^)"]+)\)"/g, (all, id: string) => (renamed.has(id) ? `="url(#${renamed.get(id)!})"` : all))
    .replace(/(\shref=")#([^"]+)(")/g, (all, a: string, id: string, b: string) => (renamed.has(id) ? `${a}#${renamed.get(id)!}${b}` : all));
}

/**
 * The chart as an SVG string. `idPrefix` makes its internal ids unique in the page (default `chart`;
 * pass the chart block's id when several charts share a document).
 */
export async function chartSvg(chart: ChartSpec, idPrefix = 'chart'): Promise<string> {
  const compiled = compile(vegaLiteSpec(chart), { logger: silentLogger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: silentLogger, logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    return prefixSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}
