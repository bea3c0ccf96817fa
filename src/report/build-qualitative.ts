/** PLACEHOLDER — replaced by the helper that builds the qualitative report sections. */
import type { Workspace } from '../io/workspace.js';
import type { InputIssue } from '../model/types.js';
import type { MetricTree, ReportExplore, ReportSection } from './model.js';

export interface ReportBuildOptions {
  lang: 'nl' | 'en';
  /** Small-cell suppression (DESIGN.md §9) for breakdowns. */
  suppressBelow: number;
  /** Exemplar quotes per lever / dimension (default 3). */
  exemplars: number;
  /** Most excerpts listed in Explore (the exemplars always are). */
  exploreLimit: number;
  /** Seed of any resampling (bootstrap), so reports rebuild identically. */
  seed: number;
  /** Called with progress (done, total) on long scans. */
  onProgress?: (done: number, total?: number) => void;
}

/** What one builder contributes; the report command merges the parts. */
export interface ReportPart {
  sections: ReportSection[];
  metrics: MetricTree;
  /** Units read and skipped, for provenance. */
  counts: Record<string, number>;
  /** Unit and denominator by table id. */
  units: Record<string, string>;
  issues: InputIssue[];
}

/** Levers, MeMoQ dimensions, perspectives, agreement and the Explore quotes, from the coded corpus. */
export async function buildQualitative(ws: Workspace, opts: ReportBuildOptions): Promise<ReportPart & { explore: ReportExplore }> {
  void ws; void opts;
  return { sections: [], metrics: {}, counts: {}, units: {}, issues: [], explore: { quotes: [], total: 0, limit: 0, truncated: false, facets: { levers: [], memoq: [], codes: [], roles: [], sites: [] } } };
}
