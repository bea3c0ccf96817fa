import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chartSvg, divergingColours, divergingSegments, prefixSvgIds, vegaLiteSpec } from './charts.js';
import { EXPLORE_SCRIPT } from './html-assets.js';
import type { ChartSpec, ReportModel, ReportSection } from './model.js';
import { esc, renderHtml, token } from './render-html.js';
import { sampleModel, XSS_IMG, XSS_SCRIPT } from './sample-model.test-helpers.js';

function allSections(sections: ReportSection[]): ReportSection[] {
  return sections.flatMap((s) => [s, ...allSections(s.children)]);
}

function chartBlocks(model: ReportModel): { id: string; tableId: string; chart: ChartSpec }[] {
  return allSections(model.sections).flatMap((s) => s.blocks.flatMap((b) => (b.type === 'chart' ? [b] : [])));
}

/** The markup of one element, from its opening tag with `id="…"` to its matching close (same tag name, not nested). */
function elementById(html: string, tag: string, id: string): string {
  const start = html.indexOf(`<${tag} `, html.lastIndexOf(`<${tag}`, html.indexOf(`id="${id}"`)));
  const end = html.indexOf(`</${tag}>`, start);
  expect(start, `element ${tag}#${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, end + tag.length + 3);
}

const slow = { timeout: 60_000 };

describe('renderHtml on the sample model', () => {
  it('gives every section its stable id, a table-of-contents link and a heading in order', slow, async () => {
    const model = sampleModel();
    const html = await renderHtml(model);
    const sections = allSections(model.sections);
    expect(sections.length).toBe(9 + 7 + 6);
    for (const s of sections) {
      expect(html).toContain(`<section id="${s.id}"`);
      expect(html).toContain(`<a href="#${s.id}">`);
    }
    for (let l = 1; l <= 7; l++) expect(html).toContain(`<section id="lever-L${l}" class="lever">`);
    // h1 once, and no heading deeper than one level below the one before it.
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
    expect(html).toMatch(/<section id="lever-L3" class="lever">\n<h3>L3 Warm en veilig leerklimaat<\/h3>/);
    expect(html).toMatch(/<section id="levers" class="lever">\n<h2>De zeven hefbomen<\/h2>/);
  });

  it('shows every chart as a figure with the SVG labelled by its alt text, a caption and the table behind it', slow, async () => {
    const model = sampleModel();
    const html = await renderHtml(model);
    const charts = chartBlocks(model);
    expect(new Set(charts.map((c) => c.chart.kind))).toEqual(new Set(['bar', 'heatmap', 'diverging', 'histogram']));
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(charts.length);
    for (const c of charts) {
      const figure = elementById(html, 'figure', `chart-${c.id}`);
      expect(figure).toContain(`<svg role="img" aria-label="${esc(c.chart.alt)}"`);
      expect(figure).toContain(`<figcaption>${esc(c.chart.title)}</figcaption>`);
      expect(figure).toMatch(/<details><summary>Tabel bij deze grafiek<\/summary>/);
      expect(figure).toContain(`<table id="table-${c.tableId}">`);
      // The table is shown once: inside the chart, not again on its own.
      expect(html.split(`<table id="table-${c.tableId}">`)).toHaveLength(2);
    }
    // Tables without a chart are shown on their own.
    expect(html).toContain('<table id="table-agreement-codes">');
  });

  it('links to the table instead when the chart points into another section', slow, async () => {
    const model = sampleModel();
    const overview = model.sections[0];
    const table = overview.blocks.find((b) => b.type === 'table' && b.id === 'overview-levers')!;
    overview.blocks = overview.blocks.filter((b) => b !== table);
    model.sections.find((s) => s.id === 'perspectives')!.blocks.push(table);
    const html = await renderHtml(model);
    const figure = elementById(html, 'figure', 'chart-overview-levers-chart');
    expect(figure).not.toContain('<details>');
    expect(figure).toContain('<a href="#table-overview-levers">');
    expect(html.split('<table id="table-overview-levers">')).toHaveLength(2);
  });

  it('renders the text blocks: figures, flags, missing values, percents, quotes with provenance, checklists', slow, async () => {
    const html = await renderHtml(sampleModel());
    expect(html).toContain('<dt>Fragmenten</dt><dd>85<span class="note">72 gecodeerd</span></dd>');
    expect(html).toMatch(/<tr class="flagged"><th scope="row">L5 Samenwerking met opleidingen ⚑<\/th>/);
    expect(html).toContain('<p class="note">⚑ dunne stem: minder dan 5 fragmenten</p>');
    expect(html).toContain('<td class="num">16.5%</td>'); // 14 / 85
    expect(html).toMatch(/<td class="num">—<\/td>/); // null and NaN
    expect(html).toContain('<td class="num">&lt;5</td>'); // a suppressed count stays as written
    expect(html).toMatch(/<blockquote class="quote"><p>We spreken bij de start af[^<]*<\/p><footer class="prov">Kinderbegeleider 1 · KO1 · interview · ko1-interview\.txt:10 · Codes: Startprofiel opmaken<\/footer><\/blockquote>/);
    expect(html).toMatch(/<li class="acted"><span class="tip-id">L1\.1<\/span>Maak samen een startprofiel op\.<br><span class="prov">Locaties die hierop inzetten: KO1, KO3<\/span><\/li>/);
    expect(html).toMatch(/<li><span class="tip-id">L2\.1<\/span>[^<]*<br><span class="prov">Locaties die hierop inzetten: geen locatie geregistreerd<\/span><\/li>/);
  });

  it('is a self-contained document: lang, charset, generator, no external URL, no clock', slow, async () => {
    const html = await renderHtml(sampleModel());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain('<meta name="generator" content="hefboom 0.1.0">');
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:|\/\/)/i);
    // vega's SVG declares its namespaces with URLs; those are names, not fetches. Nothing else may.
    const withoutNamespaces = html.replace(/\sxmlns(:xlink)?="http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\b20\d\d-\d\d-\d\d\b/); // no date unless given
    const dated = await renderHtml(sampleModel({ date: '2024-06-30', lang: 'en' }));
    expect(dated).toContain('<html lang="en">');
    expect(dated).toContain('Date: 2024-06-30');
    expect(dated).toContain('<summary>Table behind this chart</summary>');
  });

  it('allows only its own script by hash (Content-Security-Policy), and the script is small', slow, async () => {
    const html = await renderHtml(sampleModel());
    const hash = createHash('sha256').update(EXPLORE_SCRIPT).digest('base64');
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html).toContain(`default-src &#39;none&#39;`);
    expect(html).toContain(`<script>${EXPLORE_SCRIPT}</script>`);
    expect((html.match(/<script/g) ?? []).length).toBe(1);
    expect(Buffer.byteLength(EXPLORE_SCRIPT)).toBeLessThan(3000);
    expect(EXPLORE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  it('is deterministic: the same model gives the same string, whatever was rendered before', slow, async () => {
    const a = await renderHtml(sampleModel());
    // Rendering other charts advances vega's internal id counters; the output must not change.
    await chartSvg({ kind: 'heatmap', title: 't', alt: 'a', rows: 'r', cols: 'c', value: 'v', data: [{ row: 'x', col: 'y', value: 1 }] });
    const b = await renderHtml(sampleModel());
    expect(b).toBe(a);
    // SVG ids are unique in the page (inline SVGs share one id space).
    const ids = [...a.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(a).toMatch(/id="chart-overview-roles-levers-chart-1"/); // the heat map legend's gradient
  });
});

describe('escaping', () => {
  it('shows markup in quotes, code labels, table cells, titles, sites and provenance as text, never as tags', slow, async () => {
    const html = await renderHtml(sampleModel({ hostile: true }));
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain(XSS_IMG);
    expect(html).not.toMatch(/<img/i);
    expect((html.match(/<script/gi) ?? []).length).toBe(1);
    const script = esc(XSS_SCRIPT);
    const img = esc(XSS_IMG);
    expect(script).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`<title>Rapport ${script}</title>`); // title
    expect(html).toContain(`<h1>Rapport ${script}</h1>`);
    expect(html).toContain(`<h3>L1 Visie op werkplekleren ${img}</h3>`); // section title
    expect(html).toContain(`<figcaption>Fragmenten per hefboom ${script}</figcaption>`); // chart title
    expect(html).toContain(`<p>Ze zei letterlijk ${script} en daarna ${img}`); // quote (exemplar)
    expect(html).toMatch(/data-site="KO1">Ze zei letterlijk &lt;script&gt;alert\(1\)&lt;\/script&gt;/); // quote (Explore)
    expect(html).toContain(`Codes: Label ${img}`); // code label in a quote's provenance
    expect(html).toContain(`<option value="startprofiel">Label ${img} (startprofiel)</option>`); // code label as a filter
    expect(html).toContain(`<td>Cel ${img} ${script}</td>`); // table cell
    expect(html).toContain(`data-site="${script}"`); // facet value in an attribute
    expect(html).toContain(`ko2-interview.txt:${img}`); // provenance
    expect(html).toContain(`Tip met ${script}`); // checklist
  });

  it('escapes all five special characters and neutralises control characters', () => {
    expect(esc(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
    expect(esc('x\u0000y\u001bz')).toBe('x\uFFFDy\uFFFDz');
    expect(esc(null)).toBe('');
  });

  it('escapes text that vega draws inside a chart', slow, async () => {
    const svg = await chartSvg({ kind: 'bar', title: 't', alt: 'a', x: XSS_IMG, y: 'y', data: [{ label: XSS_SCRIPT, value: 2 }] });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('Explore', () => {
  it('lists every quote with filter tokens, behind a hidden, labelled filter form and a live count', slow, async () => {
    const model = sampleModel();
    const html = await renderHtml(model);
    const list = elementById(html, 'ol', 'explore-list');
    expect((list.match(/<li\b/g) ?? []).length).toBe(model.explore.quotes.length);
    expect(list).toMatch(/<li data-lever="L1 L3" data-memoq="welbevinden" data-code="startprofiel" data-role="kinderbegeleider" data-site="KO1">We spreken[^<]*<small>Kinderbegeleider 1 · KO1 · interview · ko1-interview\.txt:10 · Codes: Startprofiel opmaken<\/small><\/li>/);
    // A site with spaces stays one token, and the option carries the same token.
    expect(list).toContain('data-site="Kinderdagverblijf%20De%20Vlinder"');
    expect(html).toContain('<option value="Kinderdagverblijf%20De%20Vlinder">Kinderdagverblijf De Vlinder</option>');
    expect(html).toMatch(/<form id="explore-filters" class="filters" role="search" aria-label="Fragmenten filteren" hidden>/);
    for (const key of ['lever', 'memoq', 'code', 'role', 'site']) expect(html).toMatch(new RegExp(`<label for="f-${key}">[^<]+<select id="f-${key}" name="f-${key}"><option value="">Alle</option>`));
    expect(html).toContain('<label for="f-text">Zoeken in de tekst<input id="f-text" name="f-text" type="search"');
    expect(html).toContain('<option value="L3">L3 Warm en veilig leerklimaat</option>'); // lever named by its section title
    expect(html).toContain('<p id="explore-count" class="count" aria-live="polite" data-template="{n} van 12 fragmenten getoond">12 fragmenten</p>');
    expect(html).toContain('De lijst toont 12 van de 17 fragmenten (limiet 12).');
    expect(html).toContain('deel dit bestand met zorg');
  });

  it('adds an Explore section when the model has quotes but no such section', slow, async () => {
    const model = sampleModel();
    model.sections = model.sections.filter((s) => s.kind !== 'explore');
    const html = await renderHtml(model);
    expect(html).toMatch(/<section id="explore" class="explore">\n<h2>Verkennen<\/h2>/);
    expect(html.indexOf('id="explore"')).toBeLessThan(html.indexOf('<section id="method"'));
  });

  it('tokens keep distinct values distinct and hold no whitespace', () => {
    expect(token('KO 1')).toBe('KO%201');
    expect(token('KO%201')).toBe('KO%25201');
    expect(token('a\tb')).toBe('a%09b');
    expect(token('L3')).toBe('L3');
  });

  it('stays under 5 MB with 10,000 Explore quotes, and bounds very long ones', slow, async () => {
    const model = sampleModel({ exploreQuotes: 10_000 });
    // About 180 characters each, a typical transcript paragraph.
    for (const q of model.explore.quotes) q.text = `${q.text} ${'Ze leert door te kijken en daarna zelf te proberen. '.repeat(2)}`;
    const html = await renderHtml(model);
    expect(Buffer.byteLength(html)).toBeLessThan(5_000_000);
    expect((elementById(html, 'ol', 'explore-list').match(/<li\b/g) ?? []).length).toBe(10_000);

    const long = sampleModel({ exploreQuotes: 10_000 });
    for (const q of long.explore.quotes) q.text = 'lang fragment '.repeat(80);
    const bounded = await renderHtml(long);
    expect(Buffer.byteLength(bounded)).toBeLessThan(5_000_000);
    const kept = (elementById(bounded, 'ol', 'explore-list').match(/<li\b/g) ?? []).length;
    expect(kept).toBeLessThan(10_000);
    expect(kept).toBeGreaterThan(3_500_000 / 1300); // the list uses most of the budget
    expect(bounded).toContain('is de lijst ingekort');
    expect(bounded).toContain(`data-template="{n} van ${kept} fragmenten getoond"`);
  });
});

describe('charts', () => {
  const likert: Extract<ChartSpec, { kind: 'diverging' }> = {
    kind: 'diverging', title: 't', alt: 'a', labels: ['--', '-', '0', '+', '++'],
    data: [['--', 0.1], ['-', 0.2], ['0', 0.2], ['+', 0.3], ['++', 0.2]].map(([label, share]) => ({ item: 'i', label: label as string, share: share as number, count: 1 })),
  };

  it('puts labels below the middle left of 0 and splits the neutral label across 0', () => {
    const seg = divergingSegments(likert);
    const near = (a: number, b: number): void => expect(a).toBeCloseTo(b, 12);
    near(seg[0].x0, -0.4); near(seg[0].x1, -0.3);
    near(seg[1].x1, -0.1);
    near(seg[2].x0, -0.1); near(seg[2].x1, 0.1);
    near(seg[4].x1, 0.6);
    // Even scale: no neutral, the split is between the middle two labels.
    const even = divergingSegments({ ...likert, labels: ['-', '+'], data: [{ item: 'i', label: '-', share: 0.25, count: 1 }, { item: 'i', label: '+', share: 0.75, count: 3 }] });
    near(even[0].x0, -0.25); near(even[0].x1, 0); near(even[1].x1, 0.75);
  });

  it('colours Likert labels from a diverging ramp with a grey neutral middle', () => {
    const five = divergingColours(5);
    expect(five).toHaveLength(5);
    expect(five[2]).toBe('#cfcfcf');
    expect(new Set(five).size).toBe(5);
    expect(divergingColours(4)).not.toContain('#cfcfcf');
  });

  it('keeps the given bar order and draws a heat map value in every cell', slow, async () => {
    const spec = vegaLiteSpec({ kind: 'bar', title: 't', alt: 'a', x: 'n', y: 'l', data: [{ label: 'b', value: 1 }, { label: 'a', value: 3 }] }) as any;
    expect(spec.encoding.y.sort).toEqual(['b', 'a']);
    const svg = await chartSvg({ kind: 'heatmap', title: 't', alt: 'a', rows: 'r', cols: 'c', value: 'v', data: [{ row: 'x', col: 'p', value: 17 }, { row: 'y', col: 'p', value: 4 }] });
    expect(svg).toMatch(/>17<\/text>/);
    expect(svg).toMatch(/>4<\/text>/);
    const hist = await chartSvg({ kind: 'histogram', title: 't', alt: 'a', x: 'uren', values: [10, 20, 30, 40, 50, 60], norm: 53, band: [40, 66] });
    expect(hist).toContain('norm 53');
  });

  it('rewrites SVG ids and their references with a prefix', () => {
    const svg = '<svg><defs><clipPath id="clip7"></clipPath><linearGradient id="gradient_0"></linearGradient></defs><g clip-path="url(#clip7)"><rect fill="url(#gradient_0)"/></g><text>url(#clip7)</text></svg>';
    expect(prefixSvgIds(svg, 'c')).toBe('<svg><defs><clipPath id="c-1"></clipPath><linearGradient id="c-2"></linearGradient></defs><g clip-path="url(#c-1)"><rect fill="url(#c-2)"/></g><text>url(#clip7)</text></svg>');
  });
});
