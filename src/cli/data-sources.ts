/**
 * The survey, CRM and MeMoQ-score inputs of a project, for `survey`, `crm`, `impact` and `memoq`.
 * These commands read only the project file and the data they need, never the transcripts.
 */
import { relative } from 'node:path';
import type { InputIssue } from '../model/types.js';
import type { SurveyData } from '../model/survey.js';
import type { CrmData } from '../model/crm.js';
import { hasErrors } from '../model/issues.js';
import { findProjectFile, loadProjectFile, projectFileFromOption, type Project } from '../io/project.js';
import { readSurvey } from '../io/survey.js';
import { readCrm } from '../io/crm.js';
import { readPathwayRegister } from '../io/pathways.js';
import type { PathwayRegister } from '../model/pathways.js';
import { InputFailure, progress, reportIssues, UsageError, type GlobalOptions } from './common.js';

/** Open hefboom.yaml (from -p or upward); prints issues and throws InputFailure on errors. */
export function openProjectFileOnly(g: GlobalOptions): { project: Project; issues: InputIssue[] } {
  const file = g.project ? projectFileFromOption(g.project) : findProjectFile(process.cwd());
  if (!file) throw new UsageError('no hefboom.yaml found in this folder or above it', 'pass `-p DIR` with a project that lists `surveys:` or `crm:`');
  const r = loadProjectFile(file, relative(process.cwd(), file) || file);
  if (!r.project || hasErrors(r.issues)) { reportIssues(r.issues, g); throw new InputFailure(r.issues); }
  // The transcript-side warning "no sources" means nothing to survey and CRM commands.
  return { project: r.project, issues: r.issues.filter((i) => i.code !== 'no-sources') };
}

/** Read the project's surveys (all, or those named). */
export async function loadSurveys(project: Project, names: string[] | undefined, issues: InputIssue[]): Promise<SurveyData[]> {
  const entries = names?.length ? project.surveys.filter((s) => names.includes(s.name)) : project.surveys;
  for (const n of names ?? []) {
    if (!project.surveys.some((s) => s.name === n)) {
      throw new UsageError(`no survey called "${n}" in the project`, project.surveys.length ? `surveys: ${project.surveys.map((s) => s.name).join(', ')}` : 'the project lists no `surveys:`');
    }
  }
  const out: SurveyData[] = [];
  for (const e of entries) {
    const r = await readSurvey(project.root, e);
    issues.push(...r.issues);
    if (r.data) out.push(r.data);
  }
  return out;
}

/** Read and join the project's CRM exports (several exports are concatenated). */
export async function loadCrm(project: Project, g: GlobalOptions, issues: InputIssue[]): Promise<CrmData | undefined> {
  if (!project.crm.length) return undefined;
  const spin = await progress(project.language === 'en' ? 'reading CRM rows' : 'CRM-rijen lezen', g);
  const parts: CrmData[] = [];
  try {
    for (const e of project.crm) {
      const r = await readCrm(project.root, e, { onProgress: (rows) => spin.update(rows) });
      issues.push(...r.issues);
      if (r.data) parts.push(r.data);
    }
  } finally {
    spin.stop();
  }
  if (!parts.length) return undefined;
  if (parts.length === 1) return parts[0];
  return {
    file: parts.map((p) => p.file).join(', '),
    unit: parts[0].unit,
    trajectories: parts.flatMap((p) => p.trajectories),
    mapped: [...new Set(parts.flatMap((p) => p.mapped))],
    required: [...new Set(parts.flatMap((p) => p.required))],
    rows: parts.reduce((s, p) => s + p.rows, 0),
    findings: parts.flatMap((p) => p.findings),
    norms: parts[0].norms,
  };
}

/** Read one learner register: the one named, or the only one (several need --register). */
export async function loadPathways(project: Project, name: string | undefined, issues: InputIssue[]): Promise<PathwayRegister | undefined> {
  const names = project.pathways.map((p) => p.name);
  let entry = project.pathways[0];
  if (name !== undefined) {
    const found = project.pathways.find((p) => p.name === name);
    if (!found) throw new UsageError(`no register called "${name}" in the project`, `registers: ${names.join(', ')}`);
    entry = found;
  } else if (project.pathways.length > 1) {
    throw new UsageError(`the project lists ${project.pathways.length} registers: say which one with --register`, `registers: ${names.join(', ')}`);
  }
  if (!entry) return undefined;
  const r = await readPathwayRegister(project.root, entry);
  issues.push(...r.issues);
  return r.register;
}
