import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadProjectFile } from '../io/project.js';
import { readSurvey } from '../io/survey.js';
import { readCrm } from '../io/crm.js';
import { readMemoqScores } from '../io/memoq-scores.js';
import type { SurveyData } from '../model/survey.js';
import type { ReportBlock } from './model.js';
import { buildQuantitative } from './build-quantitative.js';

const file = join(import.meta.dirname, '..', '..', 'examples', 'mentes-pioniersfase', 'hefboom.yaml');

async function input() {
  const { project } = loadProjectFile(file);
  const surveys: SurveyData[] = [];
  for (const e of project!.surveys) surveys.push((await readSurvey(project!.root, e)).data!);
  const crm = (await readCrm(project!.root, project!.crm[0])).data!;
  const memoqScores = (await readMemoqScores(project!.root, project!.memoqScores[0])).scores;
  return { surveys, crm, memoqScores, window: project!.surveys[0].window ?? {} };
}
const opts = { lang: 'nl' as const, suppressBelow: 0, exemplars: 3, exploreLimit: 100, seed: 1 };
const tableOf = (blocks: ReportBlock[], id: string) => (blocks.find((b) => b.type === 'table' && b.id === id) as Extract<ReportBlock, { type: 'table' }>).table;

describe('buildQuantitative on the Mentes example', async () => {
  const data = await input();
  const part = buildQuantitative(data, opts);
  const impact = part.sections.find((s) => s.id === 'impact')!;

  it('puts the published response figures in the impact section and the metrics', () => {
    const response = tableOf(impact.blocks, 'impact-response');
    expect(response.rows.find((r) => String(r.measure).startsWith('Respons (alle'))).toMatchObject({ count: 98, of: 225, pct: 43.6 });
    const m = part.metrics.survey as Record<string, Record<string, unknown>>;
    expect(m.staff.response_rate).toBeCloseTo(98 / 225, 12);
    expect(m.staff.trajectory_coverage).toBeCloseTo(51 / 83, 12);
    expect(m.coach.response_rate).toBeCloseTo(45 / 46, 12);
  });
  it('gives the headline shares with Wilson and cluster-bootstrap intervals, reproducibly', () => {
    const h = tableOf(impact.blocks, 'impact-headline');
    const effect = h.rows.find((r) => r.item === 'Duidelijk positief effect van de coaching')!;
    expect(effect).toMatchObject({ count: 78, n: 98, pct: 79.6, ci: '[70,6; 86,4]' });
    expect(effect.boot).toMatch(/^\[\d+,\d; \d+,\d\]$/);
    const again = buildQuantitative(data, opts);
    expect(JSON.stringify(again)).toBe(JSON.stringify(part));
  });
  it('has a chart for every chart block\'s table and a registration section with the CRM metrics', () => {
    for (const s of part.sections) for (const b of s.blocks) if (b.type === 'chart') expect(s.blocks.some((x) => x.type === 'table' && x.id === b.tableId)).toBe(true);
    const crm = part.metrics.crm as Record<string, unknown>;
    expect(crm.trajectories).toBe(295);
    expect((crm.completeness as Record<string, number>).trajectory).toBe(1);
  });
  it('hides small cells in breakdowns when asked', () => {
    const hidden = buildQuantitative(data, { ...opts, suppressBelow: 5 });
    const byType = tableOf(hidden.sections.find((s) => s.id === 'impact')!.blocks, 'impact-by-type');
    expect(JSON.stringify(byType.rows)).toContain('<5');
    // Overall figures are never suppressed.
    expect(tableOf(hidden.sections[0].blocks, 'impact-headline').rows[0]).toMatchObject({ count: 78 });
  });
  it('adds MeMoQ score and survey blocks to the dimension sections', () => {
    expect(Object.keys(part.memoqBlocks).sort()).toEqual(['betrokkenheid', 'educatieve-ondersteuning', 'emotionele-ondersteuning', 'gezinnen-diversiteit', 'omgeving', 'welbevinden']);
    expect(part.memoqBlocks.welbevinden.some((b) => b.type === 'table' && b.id === 'memoq-welbevinden-scores')).toBe(true);
  });
});
