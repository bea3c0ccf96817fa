/**
 * The report as Markdown (`report.md`), for papers and wikis: a heading per section, tables as
 * GitHub tables (render.ts), each chart as the table behind it with the chart's text alternative
 * as caption, quotes as blockquotes with their provenance, tips as a checklist. User text is
 * escaped so it cannot turn into markup, links or HTML.
 */
import { render, stripControls } from './render.js';
import type { Table } from './table.js';
import type { ReportBlock, ReportModel, ReportQuote, ReportSection } from './model.js';

type Lang = 'nl' | 'en';

const T = {
  nl: {
    figure: 'Figuur', table: 'Tabel', software: 'Gemaakt met', date: 'Datum', codes: 'codes', levers: 'hefbomen', memoq: 'MeMoQ',
    contents: 'Inhoud', noTable: '(de tabel bij deze grafiek ontbreekt)', siteActs: 'locaties die hierop inzetten',
    explore: (shown: number, total: number, truncated: boolean) => truncated
      ? `${shown} van ${total} fragmenten (de voorbeeldcitaten en de eerste fragmenten van de gekozen hefbomen; het HTML-rapport kan ze filteren).`
      : `${shown} fragmenten: de voorbeeldcitaten en de fragmenten van de gekozen hefbomen (het HTML-rapport kan ze filteren).`,
    exploreEmpty: 'Geen fragmenten om te verkennen.',
  },
  en: {
    figure: 'Figure', table: 'Table', software: 'Made with', date: 'Date', codes: 'codes', levers: 'levers', memoq: 'MeMoQ',
    contents: 'Contents', noTable: '(the table behind this chart is missing)', siteActs: 'sites acting on it',
    explore: (shown: number, total: number, truncated: boolean) => truncated
      ? `${shown} of ${total} excerpts (the exemplar quotes and the first excerpts of the selected levers; the HTML report can filter them).`
      : `${shown} excerpts: the exemplar quotes and the excerpts of the selected levers (the HTML report can filter them).`,
    exploreEmpty: 'No excerpts to explore.',
  },
} as const;

/**
 * Inline Markdown text: characters that start emphasis, code, links, tables or HTML are
 * backslash-escaped; line-start markers (`#`, `>`, `-`, `1.`) too, so a paragraph stays a paragraph.
 */
export function mdText(s: string): string {
  return stripControls(s)
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\\`*_~|[\]]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=[A-Za-z#][A-Za-z0-9]*;)/g, '\\&')
    .replace(/^(\s*)([#>+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

/** One line of text (headings, list items, captions). */
function mdLine(s: string): string {
  return mdText(s).replace(/\n+/g, ' ').trim();
}

function heading(level: number, text: string, id?: string): string {
  // Explicit anchors keep links stable whatever slug rule the Markdown renderer uses.
  const anchor = id ? `<a id="${id.replace(/[^A-Za-z0-9_.-]/g, '-')}"></a>\n` : '';
  return `${anchor}${'#'.repeat(Math.min(6, level))} ${mdLine(text)}`;
}

/** A table without its title (the caller writes the title or caption at the right level). */
function tableMd(table: Table): string {
  const { title: _title, ...rest } = table;
  void _title;
  return render([rest], { format: 'md' }).trimEnd();
}

function quoteMd(q: ReportQuote, t: (typeof T)[Lang]): string {
  const body = mdText(q.text).split('\n').map((l) => `> ${l}`.trimEnd()).join('\n');
  const who = [q.speaker.roleLabel || q.speaker.role, q.speaker.label && q.speaker.label !== q.speaker.roleLabel ? q.speaker.label : '', q.site ?? '']
    .filter(Boolean).join(', ');
  const tags = [
    q.codes.length ? `${t.codes}: ${q.codes.map((c) => c.label || c.id).join(', ')}` : '',
    q.levers.length ? `${t.levers}: ${q.levers.join(', ')}` : '',
    q.memoq.length ? `${t.memoq}: ${q.memoq.join(', ')}` : '',
  ].filter(Boolean).join('; ');
  const prov = `\`${stripControls(q.provenance).replace(/[`\r\n]/g, ' ')}\``;
  const attribution = [who ? mdLine(who) : '', prov].filter(Boolean).join(' · ');
  return `${body}\n>\n> — ${attribution}${tags ? ` (${mdLine(tags)})` : ''}`;
}

/** Table blocks anywhere in the model by id, for charts whose table sits elsewhere. */
function tableIndex(model: ReportModel): Map<string, Table> {
  const out = new Map<string, Table>();
  const walk = (s: ReportSection) => {
    for (const b of s.blocks) if (b.type === 'table' && !out.has(b.id)) out.set(b.id, b.table);
    s.children.forEach(walk);
  };
  model.sections.forEach(walk);
  return out;
}

function blockMd(b: ReportBlock, t: (typeof T)[Lang], tables: Map<string, Table>, shownWithChart: Set<string>): string | undefined {
  switch (b.type) {
    case 'text':
      return b.paragraphs.map(mdText).filter((p) => p.trim()).join('\n\n');
    case 'figures':
      return b.items.map((i) => `- **${mdLine(i.label)}**: ${mdLine(i.value)}${i.note ? ` (${mdLine(i.note)})` : ''}`).join('\n');
    case 'table':
      if (shownWithChart.has(b.id)) return undefined;
      return [b.table.title ? `**${t.table}: ${mdLine(b.table.title)}**` : '', tableMd(b.table)].filter(Boolean).join('\n\n');
    case 'chart': {
      const table = tables.get(b.tableId);
      const caption = `**${t.figure}: ${mdLine(b.chart.title)}**  \n*${mdLine(b.chart.alt)}*`;
      return [caption, table ? tableMd(table) : `*${t.noTable}*`].join('\n\n');
    }
    case 'quotes':
      return [b.title ? `**${mdLine(b.title)}**` : '', ...b.quotes.map((q) => quoteMd(q, t))].filter(Boolean).join('\n\n');
    case 'checklist':
      return [
        b.title ? `**${mdLine(b.title)}**` : '',
        b.items.map((i) => `- [${i.sites.length ? 'x' : ' '}] ${mdLine(i.id)} ${mdLine(i.text)}${i.sites.length ? ` (${t.siteActs}: ${mdLine(i.sites.join(', '))})` : ''}`).join('\n'),
      ].filter(Boolean).join('\n\n');
    default:
      return undefined;
  }
}

function sectionMd(s: ReportSection, level: number, model: ReportModel, t: (typeof T)[Lang], tables: Map<string, Table>, out: string[]): void {
  out.push(heading(level, s.title, s.id));
  // A chart shows its table in place; the same table is not repeated where it stands.
  const withChart = new Set<string>();
  for (const b of s.blocks) if (b.type === 'chart' && s.blocks.some((x) => x.type === 'table' && x.id === b.tableId)) withChart.add(b.tableId);
  for (const b of s.blocks) {
    const md = blockMd(b, t, tables, withChart);
    if (md) out.push(md);
  }
  if (s.kind === 'explore') {
    const e = model.explore;
    if (!e.quotes.length) out.push(t.exploreEmpty);
    else {
      out.push(t.explore(e.quotes.length, e.total, e.truncated));
      for (const q of e.quotes) out.push(quoteMd(q, t));
    }
  }
  for (const c of s.children) sectionMd(c, level + 1, model, t, tables, out);
}

/** The whole report as Markdown, ending in one newline. */
export function renderMarkdownReport(model: ReportModel): string {
  const t = T[model.lang];
  const tables = tableIndex(model);
  const out: string[] = [heading(1, model.title)];
  out.push(`*${t.software} hefboom ${mdLine(model.hefboom)}${model.date ? ` · ${t.date}: ${mdLine(model.date)}` : ''}*`);
  if (model.sections.length) {
    out.push(`**${t.contents}**\n\n${model.sections.map((s) => `- [${mdLine(s.title)}](#${s.id.replace(/[^A-Za-z0-9_.-]/g, '-')})`).join('\n')}`);
  }
  for (const s of model.sections) sectionMd(s, 2, model, t, tables, out);
  return `${out.join('\n\n')}\n`;
}
