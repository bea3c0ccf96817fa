import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { hefboom, json, repoRoot } from './run-cli.js';

const P = ['-p', join(repoRoot, 'fixtures', 'survey-project')];

describe('hefboom survey describe', () => {
  it('json: counts, % of valid n, missing by code, Wilson CI, construct α', () => {
    const r = hefboom([...P, 'survey', 'describe', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r);
    expect(j.command).toBe('survey describe');
    expect(j.survey).toMatchObject({ name: 'medewerkers', kind: 'staff', respondents: 83, selected: 83 });
    const effect = j.items.find((i: any) => i.id === 'effect');
    expect(effect.valid + effect.missing.total).toBe(83);
    expect(effect.missing.codes.find((m: any) => m.code === 'weet niet').count).toBe(2);
    expect(effect.distribution.reduce((s: number, d: any) => s + d.count, 0)).toBe(effect.valid);
    expect(effect.top).toMatchObject({ count: 46, n: 81, method: 'wilson' });
    expect(effect.top.ci[0]).toBeLessThan(46 / 81);
    expect(effect.top.ci[1]).toBeGreaterThan(46 / 81);
    const impact = j.constructs.find((c: any) => c.id === 'impact');
    expect(impact.reversed).toEqual(['belerend']);
    expect(impact.alpha.alpha).toBeGreaterThan(0.7);
    expect(impact.alpha.ifDeleted).toHaveLength(4);
    expect(j.provenance.survey).toBe('data/medewerkers.csv');
  });

  it('--by a CRM field: groups through the join, unknown and key-less respondents listed, small cells suppressed', () => {
    const r = hefboom([...P, 'survey', 'describe', '--item', 'effect', '--by', 'type', '--suppress-below', '5', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r);
    expect(j.join).toMatchObject({ field: 'trajectory', matched: 81, noKey: { count: 1 }, unknown: { count: 1 } });
    expect(j.join.unknown.respondents[0]).toMatchObject({ key: 'T999', line: 13 });
    expect(j.by.groups.map((g: any) => g.value)).toEqual(['1', '2', '3', '4', '(missing)']);
    const groups = j.items[0].groups;
    const type3 = groups.find((g: any) => g.value === '3');
    expect(type3.valid).toBe('<5');
    expect(type3.top.p).toBeNull();
    const type2 = groups.find((g: any) => g.value === '2');
    expect(type2.valid).toBe(45);
    // No count between 1 and 4 is visible in any group.
    for (const g of groups) for (const d of g.distribution) expect(typeof d.count === 'number' ? d.count === 0 || d.count >= 5 : d.count === '<5' || d.count === 'x').toBe(true);
    expect(r.stderr).toMatch(/1 respondent\(s\) with a trajectory the CRM does not know \("T999" line 13\)/);
  });

  it('table and csv formats', () => {
    const t = hefboom([...P, 'survey', 'describe', '--headline', '--lang', 'en']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Answers per item/);
    expect(t.stdout).toMatch(/tevreden/);
    expect(t.stdout).not.toMatch(/tijd_buiten/);
    const c = hefboom([...P, 'survey', 'describe', '--item', 'type_zelf', '--format', 'csv']);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/type_zelf/);
    expect(c.stdout.split('\n')[0]).toMatch(/^item,/);
  });

  it('--since/--until filter on the response date', () => {
    const all = json(hefboom([...P, 'survey', 'describe', '--item', 'effect', '--format', 'json']));
    const some = json(hefboom([...P, 'survey', 'describe', '--item', 'effect', '--since', '1/7/2023', '--format', 'json']));
    expect(some.survey.selected).toBeLessThan(all.survey.selected);
    expect(some.survey.selected).toBeGreaterThan(0);
    expect(some.selection).toMatchObject({ since: '2023-07-01', dateBasis: 'response-date' });
  });
});

describe('hefboom survey compare', () => {
  it('picks the test per item type and Holm-adjusts', () => {
    const r = hefboom([...P, 'survey', 'compare', '--by', 'location_type', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r);
    const by = (id: string) => j.comparisons.find((c: any) => c.id === id && !c.option);
    expect(by('effect').test).toBe('mann-whitney');
    expect(by('tijd_buiten').test).toBe('welch-t');
    expect(by('impact').test).toBe('welch-t');
    expect(['chisq', 'fisher']).toContain(by('type_zelf').test);
    expect(j.tested).toBe(j.comparisons.filter((c: any) => c.p !== null).length);
    for (const c of j.comparisons) if (c.p !== null) expect(c.pHolm).toBeGreaterThanOrEqual(c.p);
  });
  it('--groups with more than two levels switches to Kruskal–Wallis / Welch ANOVA', () => {
    const j = json(hefboom([...P, 'survey', 'compare', '--by', 'employer', '--item', 'effect', '--item', 'tijd_buiten', '--format', 'json']));
    expect(j.comparisons.map((c: any) => c.test)).toEqual(['kruskal-wallis', 'welch-anova']);
    const two = json(hefboom([...P, 'survey', 'compare', '--by', 'employer', '--groups', 'Werkgever A,Werkgever B', '--item', 'effect', '--format', 'json']));
    expect(two.comparisons[0].test).toBe('mann-whitney');
    expect(two.by.groups.map((g: any) => g.value)).toEqual(['Werkgever A', 'Werkgever B']);
  });
  it('withholds the test and effect size of a comparison with a group below --suppress-below', () => {
    const args = [...P, 'survey', 'compare', '--by', 'employer', '--item', 'effect', '--format', 'json'];
    // Employer groups of 29, 26 and 24 respondents: a threshold of 25 makes the third small.
    const open = json(hefboom([...args, '--suppress-below', '20'])).comparisons[0];
    expect(open.statistic).toBeGreaterThan(0);
    expect(open.withheld).toBeUndefined();
    const hidden = json(hefboom([...args, '--suppress-below', '25'])).comparisons[0];
    expect([hidden.statistic, hidden.p, hidden.pHolm, hidden.effect, hidden.withheld]).toEqual([null, null, null, null, 'small-group']);
    expect(hidden.groups.map((g: { n: number | string }) => g.n)).toEqual([29, 26, '<25']);
    const table = hefboom([...P, 'survey', 'compare', '--by', 'employer', '--item', 'effect', '--suppress-below', '25']);
    expect(table.stdout).toContain('groep kleiner dan 25');
  });
  it('needs --by; an unknown group is exit 2 with the groups', () => {
    const r = hefboom([...P, 'survey', 'compare']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/compare needs --by/);
    const g = hefboom([...P, 'survey', 'compare', '--by', 'employer', '--groups', 'Werkgever A,Werkgever X']);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/no group "Werkgever X"/);
    expect(g.stderr).toMatch(/Werkgever B/);
  });
});

describe('hefboom survey model', () => {
  it('OLS with cluster-robust SEs, standardised β, dropped rows and the coach ICC', () => {
    const r = hefboom([...P, 'survey', 'model', '--outcome', 'impact', '--predictors', 'tijd_buiten,participants,motivatie', '--cluster', 'coach', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r);
    expect(j.command).toBe('survey model');
    expect(j.kind).toBe('ols');
    const coef = (n: string) => j.coefficients.find((c: any) => c.name === n);
    expect(coef('tijd_buiten').estimate).toBeGreaterThan(0);
    expect(coef('tijd_buiten').p).toBeLessThan(0.05);
    expect(coef('participants').p).toBeLessThan(0.05);
    expect(coef('motivatie').p).toBeGreaterThan(0.05);
    expect(j.cluster).toMatchObject({ name: 'coach', clusters: 10 });
    expect(j.modelBased).toHaveLength(4);
    expect(j.dropped.total).toBe(j.respondents - j.n);
    expect(j.icc.clusters).toBe(10);
    expect(j.icc.ci[0]).toBeLessThan(j.icc.icc);
    expect(j.fit.rSquared).toBeGreaterThan(0);
  });
  it('logistic on the top box; categorical predictors say their reference', () => {
    const r = hefboom([...P, 'survey', 'model', '--outcome', 'effect', '--logistic', '--predictors', 'tijd_buiten,location_type', '--cluster', 'coach']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Logistisch model van effect/);
    expect(r.stdout).toMatch(/location_type=groepsopvang/);
    expect(r.stdout).toMatch(/referentie "gezinsopvang"/);
    expect(r.stdout).toMatch(/SE's cluster-robuust per coach: 10 clusters \(sandwich met factor G\/\(G − 1\), Wald-z\)/);
  });
});

describe('hefboom survey errors (exit 2 with a hint)', () => {
  it('unknown item id suggests the closest', () => {
    const r = hefboom([...P, 'survey', 'describe', '--item', 'efect']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown item "efect" in --item \(survey medewerkers, bevragingen\/medewerkers\.yaml\)/);
    expect(r.stderr).toMatch(/did you mean "effect"/);
  });
  it('unknown --by variable lists the variables', () => {
    const r = hefboom([...P, 'survey', 'describe', '--by', 'werkgevr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown variable "werkgevr" in --by/);
    expect(r.stderr).toMatch(/employer/);
  });
  it('bad dates, periods, formats and outcomes', () => {
    const d = hefboom([...P, 'survey', 'describe', '--since', '2023-13-01']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--since expects a date/);
    const p = hefboom([...P, 'survey', 'describe', '--period', 'yaer']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/did you mean "year"/);
    const f = hefboom([...P, 'survey', 'describe', '--format', 'jsno']);
    expect(f.code).toBe(2);
    const o = hefboom([...P, 'survey', 'model', '--outcome', 'tijd_buiten', '--logistic', '--predictors', 'motivatie']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/--logistic needs a Likert outcome/);
    const s = hefboom([...P, 'survey', 'describe', '--survey', 'coachs']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/no survey called "coachs"/);
    expect(s.stderr).not.toMatch(/at .*\.js/);
  });
});
