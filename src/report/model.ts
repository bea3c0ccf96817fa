/**
 * The report model (`hefboom report`): everything a report says, as plain data, before any
 * rendering. Builders (src/report/build-*.ts) fill it from the project; renderers (HTML, Markdown,
 * JSON, CSV, XLSX) only walk it. It is also the JSON output (documented in the README) and the
 * namespace of `checks.yaml` rules (`metrics`).
 *
 * Everything in it is deterministic: ordered arrays, no timestamps unless `date` was given.
 */
import type { Table } from './table.js';

export interface ReportModel {
  hefboom: string;
  /** `report`. */
  command: 'report';
  title: string;
  lang: 'nl' | 'en';
  /** `--date` as given (ISO), else null: reports carry no clock time, so they rebuild identically. */
  date: string | null;
  project: { name: string };
  /** Top-level sections in reading order: overview, levers, memoq, perspectives, agreement, impact, audit, explore, method. */
  sections: ReportSection[];
  /** Quotes behind the report for the Explore section (the exemplars and up to `limit` excerpts of the selected levers). */
  explore: ReportExplore;
  /**
   * Named figures for `checks.yaml` rules, addressed by dotted paths: `levers.L5.excerpts`,
   * `memoq.welbevinden.excerpts`, `agreement.kappa.min`, `survey.staff.response_rate`,
   * `crm.completeness.coach`, `crm.score.min` … Only numbers, booleans and nested objects.
   */
  metrics: MetricTree;
  provenance: ReportProvenance;
}

export interface MetricTree { [key: string]: number | boolean | null | MetricTree }

export type SectionKind = 'overview' | 'lever' | 'memoq' | 'perspectives' | 'agreement' | 'impact' | 'audit' | 'pathways' | 'stage' | 'explore' | 'method';

export interface ReportSection {
  /** Stable, URL- and file-safe id: `lever-L3`, `memoq-welbevinden`, `impact`, `method`. */
  id: string;
  kind: SectionKind;
  title: string;
  blocks: ReportBlock[];
  /** Sub-sections (e.g. the seven lever sections under "Hefbomen"). */
  children: ReportSection[];
}

export type ReportBlock =
  /** Plain-text paragraphs (never HTML: renderers escape them). */
  | { type: 'text'; paragraphs: string[] }
  /** Key figures shown large: "312 fragmenten", "79,6 %". */
  | { type: 'figures'; items: { label: string; value: string; note?: string }[] }
  /** A table; `id` names its CSV file (`tables/<id>.csv`) and XLSX sheet. Ids are unique in a report. */
  | { type: 'table'; id: string; table: Table }
  /** A chart and the table behind it (`tableId`, a table block elsewhere in the same section). */
  | { type: 'chart'; id: string; chart: ChartSpec; tableId: string }
  | { type: 'quotes'; title?: string; quotes: ReportQuote[] }
  /** The lever's tips as a checklist; `sites` lists sites the project records as acting on a tip. */
  | { type: 'checklist'; title?: string; items: { id: string; text: string; sites: string[] }[] };

/**
 * What a chart shows, independent of the charting library (the HTML renderer turns it into a
 * Vega-Lite spec). `alt` is the text alternative, a sentence that states what the chart shows.
 */
export type ChartSpec =
  /** Horizontal bars: `x` titles the value axis, `y` the category axis; with `percent`, values are 0–100. */
  | { kind: 'bar'; title: string; alt: string; x: string; y: string; data: { label: string; value: number; group?: string }[]; percent?: boolean }
  | { kind: 'heatmap'; title: string; alt: string; rows: string; cols: string; value: string; data: { row: string; col: string; value: number }[]; rowOrder?: string[]; colOrder?: string[] }
  /** Likert items as diverging stacked bars; `labels` lowest first; shares are 0–1 of valid answers. */
  | { kind: 'diverging'; title: string; alt: string; labels: string[]; data: { item: string; label: string; share: number; count: number }[] }
  /** A distribution of values with the norm and its band (CRM hours, contact moments). */
  | { kind: 'histogram'; title: string; alt: string; x: string; values: number[]; norm?: number; band?: [number, number] };

export interface ReportQuote {
  /** `document/paragraph` id, stable. */
  id: string;
  text: string;
  /** `file:line` (and time for subtitles). */
  provenance: string;
  document: string;
  speaker: { label: string; role: string; roleLabel: string };
  site: string | null;
  sourceType: string | null;
  codes: { id: string; label: string }[];
  levers: string[];
  memoq: string[];
}

export interface ReportExplore {
  quotes: ReportQuote[];
  /** Excerpts that matched the Explore selection, and how many were kept (≤ limit). */
  total: number;
  limit: number;
  truncated: boolean;
  /** Filter values present, for the filter controls. */
  facets: { levers: string[]; memoq: string[]; codes: { id: string; label: string }[]; roles: { id: string; label: string }[]; sites: string[] };
}

export interface ReportProvenance {
  software: { name: 'hefboom'; version: string };
  /** Every input read, relative to the project folder, with its SHA-256 and size. */
  inputs: { path: string; kind: string; sha256: string; bytes: number }[];
  codebook: { path: string | null; sha256: string | null; codes: number };
  /** Units read and skipped: documents, excerpts, codings, respondents, CRM rows … */
  counts: Record<string, number>;
  warnings: number;
  suppressBelow: number;
  /** The unit and denominator of every table, by table id. */
  units: Record<string, string>;
}
