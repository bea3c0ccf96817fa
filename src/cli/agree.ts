/** `hefboom agree`: agreement between coders on the same documents (DESIGN.md §3 coders, §7). */
import type { Command } from 'commander';
import type { Workspace } from '../io/workspace.js';
import { scanCorpus } from '../io/corpus.js';
import { closest, fold } from '../model/issues.js';
import { AGREEMENT_UNITS, summariseVersion, type AgreementLevel, type AgreementUnit, type VersionSummary } from '../analysis/agreement-units.js';
import { AgreementInputError, computeAgreement, type AgreementResult, type AgreementRow, type SharedDocument } from '../analysis/agreement.js';
import type { Selection } from '../analysis/select.js';
import type { Cell, Column, Table } from '../report/table.js';
import { act, emit, globals, intOption, openProject, progress, say, stopOnIssues, UsageError, withOutput, EXIT_OK, version, provenanceJson } from './common.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags } from './selection.js';
import { frameworkLabel, nodeLabel } from './labels.js';

interface AgreeFlags extends SelectionFlags {
  coders?: string;
  unit: string;
  level: string;
  excludeUncoded?: boolean;
  bootstrap: string;
  seed: string;
  disagreements: string;
  coder?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

const CI_LEVEL = 0.95;
/** Characters of each excerpt kept for the disagreement list. */
const TEXT_CHARS = 600;

export function registerAgree(program: Command): void {
  const cmd = program
    .command('agree')
    .option('--coders <list>', 'coders to compare, comma-separated (default: every coder with a shared document)')
    .option('-u, --unit <unit>', 'excerpt (presence per paragraph) | document | character', 'excerpt')
    .option('--level <level>', 'rows: code (with subcodes) | lever | memoq | fw:ID', 'code')
    .option('--exclude-uncoded', 'leave out units (characters, excerpts, documents) that no coder coded with a compared code')
    .option('--bootstrap <n>', 'bootstrap resamples for the interval of α (0: no interval)', '1000')
    .option('--seed <s>', 'seed of the bootstrap (same seed, same interval)', '1')
    .option('--disagreements <n>', 'list the N excerpts on which the coders differ on most codes', '0');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom agree                                      # every coder with a shared document, per code
  hefboom agree --coders Annelies,Bert --level lever --disagreements 5
  hefboom agree --unit character --exclude-uncoded   # per character, as NVivo and QualCoder count
  hefboom agree -p examples/werkplekleren --unit document --format json
  hefboom agree project.qdpx --bootstrap 0 --format csv --out agreement.csv
`);
  cmd.action(act(async (files: string[], flags: AgreeFlags, c: Command) => {
    const g = globals(c);
    if (flags.coder) throw new UsageError('`agree` compares coders, so --coder does not apply', `choose the coders with --coders ${flags.coder},OTHER`);
    const unit = parseUnit(flags.unit);
    const samples = intOption('--bootstrap', flags.bootstrap, 0) ?? 1000;
    if (samples === 1) throw new UsageError('--bootstrap needs at least 2 resamples (or 0 for no interval)');
    const seed = intOption('--seed', flags.seed, 0) ?? 1;
    const disagreements = intOption('--disagreements', flags.disagreements, 0) ?? 0;
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const level = parseLevel(flags.level, ws);
    const selection = selectionFrom(flags, ws);
    // Roles, attributes and --grep choose the units; codes and framework nodes choose the rows.
    const unitSelection: Selection = { roles: selection.roles, where: selection.where, grep: selection.grep };
    const p = await progress('reading', g);
    const scan = await scanCorpus(ws, (doc) => summariseVersion(doc, {
      level, index: ws.index, selection: unitSelection, spans: unit === 'character', textChars: disagreements ? TEXT_CHARS : 0,
    }), { allCoders: true, onProgress: p.update });
    p.stop();
    const issues = [...ws.issues, ...scan.issues];
    stopOnIssues(issues, g);

    // Every coder's version of each document, in project order.
    const byDoc = new Map<string, Map<string, { path: string; summary: VersionSummary }>>();
    for (const { ref, summary } of scan.chosen) {
      let versions = byDoc.get(ref.id);
      if (!versions) byDoc.set(ref.id, (versions = new Map()));
      versions.set(ref.coder, { path: ref.path, summary });
    }
    const coders = chooseCoders(byDoc, flags, ws, files);
    const docs: SharedDocument[] = [];
    for (const [id, versions] of byDoc) {
      if (coders.filter((k) => versions.has(k)).length < 2) continue;
      docs.push({ id, versions: coders.map((k) => versions.get(k)) });
    }
    if (!docs.length) throw noSharedDocuments(coders, byDoc);

    const lang = g.lang ?? ws.project.language;
    const { order, keepRow } = rowsFor(level, ws, selection);
    let result: AgreementResult;
    try {
      result = computeAgreement(docs, {
        unit, coders, rowOrder: order, showUnused: level.kind === 'framework', keepRow,
        excludeUncoded: !!flags.excludeUncoded,
        bootstrap: samples > 0 ? { samples, seed, level: CI_LEVEL } : undefined,
        disagreements,
      });
    } catch (e) {
      if (e instanceof AgreementInputError) throw new UsageError(e.message, e.hint);
      throw e;
    }
    for (const s of result.skipped) say(`document "${s.id}" left out: ${s.reason}`, g);
    if (result.comparedUnits === 0) throw emptySelection(result, flags, unit);
    if (keepRow && !result.rows.length) {
      throw new UsageError('the --code/--lever/--memoq/--fw filter leaves no code that a coder used in the shared documents', '`hefboom tally --by code --across coder` shows which codes each coder used');
    }
    const warnings = issues.filter((i) => i.severity === 'warning').length;
    const labelOf = (id: string) => rowLabel(level, id, ws, lang);
    const notes = agreeNotes(result, level, flags, lang);
    const tables = [agreementTable(result, level, labelOf, ws, notes, lang, flags.format)];
    if (disagreements) tables.push(disagreementTable(result, lang));
    const json = {
      hefboom: version(),
      command: 'agree',
      unit,
      level: levelName(level),
      coders,
      excludeUncoded: !!flags.excludeUncoded,
      selection: {
        codes: selection.codes ?? [],
        nodes: (selection.nodes ?? []).map((n) => `${n.framework}:${n.node}`),
        roles: selection.roles ?? [],
        where: selection.where ?? [],
        grep: selection.grep ? selection.grep.source : null,
      },
      method: {
        percentAgreement: coders.length === 2 ? 'share of units on which both coders agree (present/absent)' : 'mean share of agreeing coder pairs per unit (over complete units: Fleiss\' P̄)',
        kappa: coders.length === 2 ? 'cohen' : 'fleiss',
        alpha: 'krippendorff-nominal',
        overall: 'every unit × code decision pooled over the rows at least one coder used',
      },
      bootstrap: result.bootstrap,
      units: result.comparedUnits,
      documents: result.documents,
      skipped: result.skipped,
      rows: result.rows.map((r) => rowJson(r, coders, labelOf(r.id))),
      overall: { ...rowJson(result.overall, coders, lang === 'nl' ? 'totaal (gepoold)' : 'overall (pooled)'), pooledRows: result.overall.pooledRows },
      disagreements: result.disagreements.map((d, i) => ({
        rank: i + 1,
        document: d.document,
        excerpt: d.excerpt,
        provenance: `${d.versions[0].path}:${d.versions[0].line}`,
        differ: d.differOn.length,
        differOn: d.differOn,
        ...(d.characters !== undefined ? { characters: d.characters } : {}),
        coders: Object.fromEntries(d.versions.map((v) => [v.coder, { provenance: `${v.path}:${v.line}`, codes: v.rows }])),
        text: d.text ?? null,
      })),
      disagreementCount: disagreements ? result.disagreementCount : null,
      notes,
      provenance: provenanceJson(ws, scan.counts, warnings),
    };
    await emit(tables, json, flags, g);
    return EXIT_OK;
  }));
}

function parseUnit(u: string): AgreementUnit {
  const norm = u.trim().toLowerCase().replace(/s$/, '');
  const alias: Record<string, AgreementUnit> = { paragraph: 'excerpt', alinea: 'excerpt', fragment: 'excerpt', char: 'character', teken: 'character' };
  const found = (AGREEMENT_UNITS as readonly string[]).includes(norm) ? (norm as AgreementUnit) : alias[norm];
  if (!found) throw new UsageError(`unknown --unit "${u}"`, `units: ${AGREEMENT_UNITS.join(', ')}`);
  return found;
}

function parseLevel(raw: string, ws: Workspace): AgreementLevel {
  const low = raw.trim().toLowerCase();
  if (low === 'code' || low === 'codes') return { kind: 'code' };
  if (low === 'lever' || low === 'levers' || low === 'hefboom' || low === 'hefbomen') return { kind: 'framework', framework: 'levers' };
  if (low === 'memoq' || low === 'dimension' || low === 'dimensions') return { kind: 'framework', framework: 'memoq' };
  if (low.startsWith('fw:')) {
    const id = raw.trim().slice(3);
    if (!ws.frameworks.has(id)) {
      const near = closest(id, ws.frameworks.keys(), 1);
      throw new UsageError(`unknown framework "${id}" in --level`, `${near.length ? `did you mean "fw:${near[0]}"? ` : ''}loaded: ${[...ws.frameworks.keys()].join(', ')}`);
    }
    return { kind: 'framework', framework: id };
  }
  throw new UsageError(`unknown --level "${raw}"`, 'levels: code, lever, memoq, fw:ID (a framework of the project)');
}

const levelName = (l: AgreementLevel) => (l.kind === 'code' ? 'code' : l.framework === 'levers' ? 'lever' : l.framework === 'memoq' ? 'memoq' : `fw:${l.framework}`);

/** --coders, checked against the coders found; default every coder with a shared document. */
function chooseCoders(byDoc: Map<string, Map<string, unknown>>, flags: AgreeFlags, ws: Workspace, files: string[]): string[] {
  const found = new Set<string>();
  for (const versions of byDoc.values()) for (const k of versions.keys()) found.add(k);
  const all = [...found].sort((a, b) => a.localeCompare(b));
  const inputs = files.length ? files.join(', ') : (ws.project.file ?? 'the project');
  if (!all.length) throw new UsageError(`${inputs} holds no documents to compare`, 'check `sources:` in hefboom.yaml with `hefboom validate`');
  if (all.length === 1) {
    throw new UsageError(
      `${inputs} holds the codings of one coder only (${all[0]}): agreement needs two or more coders on the same documents`,
      'add a second coder\'s copies (a source entry with `coder: NAME`, a segment table with a coder column), or export the QDA project with every coder\'s codings',
    );
  }
  if (flags.coders !== undefined) {
    const wanted = flags.coders.split(',').map((s) => s.trim()).filter(Boolean);
    const chosen: string[] = [];
    for (const w of wanted) {
      const name = found.has(w) ? w : found.has(ws.coderName(w)) ? ws.coderName(w) : all.find((k) => fold(k) === fold(w));
      if (!name) {
        const near = closest(w, all, 3);
        throw new UsageError(`unknown coder "${w}" in --coders`, `${near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}? ` : ''}coders found: ${all.join(', ')}`);
      }
      if (!chosen.includes(name)) chosen.push(name);
    }
    if (chosen.length < 2) throw new UsageError(`--coders names ${chosen.length} coder${chosen.length === 1 ? ` (${chosen[0]})` : 's'}; agreement needs at least two`, `coders found: ${all.join(', ')}`);
    return chosen;
  }
  const sharing = new Set<string>();
  for (const versions of byDoc.values()) if (versions.size >= 2) for (const k of versions.keys()) sharing.add(k);
  if (sharing.size < 2) throw noSharedDocuments(all, byDoc as Map<string, Map<string, { path: string }>>);
  return all.filter((k) => sharing.has(k));
}

function noSharedDocuments(coders: string[], byDoc: Map<string, Map<string, unknown>>): UsageError {
  const per = coders.map((k) => {
    const ids = [...byDoc].filter(([, v]) => v.has(k)).map(([id]) => id);
    const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, … (${ids.length - 5} more)` : '');
    return `${k} coded ${ids.length} document${ids.length === 1 ? '' : 's'}${ids.length ? `: ${shown}` : ''}`;
  });
  return new UsageError(
    `no document is coded by two or more of the coders ${coders.join(', ')}; ${per.join('; ')}`,
    'a second coder\'s copy must have the same document id (front matter `id:`, the file name, or `documents:` in the source entry) and the same text',
  );
}

function emptySelection(result: AgreementResult, flags: AgreeFlags, unit: AgreementUnit): UsageError {
  const given = [
    ...(flags.role ?? []).map((r) => `--role ${r}`),
    ...(flags.where ?? []).map((w) => `--where ${w}`),
    ...(flags.grep ? [`--grep ${flags.grep}`] : []),
    ...(flags.excludeUncoded ? ['--exclude-uncoded'] : []),
  ];
  if (result.skipped.length && !result.documents.length) {
    return new UsageError(`none of the shared documents can be compared per ${unit}: ${result.skipped.map((s) => `"${s.id}": ${s.reason}`).join('; ')}`, 'use --unit document');
  }
  return new UsageError(
    `the selection leaves no ${unit === 'document' ? 'document' : 'excerpt'} of the ${result.documents.length} shared document(s) to compare${given.length ? ` (${given.join(', ')})` : ''}`,
    'loosen the filters; `hefboom quotes` with the same --role/--where/--grep shows what they match',
  );
}

/** Display order of the rows and the --code/--lever/--memoq/--fw row filter. */
function rowsFor(level: AgreementLevel, ws: Workspace, s: Selection): { order: string[]; keepRow?: (r: string) => boolean } {
  const order: string[] = [];
  if (level.kind === 'framework') {
    for (const n of ws.frameworks.get(level.framework)!.nodes) order.push(n.id);
  } else {
    const walk = (id: string) => { order.push(id); for (const ch of ws.index.children(id)) walk(ch.id); };
    for (const r of ws.index.roots()) walk(r.id);
  }
  if (!s.codes?.length && !s.nodes?.length) return { order };
  const codes = s.codes ?? [];
  const nodes = s.nodes ?? [];
  const keepRow = (r: string): boolean => {
    if (level.kind === 'framework') {
      const fw = level.framework;
      return codes.some((c) => ws.index.nodesFor(c, fw).includes(r))
        || nodes.some((n) => n.framework === fw && (n.node === r || n.node.startsWith(`${r}.`) || ws.index.nodeInfo(fw, n.node)?.topId === r));
    }
    return codes.some((c) => ws.index.codesFor(r).includes(c))
      || nodes.some((n) => ws.index.nodesFor(r, n.framework).includes(n.node) || ws.index.exactNodesFor(r, n.framework).some((x) => x === n.node || x.startsWith(`${n.node}.`)));
  };
  return { order, keepRow };
}

function rowLabel(level: AgreementLevel, id: string, ws: Workspace, lang: 'nl' | 'en'): string {
  if (level.kind === 'framework') return nodeLabel(ws, level.framework, id, lang);
  return ws.index.code(id)?.label ?? (lang === 'nl' ? `${id} (niet in codeboek)` : `${id} (not in codebook)`);
}

function rowJson(r: AgreementRow, coders: string[], label: string) {
  const c = r.counts;
  return {
    id: r.id,
    label,
    used: r.used,
    units: c.units,
    counts: {
      ...(c.both !== undefined ? { both: c.both, only: { [coders[0]]: c.onlyFirst, [coders[1]]: c.onlySecond }, neither: c.neither } : {}),
      coded: Object.fromEntries(coders.map((k, j) => [k, c.coded[j]])),
      complete: c.complete,
      allPresent: c.allPresent,
      allAbsent: c.allAbsent,
    },
    percentAgreement: r.percentAgreement,
    kappa: r.kappa,
    alpha: r.alpha,
    alphaCi: r.alphaCi,
    notes: r.notes,
  };
}

function unitWord(unit: AgreementUnit, lang: 'nl' | 'en'): string {
  const nl: Record<AgreementUnit, string> = { excerpt: 'fragmenten (alinea\'s)', document: 'documenten', character: 'tekens' };
  const en: Record<AgreementUnit, string> = { excerpt: 'excerpts (paragraphs)', document: 'documents', character: 'characters' };
  return (lang === 'nl' ? nl : en)[unit];
}

function agreementTable(r: AgreementResult, level: AgreementLevel, labelOf: (id: string) => string, ws: Workspace, notes: string[], lang: 'nl' | 'en', format?: string): Table {
  const nl = lang === 'nl';
  const two = r.coders.length === 2;
  const [a, b] = r.coders;
  const levelWord = level.kind === 'code' ? 'code' : level.framework === 'levers' ? (nl ? 'hefboom' : 'lever') : level.framework === 'memoq' ? (nl ? 'MeMoQ-dimensie' : 'MeMoQ dimension') : frameworkLabel(ws, level.framework, lang);
  const columns: Column[] = [
    { key: 'id', label: 'id' },
    { key: 'label', label: levelWord },
    { key: 'units', label: nl ? 'eenheden' : 'units', type: 'number' },
    ...(two
      ? [
        { key: 'both', label: nl ? 'beide' : 'both', type: 'number' as const },
        { key: 'onlyFirst', label: nl ? `alleen ${a}` : `only ${a}`, type: 'number' as const },
        { key: 'onlySecond', label: nl ? `alleen ${b}` : `only ${b}`, type: 'number' as const },
        { key: 'neither', label: nl ? 'geen van beide' : 'neither', type: 'number' as const },
      ]
      : [
        ...r.coders.map((k, j) => ({ key: `coded${j}`, label: k, type: 'number' as const })),
        { key: 'allPresent', label: nl ? 'allen ja' : 'all yes', type: 'number' as const },
        { key: 'allAbsent', label: nl ? 'allen nee' : 'all no', type: 'number' as const },
      ]),
    { key: 'percent', label: nl ? '% overeenstemming' : '% agreement', type: 'percent' },
    { key: 'kappa', label: two ? 'κ (Cohen)' : 'κ (Fleiss)', type: 'number' },
    { key: 'alpha', label: 'α', type: 'number' },
    { key: 'lower', label: nl ? 'α 95%-BI onder' : 'α 95% CI lower', type: 'number' },
    { key: 'upper', label: nl ? 'α 95%-BI boven' : 'α 95% CI upper', type: 'number' },
  ];
  const depth = new Map<string, number>();
  if (level.kind === 'code') for (const row of r.rows) depth.set(row.id, ws.index.ancestors(row.id).length - 1);
  const indent = format === undefined || format === 'table' || format === 'md';
  const cells = (row: AgreementRow, label: string): Record<string, Cell> => {
    const c = row.counts;
    const out: Record<string, Cell> = { id: row.id, label, units: c.units };
    if (two) Object.assign(out, { both: c.both!, onlyFirst: c.onlyFirst!, onlySecond: c.onlySecond!, neither: c.neither! });
    else { r.coders.forEach((_, j) => { out[`coded${j}`] = c.coded[j]; }); out.allPresent = c.allPresent; out.allAbsent = c.allAbsent; }
    out.percent = row.percentAgreement;
    out.kappa = row.kappa;
    out.alpha = row.alpha;
    out.lower = row.alphaCi?.lower ?? null;
    out.upper = row.alphaCi?.upper ?? null;
    return out;
  };
  const rows = r.rows.map((row) => cells(row, `${indent ? '\u00a0\u00a0'.repeat(depth.get(row.id) ?? 0) : ''}${labelOf(row.id)}`));
  rows.push(cells(r.overall, nl ? `totaal (gepoold over ${r.overall.pooledRows})` : `overall (pooled over ${r.overall.pooledRows})`));
  return {
    title: nl ? `Overeenstemming tussen codeurs ${r.coders.join(', ')} per ${levelWord} — ${unitWord(r.unit, lang)}` : `Agreement between coders ${r.coders.join(', ')} by ${levelWord} — ${unitWord(r.unit, lang)}`,
    columns,
    rows,
    notes,
  };
}

function disagreementTable(r: AgreementResult, lang: 'nl' | 'en'): Table {
  const nl = lang === 'nl';
  const shorten = (s: string | undefined) => (s === undefined ? null : s.length > 100 ? `${s.slice(0, 100)}…` : s);
  return {
    title: nl ? `Fragmenten waarop de codeurs het meest verschillen (${r.disagreements.length} van ${r.disagreementCount})` : `Excerpts on which the coders differ most (${r.disagreements.length} of ${r.disagreementCount})`,
    columns: [
      { key: 'rank', label: '#', type: 'number' },
      { key: 'provenance', label: nl ? 'herkomst' : 'provenance' },
      { key: 'excerpt', label: nl ? 'fragment' : 'excerpt' },
      { key: 'differ', label: nl ? 'verschil' : 'differ', type: 'number' },
      ...(r.unit === 'character' ? [{ key: 'characters', label: nl ? 'tekens' : 'characters', type: 'number' as const }] : []),
      ...r.coders.map((k, j) => ({ key: `codes${j}`, label: `codes ${k}` })),
      { key: 'text', label: nl ? 'tekst' : 'text' },
    ],
    rows: r.disagreements.map((d, i) => {
      const row: Record<string, Cell> = {
        rank: i + 1,
        provenance: `${d.versions[0].path}:${d.versions[0].line}`,
        excerpt: d.excerpt,
        differ: d.differOn.length,
        text: shorten(d.text),
      };
      if (d.characters !== undefined) row.characters = d.characters;
      r.coders.forEach((k, j) => {
        const v = d.versions.find((x) => x.coder === k);
        row[`codes${j}`] = v ? v.rows.join(' ') || '—' : null;
      });
      return row;
    }),
    notes: [nl
      ? `Verschil: aantal codes die niet elke codeur aan het fragment gaf${r.unit === 'character' ? ' (voor tekens: codes waarvan de gecodeerde tekens verschillen)' : ''}. Herkomst: het bestand en de regel van ${r.disagreements[0]?.versions[0].coder ?? r.coders[0]}.`
      : `Differ: the number of codes not every coder gave the excerpt${r.unit === 'character' ? ' (characters: codes whose coded characters differ)' : ''}. Provenance: the file and line of ${r.disagreements[0]?.versions[0].coder ?? r.coders[0]}.`],
  };
}

function agreeNotes(r: AgreementResult, level: AgreementLevel, flags: AgreeFlags, lang: 'nl' | 'en'): string[] {
  const nl = lang === 'nl';
  const notes: string[] = [];
  const docs = r.documents.map((d) => d.id);
  const docList = docs.slice(0, 5).join(', ') + (docs.length > 5 ? ', …' : '');
  const roll = level.kind === 'code'
    ? (nl ? 'een code is aanwezig als de codeur ze of een subcode gaf' : 'a code is present when the coder gave it or one of its subcodes')
    : (nl ? 'een rij is aanwezig als een code van de codeur ernaar verwijst' : 'a row is present when one of the coder\'s codes maps to it');
  const unitText = r.unit === 'excerpt'
    ? (nl ? `${r.comparedUnits} fragmenten (alinea's, uitgelijnd op volgnummer)` : `${r.comparedUnits} excerpts (paragraphs, aligned by ordinal)`)
    : r.unit === 'document'
      ? (nl ? `${r.comparedUnits} documenten` : `${r.comparedUnits} documents`)
      : (nl ? `de tekens van ${r.comparedUnits} fragmenten (witregels tussen alinea's tellen niet mee${flags.excludeUncoded ? '; alleen tekens die minstens één codeur codeerde' : ''})` : `the characters of ${r.comparedUnits} excerpts (line breaks between paragraphs are not units${flags.excludeUncoded ? '; only characters some coder coded' : ''})`);
  notes.push(nl
    ? `Eenheid: ${unitText} in ${docs.length} gedeelde document(en) (${docList}); ${roll}.`
    : `Unit: ${unitText} in ${docs.length} shared document(s) (${docList}); ${roll}.`);
  if (flags.excludeUncoded && r.unit !== 'character') notes.push(nl ? 'Eenheden die geen enkele codeur codeerde, zijn weggelaten.' : 'Units no coder coded are left out.');
  notes.push(r.coders.length === 2
    ? (nl ? '% overeenstemming: aandeel eenheden waarop beide codeurs hetzelfde zeggen (aanwezig/afwezig). κ: Cohens kappa.' : '% agreement: share of units on which both coders say the same (present/absent). κ: Cohen\'s kappa.')
    : (nl ? '% overeenstemming: gemiddeld aandeel codeurparen dat het eens is per eenheid. κ: Fleiss\' kappa over de eenheden die elke codeur codeerde (kolommen allen ja/nee).' : '% agreement: mean share of agreeing coder pairs per unit. κ: Fleiss\' kappa over the units every coder coded (columns all yes/no).'));
  const ci = r.bootstrap
    ? (nl ? `95%-BI: percentielen van ${r.bootstrap.samples} bootstrap-steekproeven (seed ${r.bootstrap.seed}) van ${r.unit === 'document' ? 'documenten' : 'fragmenten'}${r.unit === 'character' ? ' met al hun tekens (tekens binnen een fragment zijn niet onafhankelijk)' : ''}` : `95% CI: percentiles of ${r.bootstrap.samples} bootstrap resamples (seed ${r.bootstrap.seed}) of ${r.unit === 'document' ? 'documents' : 'excerpts'}${r.unit === 'character' ? ' with all their characters (characters of one excerpt are not independent)' : ''}`)
    : (nl ? 'geen BI (--bootstrap 0)' : 'no CI (--bootstrap 0)');
  notes.push(nl ? `α: Krippendorffs alpha (nominaal); ${ci}.` : `α: Krippendorff's alpha (nominal); ${ci}.`);
  notes.push(nl
    ? `Totaal: alle beslissingen eenheid × ${level.kind === 'code' ? 'code' : 'rij'} samen, over de ${r.overall.pooledRows} rijen die minstens één codeur gebruikte${level.kind === 'code' ? ' (bovenliggende codes tellen hun subcodes mee, dus beslissingen overlappen)' : ''}${r.unit !== 'character' && r.bootstrap ? '; het BI van het totaal hertrekt die beslissingen' : ''}.`
    : `Overall: every unit × ${level.kind === 'code' ? 'code' : 'row'} decision pooled over the ${r.overall.pooledRows} rows at least one coder used${level.kind === 'code' ? ' (parent codes include their subcodes, so decisions overlap)' : ''}${r.unit !== 'character' && r.bootstrap ? '; its CI resamples those decisions' : ''}.`);
  const undefinedRows = r.rows.filter((x) => x.kappa === null || x.alpha === null).length;
  if (undefinedRows) notes.push(nl ? `— : niet gedefinieerd in ${undefinedRows} rij(en): geen variatie (niemand, of iedereen overal, gaf de code); het % overeenstemming geldt wel. De JSON-uitvoer zegt waarom (notes).` : `— : undefined in ${undefinedRows} row(s): no variation (nobody, or everybody everywhere, gave the code); the % agreement still holds. The JSON output says why (notes).`);
  if (r.skipped.length) notes.push(nl ? `${r.skipped.length} gedeeld(e) document(en) weggelaten: ${r.skipped.map((s) => s.id).join(', ')} (geen volledige tekst; gebruik --unit document).` : `${r.skipped.length} shared document(s) left out: ${r.skipped.map((s) => s.id).join(', ')} (no full text; use --unit document).`);
  return notes;
}
