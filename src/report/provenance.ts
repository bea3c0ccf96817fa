/**
 * Provenance of a report: which files it read (with SHA-256 and size, so a reader can verify that a
 * rebuild used the same data), and the "method and provenance" section that shows it as tables
 * together with the counts read and skipped, the codebook version and the unit of every table.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Project } from '../io/project.js';
import type { Cell, Table } from './table.js';
import type { ReportProvenance, ReportSection } from './model.js';

export interface InputRef {
  /** Relative to the project folder, `/`-separated. */
  path: string;
  kind: string;
}

/** A project-relative path with forward slashes, so provenance reads the same on every system. */
export function projectPath(root: string, p: string): string {
  const rel = isAbsolute(p) ? relative(root, p) : p;
  return rel.split(sep).join('/').replace(/^\.\//, '');
}

/**
 * Every file the report reads, in a fixed order (project file, codebook, frameworks, roles,
 * attribute tables, sources, surveys, CRM, MeMoQ scores), each path once.
 */
export function projectInputs(project: Project, sources: { rel: string; format: string }[]): InputRef[] {
  const out: InputRef[] = [];
  const seen = new Set<string>();
  const add = (p: string | undefined, kind: string) => {
    if (!p) return;
    const path = projectPath(project.root, p);
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, kind });
  };
  if (project.file) add(project.file, 'project');
  add(project.codebook, 'codebook');
  for (const f of project.frameworks) if (/\.ya?ml$/i.test(f)) add(f, 'framework');
  add(project.roles, 'roles');
  add(project.attributeTables.documents, 'attributes-documents');
  add(project.attributeTables.speakers, 'attributes-speakers');
  for (const s of sources) add(s.rel, s.format);
  for (const s of project.surveys) {
    add(s.path, `survey-${s.kind}`);
    add(s.definition, 'survey-definition');
  }
  for (const c of project.crm) {
    add(c.path, 'crm');
    add(c.mapping, 'crm-mapping');
  }
  for (const m of project.memoqScores) add(m.path, 'memoq-scores');
  for (const r of project.pathways) {
    add(r.path, 'pathways-register');
    add(r.mapping, 'pathways-mapping');
  }
  for (const st of project.stage) {
    add(st.path, 'stage');
    add(st.definition, 'stage-definition');
  }
  return out;
}

/** SHA-256 (hex) and size of a file, streamed so large exports do not sit in memory. */
export async function fileDigest(abs: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(abs)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Digest every input; a few at a time, enough to keep the disk busy without many open files. */
export async function digestInputs(root: string, refs: InputRef[]): Promise<ReportProvenance['inputs']> {
  const out: ReportProvenance['inputs'] = new Array(refs.length);
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const k = next++;
      const abs = resolve(root, refs[k].path);
      // A directory (e.g. a QDA folder source) has no single checksum; its size is 0 and the hash empty.
      const st = await fs.stat(abs);
      const d = st.isFile() ? await fileDigest(abs) : { sha256: '', bytes: 0 };
      out[k] = { path: refs[k].path, kind: refs[k].kind, ...d };
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, refs.length) }, worker));
  return out;
}

export interface MethodSettings {
  lang: 'nl' | 'en';
  date: string | null;
  seed: number;
  exploreLimit: number;
  exemplars: number;
}

const T = {
  nl: {
    title: 'Methode en herkomst',
    intro: 'Alle cijfers in dit rapport komen uit de invoerbestanden hieronder. De SHA-256-controlesom van elk bestand laat na te gaan dat een herbouw dezelfde gegevens gebruikte: hetzelfde bestand geeft dezelfde som, elke wijziging een andere. Het rapport bevat geen tijdstempel, tenzij een datum werd opgegeven, zodat dezelfde invoer hetzelfde rapport oplevert.',
    settings: 'Software en instellingen', setting: 'Instelling', value: 'Waarde',
    software: 'Software', language: 'Taal', date: 'Datum', noDate: '(geen)', suppression: 'Celonderdrukking',
    suppressionOff: 'uit', suppressionOn: (n: number) => `aantallen onder ${n} als <${n}`, seed: 'Seed (bootstrap)',
    exploreLimit: 'Maximum fragmenten in Verkennen', exemplars: 'Voorbeeldcitaten per hefboom/dimensie', warnings: 'Waarschuwingen bij het inlezen',
    inputs: 'Invoerbestanden', file: 'Bestand', kind: 'Soort', bytes: 'Bytes', sha: 'SHA-256',
    codebook: 'Codeboek', codes: 'Codes', noCodebook: '(geen codeboek)',
    counts: 'Gelezen en overgeslagen', unit: 'Eenheid', n: 'Aantal',
    units: 'Eenheid en noemer per tabel', table: 'Tabel', unitDen: 'Eenheid en noemer', notGiven: '(niet opgegeven)',
    uSettings: 'Eén rij per instelling.', uInputs: 'Eén rij per gelezen bestand.', uCodebook: 'Eén rij: het codeboek van het project.',
    uCounts: 'Eén rij per soort eenheid; aantallen in het hele project.', uUnits: 'Eén rij per tabel in het rapport.',
    nInputs: (n: number) => `${n} bestand(en). Paden ten opzichte van de projectmap.`,
  },
  en: {
    title: 'Method and provenance',
    intro: 'Every figure in this report comes from the input files below. The SHA-256 checksum of each file lets a reader verify that a rebuild used the same data: the same file gives the same checksum, any change a different one. The report carries no timestamp unless a date was given, so the same inputs give the same report.',
    settings: 'Software and settings', setting: 'Setting', value: 'Value',
    software: 'Software', language: 'Language', date: 'Date', noDate: '(none)', suppression: 'Small-cell suppression',
    suppressionOff: 'off', suppressionOn: (n: number) => `counts below ${n} shown as <${n}`, seed: 'Seed (bootstrap)',
    exploreLimit: 'Most excerpts in Explore', exemplars: 'Exemplar quotes per lever/dimension', warnings: 'Warnings while reading',
    inputs: 'Input files', file: 'File', kind: 'Kind', bytes: 'Bytes', sha: 'SHA-256',
    codebook: 'Codebook', codes: 'Codes', noCodebook: '(no codebook)',
    counts: 'Read and skipped', unit: 'Unit', n: 'Count',
    units: 'Unit and denominator of every table', table: 'Table', unitDen: 'Unit and denominator', notGiven: '(not given)',
    uSettings: 'One row per setting.', uInputs: 'One row per file read.', uCodebook: 'One row: the project\'s codebook.',
    uCounts: 'One row per kind of unit; counts over the whole project.', uUnits: 'One row per table in the report.',
    nInputs: (n: number) => `${n} file(s). Paths relative to the project folder.`,
  },
} as const;

export const METHOD_TABLE_IDS = ['method-settings', 'method-inputs', 'method-codebook', 'method-counts', 'method-units'] as const;

/**
 * The `method` section: provenance as tables. `tableIds` lists the report's other tables in reading
 * order, so the unit table follows the report. Returns the section and the units of its own tables
 * (the caller adds them to `provenance.units`; the unit table already lists them).
 */
export function methodSection(prov: ReportProvenance, settings: MethodSettings, tableIds: string[]): { section: ReportSection; units: Record<string, string> } {
  const t = T[settings.lang];
  const units: Record<string, string> = {
    'method-settings': t.uSettings,
    'method-inputs': t.uInputs,
    'method-codebook': t.uCodebook,
    'method-counts': t.uCounts,
    'method-units': t.uUnits,
  };
  const allUnits = { ...prov.units, ...units };
  const settingsTable: Table = {
    title: t.settings,
    columns: [{ key: 'setting', label: t.setting }, { key: 'value', label: t.value }],
    rows: [
      { setting: t.software, value: `${prov.software.name} ${prov.software.version}` },
      { setting: t.language, value: settings.lang },
      { setting: t.date, value: settings.date ?? t.noDate },
      { setting: t.suppression, value: prov.suppressBelow > 0 ? t.suppressionOn(prov.suppressBelow) : t.suppressionOff },
      { setting: t.seed, value: settings.seed },
      { setting: t.exploreLimit, value: settings.exploreLimit },
      { setting: t.exemplars, value: settings.exemplars },
      { setting: t.warnings, value: prov.warnings },
    ],
    notes: [t.uSettings],
  };
  const inputsTable: Table = {
    title: t.inputs,
    columns: [{ key: 'path', label: t.file }, { key: 'kind', label: t.kind }, { key: 'bytes', label: t.bytes, type: 'number' }, { key: 'sha256', label: t.sha }],
    rows: prov.inputs.map((i) => ({ path: i.path, kind: i.kind, bytes: i.bytes, sha256: i.sha256 || null })),
    notes: [t.nInputs(prov.inputs.length)],
  };
  const codebookTable: Table = {
    title: t.codebook,
    columns: [{ key: 'path', label: t.codebook }, { key: 'sha256', label: t.sha }, { key: 'codes', label: t.codes, type: 'number' }],
    rows: [{ path: prov.codebook.path ?? t.noCodebook, sha256: prov.codebook.sha256, codes: prov.codebook.codes }],
    notes: [t.uCodebook],
  };
  const countsTable: Table = {
    title: t.counts,
    columns: [{ key: 'unit', label: t.unit }, { key: 'n', label: t.n, type: 'number' }],
    rows: Object.entries(prov.counts).map(([unit, n]) => ({ unit, n })),
    notes: [t.uCounts],
  };
  const ordered = [...tableIds, ...METHOD_TABLE_IDS];
  const rest = Object.keys(allUnits).filter((id) => !ordered.includes(id)).sort();
  const unitsTable: Table = {
    title: t.units,
    columns: [{ key: 'table', label: t.table }, { key: 'unit', label: t.unitDen }],
    rows: [...ordered, ...rest].map((id): Record<string, Cell> => ({ table: id, unit: allUnits[id] ?? t.notGiven })),
    notes: [t.uUnits],
  };
  const section: ReportSection = {
    id: 'method',
    kind: 'method',
    title: t.title,
    blocks: [
      { type: 'text', paragraphs: [t.intro] },
      { type: 'table', id: 'method-settings', table: settingsTable },
      { type: 'table', id: 'method-inputs', table: inputsTable },
      { type: 'table', id: 'method-codebook', table: codebookTable },
      { type: 'table', id: 'method-counts', table: countsTable },
      { type: 'table', id: 'method-units', table: unitsTable },
    ],
    children: [],
  };
  return { section, units };
}
