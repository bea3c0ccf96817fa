/**
 * `hefboom stage` analyses on the fixture (fixtures/stage) and on small hand-made exports.
 * Reference values marked "R" were computed with R 4.2.2 from fixtures/stage/data/stage-evaluaties.csv:
 * `tabulate`, `median`, `prop.test(x, n, correct = FALSE)$conf.int` (Wilson), `wilcox.test(eind,
 * tussentijds, paired = TRUE)` (normal approximation with tie and continuity correction: every
 * indicator has ties or zero differences) and `p.adjust(p, "holm")`.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { InputIssue } from '../model/types.js';
import { parseDataTable } from '../io/data-table.js';
import { parseStageDefinition } from '../io/stage-definition.js';
import { codeStage, readStage } from '../io/stage.js';
import { clusterScore, describeStage, groupOf, MISSING_GROUP, resolveStageAttribute, stageChange, templateInventory } from './stage.js';

const root = fileURLToPath(new URL('../../fixtures/stage/', import.meta.url));
const { data } = await readStage(root, { path: 'data/stage-evaluaties.csv', definition: 'stage.yaml', name: 'stage' });
const fixture = data!;

function code(csv: string, yaml: string) {
  const t = parseDataTable(csv, 't.csv', ';');
  const d = parseStageDefinition(yaml, 't.yaml');
  const issues: InputIssue[] = [];
  const out = codeStage(t.table!, d.definition!, 't', issues);
  expect(issues).toEqual([]);
  return out;
}

describe('describeStage on the fixture', () => {
  const d = describeStage(fixture);
  const row = (indicator: string, moment: string) => d.indicators.find((r) => r.indicator === indicator && r.moment === moment)!;

  it('one row per indicator × moment, 12 evaluations per moment', () => {
    expect(d.indicators.length).toBe(16);
    expect(d.moments).toEqual([{ moment: 'tussentijds', evaluations: 12 }, { moment: 'eind', evaluations: 12 }]);
    expect(d.sufficient).toBe(3);
  });

  it('counts per label and medians (R tabulate, median)', () => {
    const expected: [string, string, number[], number][] = [
      ['kinderen', 'tussentijds', [1, 3, 6, 2, 0], 3], ['kinderen', 'eind', [0, 2, 4, 5, 1], 3.5],
      ['ouders', 'tussentijds', [0, 6, 4, 1, 0], 2], ['ouders', 'eind', [0, 2, 6, 3, 1], 3],
      ['feedback', 'tussentijds', [0, 6, 5, 1, 0], 2.5], ['feedback', 'eind', [0, 1, 7, 4, 0], 3],
      ['verzorging', 'tussentijds', [0, 3, 7, 2, 0], 3], ['verzorging', 'eind', [0, 1, 4, 6, 0], 4],
      ['veiligheid', 'tussentijds', [0, 1, 6, 5, 0], 3], ['veiligheid', 'eind', [0, 0, 3, 7, 2], 4],
      ['spelaanbod', 'tussentijds', [1, 3, 6, 2, 0], 3], ['spelaanbod', 'eind', [0, 1, 4, 5, 2], 4],
      ['observeren', 'tussentijds', [2, 5, 5, 0, 0], 2], ['observeren', 'eind', [0, 3, 5, 3, 0], 3],
      ['team', 'tussentijds', [0, 3, 6, 3, 0], 3], ['team', 'eind', [0, 1, 5, 5, 1], 3.5],
    ];
    for (const [ind, m, counts, median] of expected) {
      expect(row(ind, m).counts, `${ind} ${m}`).toEqual(counts);
      expect(row(ind, m).median, `${ind} ${m}`).toBe(median);
      expect(row(ind, m).n).toBe(counts.reduce((a, b) => a + b, 0));
    }
  });

  it('ratings that are missing are counted by reason, outside the denominator', () => {
    expect(row('ouders', 'tussentijds')).toMatchObject({ evaluations: 12, n: 11, missing: { notRated: 1, empty: 0, noRow: 0 } });
    expect(row('verzorging', 'eind')).toMatchObject({ n: 11, missing: { notRated: 1, empty: 0, noRow: 0 } });
    expect(row('observeren', 'eind')).toMatchObject({ n: 11, missing: { notRated: 0, empty: 0, noRow: 1 } });
  });

  it('share voldoende or better with its Wilson interval (R prop.test, correct = FALSE)', () => {
    // verzorging tussentijds: 9/12 → [0.4676946651, 0.9110583316]
    expect(row('verzorging', 'tussentijds').sufficient).toMatchObject({ count: 9, n: 12 });
    expect(row('verzorging', 'tussentijds').sufficient.ci![0]).toBeCloseTo(0.4676946651, 8);
    expect(row('verzorging', 'tussentijds').sufficient.ci![1]).toBeCloseTo(0.9110583316, 8);
    // ouders tussentijds: 5/11 → [0.2127127162, 0.7199084626]
    expect(row('ouders', 'tussentijds').sufficient).toMatchObject({ count: 5, n: 11 });
    expect(row('ouders', 'tussentijds').sufficient.ci![0]).toBeCloseTo(0.2127127162, 8);
    expect(row('ouders', 'tussentijds').sufficient.ci![1]).toBeCloseTo(0.7199084626, 8);
    // kinderen tussentijds: 8/12 → [0.3906220889, 0.8618799089]
    expect(row('kinderen', 'tussentijds').sufficient.ci![0]).toBeCloseTo(0.3906220889, 8);
    expect(row('kinderen', 'tussentijds').sufficient.ci![1]).toBeCloseTo(0.8618799089, 8);
  });

  it('another sufficient label moves every share (goed or better)', () => {
    const goed = describeStage(fixture, { sufficient: 4 });
    expect(goed.indicators.find((r) => r.indicator === 'veiligheid' && r.moment === 'eind')!.sufficient).toMatchObject({ count: 9, n: 12 });
  });

  it('clusters: pooled ratings per label; median and share over trainees\' cluster scores (R)', () => {
    const c = (id: string, m: string) => d.clusters.find((r) => r.cluster === id && r.moment === m)!;
    expect(c('communicatie', 'tussentijds')).toMatchObject({ n: 12, ratings: 35, counts: [1, 15, 15, 4, 0], median: 3, sufficient: { count: 7, n: 12 } });
    expect(c('communicatie', 'eind')).toMatchObject({ ratings: 36, counts: [0, 5, 17, 12, 2], median: 3, sufficient: { count: 11, n: 12 } });
    expect(c('zorg', 'tussentijds')).toMatchObject({ ratings: 24, counts: [0, 4, 13, 7, 0], median: 3, sufficient: { count: 9 } });
    expect(c('zorg', 'eind')).toMatchObject({ ratings: 23, counts: [0, 1, 7, 13, 2], median: 4, sufficient: { count: 11 } });
    expect(c('spel', 'tussentijds')).toMatchObject({ counts: [3, 8, 11, 2, 0], median: 2.5, sufficient: { count: 5 } });
    expect(c('spel', 'eind')).toMatchObject({ counts: [0, 4, 9, 8, 2], median: 3.5, sufficient: { count: 9 } });
    expect(c('professionaliteit', 'eind')).toMatchObject({ counts: [0, 1, 5, 5, 1], median: 3.5, sufficient: { count: 11 } });
  });

  it('cluster score: median of the trainee\'s rated indicators (S09 eind zorg: verzorging n.v.t., veiligheid goed → 4)', () => {
    const e = [...fixture.trainee.keys()].find((k) => fixture.trainees[fixture.trainee[k]] === 'S09' && fixture.moment[k] === 1)!;
    expect(clusterScore(fixture, ['verzorging', 'veiligheid'], e)).toBe(4);
    // S01 tussentijds spel: spelaanbod zwak (2), observeren zwak (2) → 2; zorg: 3 and 4 → 3.5.
    expect(clusterScore(fixture, ['spelaanbod', 'observeren'], 0)).toBe(2);
    expect(clusterScore(fixture, ['verzorging', 'veiligheid'], 0)).toBe(3.5);
  });

  it('--by groups: rows per group, counts add up to the totals', () => {
    const by = describeStage(fixture, { group: groupOf(fixture, 'profile') });
    expect(new Set(by.indicators.map((r) => r.group))).toEqual(new Set(["kinderbegeleider baby's en peuters", 'kinderbegeleider schoolgaande kinderen']));
    const parts = by.indicators.filter((r) => r.indicator === 'kinderen' && r.moment === 'eind');
    expect(parts.map((r) => r.n)).toEqual([8, 4]);
    const sum = parts[0].counts.map((x, i) => x + parts[1].counts[i]);
    expect(sum).toEqual(row('kinderen', 'eind').counts);
  });
});

describe('stageChange on the fixture (R wilcox.test(eind, tussentijds, paired = TRUE))', () => {
  const r = stageChange(fixture, 0, 1);

  it('pairs, improved/same/worse, V and p per indicator', () => {
    const expected: [string, number, number, number, number, number, number][] = [
      ['kinderen', 12, 8, 4, 0, 36, 0.005962078532],
      ['ouders', 11, 9, 2, 0, 45, 0.003353436455],
      ['feedback', 12, 9, 2, 1, 49.5, 0.01342369785],
      ['verzorging', 11, 6, 5, 0, 21, 0.01965615725],
      ['veiligheid', 12, 7, 5, 0, 28, 0.0107334161],
      ['spelaanbod', 12, 11, 1, 0, 66, 0.001089346969],
      ['observeren', 11, 8, 3, 0, 36, 0.005962078532],
      ['team', 12, 6, 6, 0, 21, 0.01965615725],
    ];
    expect(r.indicators.map((c) => c.id)).toEqual(expected.map((e) => e[0]));
    for (const [id, pairs, up, same, down, v, p] of expected) {
      const c = r.indicators.find((x) => x.id === id)!;
      expect([c.pairs, c.improved, c.same, c.worse], id).toEqual([pairs, up, same, down]);
      expect(c.test!.statistic, id).toBe(v);
      expect(c.test!.p, id).toBeCloseTo(p, 8);
      expect(c.test!.pMethod).toBe('normal');
    }
    // Holm across the eight indicators (R p.adjust(…, "holm")).
    const holm = [0.035772471192, 0.023474055185, 0.0429336644, 0.0429336644, 0.0429336644, 0.008714775752, 0.035772471192, 0.0429336644];
    r.indicators.forEach((c, i) => expect(c.pHolm!).toBeCloseTo(holm[i], 8));
  });

  it('unpaired trainees are counted, not tested (ouders: S05 not observed at tussentijds)', () => {
    expect(r.indicators.find((c) => c.id === 'ouders')!.unpaired).toBe(1);
    expect(r.indicators.find((c) => c.id === 'kinderen')!.unpaired).toBe(0);
  });

  it('medians and shares sufficient over the pairs', () => {
    const c = r.indicators.find((x) => x.id === 'verzorging')!;
    // 11 pairs (S09 eind n.v.t.): tussentijds 8 of 11 at voldoende or better, eind 10 of 11.
    expect([c.medianFrom, c.medianTo]).toEqual([3, 4]);
    expect(c.sufficientFrom).toMatchObject({ count: 8, n: 11 });
    expect(c.sufficientTo).toMatchObject({ count: 10, n: 11 });
  });

  it('clusters on the trainees\' cluster scores, Holm across the four clusters (R)', () => {
    const expected: [string, number, number, number][] = [
      ['communicatie', 36, 0.005962078532, 0.011924157064],
      ['zorg', 78, 0.001221994337, 0.004887977348],
      ['spel', 78, 0.001935838477, 0.005807515431],
      ['professionaliteit', 21, 0.01965615725, 0.01965615725],
    ];
    expect(r.clusters.map((c) => c.id)).toEqual(expected.map((e) => e[0]));
    for (const [id, v, p, pHolm] of expected) {
      const c = r.clusters.find((x) => x.id === id)!;
      expect(c.test!.statistic, id).toBe(v);
      expect(c.test!.p, id).toBeCloseTo(p, 8);
      expect(c.pHolm!, id).toBeCloseTo(pHolm, 8);
    }
    expect(r.clusters.find((c) => c.id === 'zorg')).toMatchObject({ pairs: 12, improved: 12, medianFrom: 3, medianTo: 4 });
  });

  it('--by profile: a test per group; none where fewer than two trainees changed', () => {
    const by = stageChange(fixture, 0, 1, { group: groupOf(fixture, 'profile') });
    const baby = by.indicators.find((c) => c.id === 'kinderen' && c.group === "kinderbegeleider baby's en peuters")!;
    // R: wilcox.test on S01–S08 → V = 28, p = 0.0107334161.
    expect(baby.pairs).toBe(8);
    expect(baby.test!.statistic).toBe(28);
    expect(baby.test!.p).toBeCloseTo(0.0107334161, 8);
    const school = by.indicators.find((c) => c.id === 'kinderen' && c.group === 'kinderbegeleider schoolgaande kinderen')!;
    expect(school).toMatchObject({ pairs: 4, improved: 1, same: 3, worse: 0, test: null });
  });
});

describe('stageChange by hand', () => {
  const yaml = `trainee: T
moment: M
moments: [a, b]
indicators: [x]
scale: [1, 2, 3, 4, 5]
school: S
`;
  it('no ties, no zeros: the exact p; V = 1 + 2 + 3 + 4 = 10, p = 2 · 2⁻⁴ = 0.125', () => {
    const d = code('T;M;S;x\nt1;a;;1\nt1;b;A;2\nt2;a;A;1\nt2;b;A;3\nt3;a;B;1\nt3;b;B;4\nt4;a;B;1\nt4;b;B;5\n', yaml);
    const c = stageChange(d, 0, 1).indicators[0];
    expect(c).toMatchObject({ pairs: 4, improved: 4, same: 0, worse: 0, medianFrom: 1, medianTo: 3.5 });
    expect(c.test).toMatchObject({ statistic: 10, pMethod: 'exact', n: 4, rankBiserial: 1 });
    expect(c.test!.p).toBeCloseTo(0.125, 14);
    // Reversed moments: V = 0, the same two-sided p, rank-biserial −1.
    expect(stageChange(d, 1, 0).indicators[0].test).toMatchObject({ statistic: 0, rankBiserial: -1 });
  });

  it('a pair takes the group of its first evaluation, of the second when the first has none', () => {
    const d = code('T;M;S;x\nt1;a;;1\nt1;b;A;2\nt2;a;A;1\nt2;b;B;3\nt3;a;;1\nt3;b;;2\n', yaml);
    const by = stageChange(d, 0, 1, { group: groupOf(d, 'school') });
    expect(by.indicators.map((c) => [c.group, c.pairs])).toEqual([['A', 2], [MISSING_GROUP, 1]]);
  });
});

describe('templateInventory', () => {
  it('the fixture per occupational profile: templates against schools', () => {
    const groups = templateInventory(fixture, 'profile');
    expect(groups.map((g) => [g.group, g.schools, g.templates, g.templatesPerSchool, g.trainees, g.evaluations])).toEqual([
      ["kinderbegeleider baby's en peuters", 3, 2, 2 / 3, 8, 16],
      ['kinderbegeleider schoolgaande kinderen', 2, 2, 1, 4, 8],
    ]);
    expect(groups[0].rows).toEqual([
      { template: 'Uniform 2023', evaluations: 12, trainees: 6, schools: ['School Noord', 'School Zuid'] },
      { template: 'CVO-stagefiche', evaluations: 4, trainees: 2, schools: ['CVO Oost'] },
    ]);
    expect(groups[1].rows.map((r) => [r.template, r.schools])).toEqual([['Uniform BKO', ['School Noord']], ['Zuid BKO-formulier', ['School Zuid']]]);
  });

  it('by hand: an evaluation without template is counted apart; a trainee with two templates', () => {
    const d = code('T;M;S;Tpl;P;x\nt1;a;A;F1;p;1\nt1;b;A;F2;p;2\nt2;a;B;F1;p;1\nt3;a;B;;p;1\nt4;a;C;F3;q;1\n', `trainee: T
moment: M
moments: [a, b]
indicators: [x]
scale: [1, 2]
school: S
template: Tpl
profile: P
`);
    const [p, q] = templateInventory(d, 'profile');
    expect(p).toMatchObject({ group: 'p', schools: 2, templates: 2, templatesPerSchool: 1, trainees: 3, evaluations: 4, withoutTemplate: 1, traineesWithSeveral: 1 });
    expect(p.rows).toEqual([
      { template: 'F1', evaluations: 2, trainees: 2, schools: ['A', 'B'] },
      { template: 'F2', evaluations: 1, trainees: 1, schools: ['A'] },
      { template: null, evaluations: 1, trainees: 1, schools: ['B'] },
    ]);
    expect(q).toMatchObject({ group: 'q', schools: 1, templates: 1, templatesPerSchool: 1 });
    // Without grouping: one group over everything.
    expect(templateInventory(d, undefined)).toMatchObject([{ group: null, schools: 3, templates: 3, trainees: 4 }]);
  });
});

describe('resolveStageAttribute', () => {
  it('field ids, Dutch names, the mapped column headers; case and accents ignored', () => {
    expect(resolveStageAttribute(fixture, 'SCHOOL')).toBe('school');
    expect(resolveStageAttribute(fixture, 'beroepsprofiel')).toBe('profile');
    expect(resolveStageAttribute(fixture, 'Sjabloon')).toBe('template');
    expect(resolveStageAttribute(fixture, 'stageplaats')).toBe('placement');
    expect(resolveStageAttribute(fixture, 'regio')).toBeUndefined();
  });
});
