/**
 * The HTML report: one self-contained file (inline CSS, inline SVG charts, one small inline script),
 * readable on screen, printable to PDF, and safe with hostile text in the data.
 *
 * Decisions:
 * - Every piece of model text goes through `esc` (text and attribute values alike). The only raw
 *   markup inserted is our own and the SVG vega renders (vega escapes the text it draws).
 * - A Content-Security-Policy allows no fetches at all and only our script (by its hash), so even a
 *   missed escape could not run code or load anything.
 * - A chart's table is rendered inside the chart's `<details>` when it sits in the same section, and
 *   not again on its own; a table elsewhere is linked instead.
 * - Explore: the list is server-rendered; filter values are tokens (`token`) stored in `data-*`
 *   attributes; the form is `hidden` until the script reveals it, so without scripts the plain
 *   list shows and no dead controls do.
 * - No clock: the date appears only when the model has one, so the file rebuilds identically.
 * - Table cells are formatted as in the Markdown output (render.ts): integers as is, other numbers
 *   with at most 3 decimals, percent columns with 1 decimal and `%`, missing values as `—`.
 */
import { createHash } from 'node:crypto';
import { chartSvg } from './charts.js';
import { EXPLORE_SCRIPT, REPORT_CSS } from './html-assets.js';
import type { ChartSpec, ReportBlock, ReportModel, ReportQuote, ReportSection } from './model.js';
import { flagMarkers, stripControls } from './render.js';
import type { Cell, Column, Table } from './table.js';

type Lang = 'nl' | 'en';

/**
 * Most bytes of the whole file. `explore.limit` bounds the number of Explore quotes, not their
 * length; the list gets what the rest of the report leaves of this budget, so the file stays under
 * 5 MB whatever the limit.
 */
export const HTML_BUDGET_BYTES = 4_900_000;

/** Stands in for the Explore list while the rest is measured (esc turns U+0000 in data into U+FFFD). */
const EXPLORE_SLOT = '\u0000explore\u0000';

const WORDS = {
  nl: {
    skip: 'Naar de inhoud', sections: 'Secties', contents: 'Inhoud', project: 'Project', date: 'Datum',
    chartTable: 'Tabel bij deze grafiek', seeTable: 'Zie de tabel', codes: 'Codes',
    sitesActing: 'Locaties die hierop inzetten', noSites: 'geen locatie geregistreerd',
    filters: 'Fragmenten filteren', lever: 'Hefboom', memoq: 'MeMoQ-dimensie', code: 'Code', role: 'Rol', site: 'Locatie',
    text: 'Zoeken in de tekst', all: 'Alle', reset: 'Alles tonen',
    exploreIntro: 'De fragmenten achter dit rapport: de voorbeeldcitaten en de fragmenten van de gekozen hefbomen, in documentvolgorde.',
    privacy: 'Deze lijst bevat letterlijke fragmenten uit de transcripties: deel dit bestand met zorg.',
    shown: (n: number): string => `${n} fragmenten`,
    countTemplate: (total: number): string => `{n} van ${total} fragmenten getoond`,
    truncated: (kept: number, total: number, limit: number): string => `De lijst toont ${kept} van de ${total} fragmenten (limiet ${limit}).`,
    budget: 'Om het bestand klein te houden is de lijst ingekort; alle fragmenten staan in het project (hefboom quotes).',
    noQuotes: 'Geen fragmenten.',
    madeWith: (v: string): string => `Gemaakt met hefboom ${v}.`,
    software: 'Software', inputs: 'Invoerbestanden', path: 'Pad', kind: 'Soort', bytes: 'Bytes',
  },
  en: {
    skip: 'Skip to content', sections: 'Sections', contents: 'Contents', project: 'Project', date: 'Date',
    chartTable: 'Table behind this chart', seeTable: 'See the table', codes: 'Codes',
    sitesActing: 'Sites acting on this', noSites: 'no site recorded',
    filters: 'Filter excerpts', lever: 'Lever', memoq: 'MeMoQ dimension', code: 'Code', role: 'Role', site: 'Site',
    text: 'Search the text', all: 'All', reset: 'Show all',
    exploreIntro: 'The excerpts behind this report: the exemplar quotes and the excerpts of the selected levers, in document order.',
    privacy: 'This list holds verbatim excerpts from the transcripts: share this file with care.',
    shown: (n: number): string => `${n} excerpts`,
    countTemplate: (total: number): string => `Showing {n} of ${total} excerpts`,
    truncated: (kept: number, total: number, limit: number): string => `The list shows ${kept} of ${total} excerpts (limit ${limit}).`,
    budget: 'The list was shortened to keep this file small; every excerpt is in the project (hefboom quotes).',
    noQuotes: 'No excerpts.',
    madeWith: (v: string): string => `Made with hefboom ${v}.`,
    software: 'Software', inputs: 'Input files', path: 'Path', kind: 'Kind', bytes: 'Bytes',
  },
} as const;

type Words = (typeof WORDS)[Lang];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Model text as HTML text or attribute value: the five special characters escaped, controls replaced. */
export function esc(s: string | number | null | undefined): string {
  if (s === null || s === undefined) return '';
  return stripControls(String(s)).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * A filter value as one whitespace-free token (site names may hold spaces; the script splits
 * `data-*` attributes on spaces). `%` and whitespace become `%XX`, so distinct values stay distinct.
 */
export function token(value: string): string {
  return value.replace(/[%\s]/g, (c) => `%${c.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Tables

function isMissing(v: Cell | undefined): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function isNumeric(col: Column): boolean {
  return col.type === 'number' || col.type === 'percent';
}

function displayCell(v: Cell | undefined, col: Column): string {
  if (isMissing(v)) return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (col.type === 'percent') {
    let s = v.toFixed(1);
    if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
    return `${s}%`;
  }
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
}


function renderTable(id: string, table: Table): string {
  const { markers, legend } = flagMarkers(table);
  const cols = table.columns;
  const align = (c: Column): string => ((c.align ? c.align === 'right' : isNumeric(c)) ? ' class="num"' : '');
  const head = cols.map((c) => `<th scope="col"${align(c)}>${esc(c.label)}</th>`).join('');
  const body = table.rows.map((row, i) => {
    const cells = cols.map((c, j) => {
      let text = esc(displayCell(row[c.key], c));
      if (j === 0 && markers.has(i)) text += ` ${markers.get(i)!}`;
      // The first text column names the row: a row header for screen readers.
      const tag = j === 0 && !isNumeric(c) ? 'th scope="row"' : 'td';
      return `<${tag}${align(c)}>${text}</${tag.slice(0, 2)}>`;
    }).join('');
    return `<tr${markers.has(i) ? ' class="flagged"' : ''}>${cells}</tr>`;
  }).join('\n');
  const notes = [...table.notes, ...legend].map((n) => `<p class="note">${esc(n)}</p>`).join('');
  const caption = table.title ? `<caption>${esc(table.title)}</caption>` : '';
  return `<div class="table-wrap"><table id="table-${esc(id)}">${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${notes}</div>`;
}

// ---------------------------------------------------------------------------------------------
// Blocks

function speakerText(q: ReportQuote): string {
  const label = q.speaker.label.trim();
  const role = q.speaker.roleLabel.trim();
  if (!label) return role;
  return !role || label.toLowerCase().includes(role.toLowerCase()) ? label : `${label} (${role})`;
}

function provenanceText(q: ReportQuote, w: Words): string {
  const parts = [speakerText(q), q.site ?? '', q.sourceType ?? '', q.provenance].filter((p) => p !== '');
  const codes = q.codes.map((c) => c.label || c.id);
  return parts.join(' · ') + (codes.length ? ` · ${w.codes}: ${codes.join(', ')}` : '');
}

function renderQuote(q: ReportQuote, w: Words): string {
  return `<blockquote class="quote"><p>${esc(q.text)}</p><footer class="prov">${esc(provenanceText(q, w))}</footer></blockquote>`;
}

interface Context {
  lang: Lang;
  w: Words;
  /** Table blocks by id, anywhere in the model (charts may point into another section). */
  tables: Map<string, Table>;
  svgs: Map<string, string>;
  model: ReportModel;
}

function heading(level: number, text: string, id?: string): string {
  const h = Math.min(6, level);
  return `<h${h}${id ? ` id="${esc(id)}"` : ''}>${esc(text)}</h${h}>`;
}

function renderChart(block: Extract<ReportBlock, { type: 'chart' }>, inSection: boolean, ctx: Context): string {
  const svg = ctx.svgs.get(block.id) ?? '';
  // role="img" and the alt text on the SVG itself: the chart is one image to assistive technology.
  const labelled = svg.replace(/^<svg\b/, `<svg role="img" aria-label="${esc(block.chart.alt)}"`);
  const table = ctx.tables.get(block.tableId);
  let behind = '';
  if (table && inSection) behind = `<details><summary>${esc(ctx.w.chartTable)}</summary>${renderTable(block.tableId, table)}</details>`;
  else if (table) behind = `<p class="note"><a href="#table-${esc(block.tableId)}">${esc(ctx.w.seeTable)}</a></p>`;
  return `<figure class="chart" id="chart-${esc(block.id)}"><figcaption>${esc(block.chart.title)}</figcaption>\n${labelled}\n${behind}</figure>`;
}

function renderBlock(block: ReportBlock, level: number, claimed: Set<string>, ctx: Context): string {
  switch (block.type) {
    case 'text':
      return block.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n');
    case 'figures':
      return `<dl class="figures">${block.items.map((it) =>
        `<div><dt>${esc(it.label)}</dt><dd>${esc(it.value)}${it.note ? `<span class="note">${esc(it.note)}</span>` : ''}</dd></div>`).join('')}</dl>`;
    case 'table':
      return claimed.has(block.id) ? '' : renderTable(block.id, block.table);
    case 'chart':
      return renderChart(block, claimed.has(block.tableId), ctx);
    case 'quotes':
      return (block.title ? heading(level, block.title) : '') +
        `<ul class="quotes">${block.quotes.map((q) => `<li>${renderQuote(q, ctx.w)}</li>`).join('\n')}</ul>`;
    case 'checklist':
      return (block.title ? heading(level, block.title) : '') + `<ul class="checklist">${block.items.map((it) => {
        const sites = it.sites.length ? it.sites.join(', ') : ctx.w.noSites;
        return `<li${it.sites.length ? ' class="acted"' : ''}><span class="tip-id">${esc(it.id)}</span>${esc(it.text)}` +
          `<br><span class="prov">${esc(ctx.w.sitesActing)}: ${esc(sites)}</span></li>`;
      }).join('\n')}</ul>`;
    default:
      return '';
  }
}

/** Lever / dimension names for the filters, from the report's own section titles. */
function sectionTitle(model: ReportModel, id: string): string | undefined {
  const walk = (ss: ReportSection[]): string | undefined => {
    for (const s of ss) {
      if (s.id === id) return s.title;
      const hit = walk(s.children);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  return walk(model.sections);
}

function exploreOptions(values: { value: string; label: string }[], quotesValues: string[]): { value: string; label: string }[] {
  const seen = new Set(values.map((v) => v.value));
  const extra = [...new Set(quotesValues.filter((v) => !seen.has(v)))].sort();
  return [...values, ...extra.map((v) => ({ value: v, label: v }))];
}

/** `budget`: most bytes of the whole Explore markup; quotes that do not fit are left out (and said so). */
function renderExplore(ctx: Context, budget: number): string {
  const { explore } = ctx.model;
  const { w } = ctx;
  const qs = explore.quotes;
  const facets = {
    lever: exploreOptions(explore.facets.levers.map((id) => ({ value: id, label: sectionTitle(ctx.model, `lever-${id}`) ?? id })), qs.flatMap((q) => q.levers)),
    memoq: exploreOptions(explore.facets.memoq.map((id) => ({ value: id, label: sectionTitle(ctx.model, `memoq-${id}`) ?? id })), qs.flatMap((q) => q.memoq)),
    code: exploreOptions(explore.facets.codes.map((c) => ({ value: c.id, label: c.label && c.label !== c.id ? `${c.label} (${c.id})` : c.id })), qs.flatMap((q) => q.codes.map((c) => c.id))),
    role: exploreOptions(explore.facets.roles.map((r) => ({ value: r.id, label: r.label || r.id })), qs.map((q) => q.speaker.role)),
    site: exploreOptions(explore.facets.sites.map((s) => ({ value: s, label: s })), qs.flatMap((q) => (q.site === null ? [] : [q.site]))),
  };
  const select = (key: keyof typeof facets): string => {
    const opts = facets[key];
    if (opts.length === 0) return '';
    return `<label for="f-${key}">${esc(w[key])}<select id="f-${key}" name="f-${key}"><option value="">${esc(w.all)}</option>` +
      opts.map((o) => `<option value="${esc(token(o.value))}">${esc(o.label)}</option>`).join('') + '</select></label>';
  };
  const form = `<form id="explore-filters" class="filters" role="search" aria-label="${esc(w.filters)}" hidden>` +
    (['lever', 'memoq', 'code', 'role', 'site'] as const).map(select).join('') +
    `<label for="f-text">${esc(w.text)}<input id="f-text" name="f-text" type="search" autocomplete="off"></label>` +
    `<button type="reset">${esc(w.reset)}</button></form>`;
  const attr = (name: string, values: string[]): string => (values.length ? ` data-${name}="${esc(values.map(token).join(' '))}"` : '');
  const items: string[] = [];
  // The notes, count and list tags take at most a few kB besides the form.
  let bytes = Buffer.byteLength(form) + 4_000;
  for (const q of qs) {
    const item = `<li${attr('lever', q.levers)}${attr('memoq', q.memoq)}${attr('code', q.codes.map((c) => c.id))}${attr('role', [q.speaker.role])}${attr('site', q.site === null ? [] : [q.site])}>` +
      `${esc(q.text)}<small>${esc(provenanceText(q, w))}</small></li>`;
    bytes += Buffer.byteLength(item) + 1;
    if (bytes > budget) break;
    items.push(item);
  }
  const kept = items.length;
  const notes = [
    w.exploreIntro,
    ...(explore.truncated || kept < qs.length ? [w.truncated(kept, Math.max(explore.total, qs.length), explore.limit)] : []),
    ...(kept < qs.length ? [w.budget] : []),
    w.privacy,
  ];
  return notes.map((n) => `<p>${esc(n)}</p>`).join('\n') + '\n' + form + '\n' +
    `<p id="explore-count" class="count" aria-live="polite" data-template="${esc(w.countTemplate(kept))}">${esc(w.shown(kept))}</p>\n` +
    (kept ? `<ol id="explore-list" class="explore">\n${items.join('\n')}\n</ol>` : `<p>${esc(w.noQuotes)}</p>`);
}

function renderMethodFallback(ctx: Context): string {
  const p = ctx.model.provenance;
  const table: Table = {
    title: ctx.w.inputs,
    columns: [{ key: 'path', label: ctx.w.path }, { key: 'kind', label: ctx.w.kind }, { key: 'sha256', label: 'SHA-256' }, { key: 'bytes', label: ctx.w.bytes, type: 'number' }],
    rows: p.inputs.map((i) => ({ path: i.path, kind: i.kind, sha256: i.sha256, bytes: i.bytes })),
    notes: [],
  };
  return `<p>${esc(ctx.w.software)}: ${esc(p.software.name)} ${esc(p.software.version)}</p>` + renderTable('method-inputs', table);
}

function renderSection(section: ReportSection, depth: number, ctx: Context): string {
  const level = depth + 2; // h1 is the report title, top-level sections are h2
  // Tables shown inside a chart's <details> in this section are not shown again on their own.
  const tableIds = new Set(section.blocks.filter((b) => b.type === 'table').map((b) => (b as { id: string }).id));
  const claimed = new Set(section.blocks.flatMap((b) => (b.type === 'chart' && tableIds.has(b.tableId) ? [b.tableId] : [])));
  const parts = [heading(level, section.title)];
  for (const block of section.blocks) parts.push(renderBlock(block, level + 1, claimed, ctx));
  if (section.kind === 'explore' && depth === 0) parts.push(EXPLORE_SLOT);
  if (section.kind === 'method' && depth === 0 && section.blocks.length === 0) parts.push(renderMethodFallback(ctx));
  for (const child of section.children) parts.push(renderSection(child, depth + 1, ctx));
  return `<section id="${esc(section.id)}" class="${esc(section.kind)}">\n${parts.filter((s) => s !== '').join('\n')}\n</section>`;
}

function tocList(sections: ReportSection[], depth: number): string {
  if (sections.length === 0) return '';
  return `<ol>${sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a>${depth < 1 ? tocList(s.children, depth + 1) : ''}</li>`).join('')}</ol>`;
}

function collectCharts(sections: ReportSection[], out: { id: string; chart: ChartSpec }[] = []): { id: string; chart: ChartSpec }[] {
  for (const s of sections) {
    for (const b of s.blocks) if (b.type === 'chart') out.push({ id: b.id, chart: b.chart });
    collectCharts(s.children, out);
  }
  return out;
}

function collectTables(sections: ReportSection[], out = new Map<string, Table>()): Map<string, Table> {
  for (const s of sections) {
    for (const b of s.blocks) if (b.type === 'table' && !out.has(b.id)) out.set(b.id, b.table);
    collectTables(s.children, out);
  }
  return out;
}

/** The explore section to show: the model's own, or one added at the end when it has quotes but no such section. */
function withExplore(model: ReportModel, w: Words): ReportSection[] {
  if (model.sections.some((s) => s.kind === 'explore') || model.explore.quotes.length === 0) return model.sections;
  const title = w === WORDS.nl ? 'Verkennen' : 'Explore';
  const explore: ReportSection = { id: 'explore', kind: 'explore', title, blocks: [], children: [] };
  const method = model.sections.findIndex((s) => s.kind === 'method');
  return method < 0 ? [...model.sections, explore] : [...model.sections.slice(0, method), explore, ...model.sections.slice(method)];
}

/** The whole report as one HTML document (UTF-8, ends with a newline). */
export async function renderHtml(model: ReportModel): Promise<string> {
  const lang: Lang = model.lang === 'en' ? 'en' : 'nl';
  const w = WORDS[lang];
  const sections = withExplore(model, w);
  const svgs = new Map<string, string>();
  // Sequentially: vega's id counters are module-wide, so concurrent renders would interleave them.
  for (const { id, chart } of collectCharts(sections)) svgs.set(id, await chartSvg(chart, `chart-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`));
  const ctx: Context = { lang, w, tables: collectTables(sections), svgs, model };
  const hasExplore = sections.some((s) => s.kind === 'explore') && model.explore.quotes.length > 0;
  const scriptHash = createHash('sha256').update(EXPLORE_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const version = model.provenance?.software?.version ?? model.hefboom;
  const meta = [`${w.project}: ${model.project.name}`, ...(model.date ? [`${w.date}: ${model.date}`] : [])].join(' · ');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${esc(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="hefboom ${esc(version)}">`,
    `<title>${esc(model.title)}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    '</head>',
    '<body>',
    `<a class="skip" href="#main">${esc(w.skip)}</a>`,
    `<nav class="topnav" aria-label="${esc(w.sections)}"><ul>${sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join('')}</ul></nav>`,
    '<header class="report">',
    `<h1>${esc(model.title)}</h1>`,
    `<p class="meta">${esc(meta)}</p>`,
    `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">${esc(w.contents)}</h2>${tocList(sections, 0)}</nav>`,
    '</header>',
    '<main id="main">',
    ...sections.map((s) => renderSection(s, 0, ctx)),
    '</main>',
    `<footer class="report"><p>${esc(w.madeWith(version))}${model.date ? ` ${esc(w.date)}: ${esc(model.date)}.` : ''}</p></footer>`,
    ...(hasExplore ? [`<script>${EXPLORE_SCRIPT}</script>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  const slot = html.indexOf(EXPLORE_SLOT);
  if (slot < 0) return html;
  const rest = Buffer.byteLength(html) - EXPLORE_SLOT.length;
  return html.slice(0, slot) + renderExplore(ctx, HTML_BUDGET_BYTES - rest) + html.slice(slot + EXPLORE_SLOT.length);
}
