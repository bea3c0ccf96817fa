import { describe, expect, it } from 'vitest';
import { evaluateChecks, junitXml, metricPaths, parseChecks, parseRule } from './checks.js';
import type { MetricTree } from './model.js';

const metrics: MetricTree = {
  survey: { staff: { response_rate: 0.42, respondents: 98 } },
  levers: { L5: { excerpts: 10 }, L1: { excerpts: 0 } },
  agreement: { kappa: { min: null, mean: 0.71 } },
  crm: { complete: true },
};

describe('parseRule', () => {
  it('reads path, operator and number', () => {
    expect(parseRule('survey.staff.response_rate >= 0.40')).toEqual({ path: ['survey', 'staff', 'response_rate'], op: '>=', value: 0.4 });
    expect(parseRule('levers.L5.excerpts>1')).toEqual({ path: ['levers', 'L5', 'excerpts'], op: '>', value: 1 });
    expect(parseRule('a.b != -1e-3')).toEqual({ path: ['a', 'b'], op: '!=', value: -0.001 });
    expect(parseRule('x == .5')).toEqual({ path: ['x'], op: '==', value: 0.5 });
    expect(parseRule('crm.complete == true')).toEqual({ path: ['crm', 'complete'], op: '==', value: true });
  });

  it('rejects what the grammar does not allow, saying what is wrong', () => {
    expect(parseRule('a.b 3')).toEqual({ error: expect.stringContaining('no comparison operator') });
    expect(parseRule('a.b = 3')).toEqual({ error: expect.stringContaining('unknown operator "="') });
    expect(parseRule('a.b >= veel')).toEqual({ error: expect.stringContaining('"veel" is not a number') });
    expect(parseRule('a..b >= 1')).toHaveProperty('error');
    expect(parseRule('a.b >= true')).toEqual({ error: expect.stringContaining('use == or !=') });
  });
});

describe('parseChecks', () => {
  it('reads a list of named rules with their lines', () => {
    const text = '- {name: respons, rule: "survey.staff.response_rate >= 0.40"}\n- name: L5\n  rule: levers.L5.excerpts >= 1\n- "crm.complete == true"\n';
    const { rules, issues } = parseChecks(text, 'checks.yaml');
    expect(issues).toEqual([]);
    expect(rules.map((r) => [r.name, r.line, r.op, r.value])).toEqual([
      ['respons', 1, '>=', 0.4],
      ['L5', 2, '>=', 1],
      ['crm.complete == true', 4, '==', true],
    ]);
  });

  it('names file and line of a bad rule', () => {
    const { rules, issues } = parseChecks('- {name: a, rule: "x.y >= 1"}\n- name: b\n  rule: "x.y ≥ 1"\n', 'ci/checks.yaml');
    expect(rules).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', file: 'ci/checks.yaml', line: 3, code: 'bad-rule' });
    expect(issues[0].hint).toContain('PATH OP VALUE');
  });

  it('reports YAML syntax errors, unknown keys, duplicates, empty files and non-lists', () => {
    expect(parseChecks('- {name: a, rule: "x >= 1"\n', 'c.yaml').issues[0]).toMatchObject({ code: 'yaml-syntax', file: 'c.yaml' });
    const unknown = parseChecks('- name: a\n  rulle: "x >= 1"\n', 'c.yaml').issues;
    expect(unknown.map((i) => i.code)).toEqual(['unknown-key', 'bad-rule']);
    expect(unknown[0]).toMatchObject({ line: 2, hint: expect.stringContaining('did you mean "rule"') });
    const dup = parseChecks('- {name: a, rule: "x >= 1"}\n- {name: a, rule: "y >= 1"}\n', 'c.yaml').issues;
    expect(dup[0]).toMatchObject({ code: 'duplicate-check', line: 2, message: expect.stringContaining('lines 1 and 2') });
    expect(parseChecks('', 'c.yaml').issues[0]).toMatchObject({ code: 'no-checks' });
    expect(parseChecks('[]\n', 'c.yaml').issues[0]).toMatchObject({ code: 'no-checks' });
    expect(parseChecks('rule: x >= 1\n', 'c.yaml').issues[0]).toMatchObject({ code: 'checks-shape' });
  });
});

describe('evaluateChecks', () => {
  const rules = (text: string) => parseChecks(text, 'c.yaml').rules;

  it('passes and fails by the operator, with the actual value', () => {
    const r = evaluateChecks(rules(
      '- {name: respons, rule: "survey.staff.response_rate >= 0.40"}\n'
      + '- {name: streng, rule: "survey.staff.response_rate > 0.5"}\n'
      + '- {name: gelijk, rule: "survey.staff.respondents == 98"}\n'
      + '- {name: L1, rule: "levers.L1.excerpts >= 1"}\n'
      + '- {name: bool, rule: "crm.complete == true"}\n'
      + '- {name: kleiner, rule: "levers.L5.excerpts < 10"}\n'
      + '- {name: ongelijk, rule: "levers.L5.excerpts != 10"}\n'
      + '- {name: hoogstens, rule: "levers.L5.excerpts <= 10"}\n',
    ), metrics);
    expect(r.map((x) => [x.rule.name, x.passed])).toEqual([
      ['respons', true], ['streng', false], ['gelijk', true], ['L1', false], ['bool', true], ['kleiner', false], ['ongelijk', false], ['hoogstens', true],
    ]);
    expect(r[1]).toMatchObject({ actual: 0.42, message: 'survey.staff.response_rate is 0.42, the rule wants > 0.5' });
    expect(r[0].message).toBe('');
  });

  it('treats tiny floating-point differences as equal', () => {
    const r = evaluateChecks(rules('- {name: a, rule: "x == 0.3"}\n- {name: b, rule: "x >= 0.3"}\n'), { x: 0.1 + 0.2 });
    expect(r.map((x) => x.passed)).toEqual([true, true]);
  });

  it('fails a missing path and lists the closest existing paths', () => {
    const [r] = evaluateChecks(rules('- {name: typo, rule: "survey.staff.respons_rate >= 0.4"}\n'), metrics);
    expect(r.passed).toBe(false);
    expect(r.actual).toBeUndefined();
    expect(r.message).toContain('no metric "survey.staff.respons_rate"');
    expect(r.message).toContain('closest: survey.staff.response_rate');
  });

  it('fails a group of metrics, a null value and a type mismatch', () => {
    const r = evaluateChecks(rules('- {name: g, rule: "levers.L5 >= 1"}\n- {name: n, rule: "agreement.kappa.min >= 0.6"}\n- {name: t, rule: "crm.complete >= 1"}\n'), metrics);
    expect(r.map((x) => x.passed)).toEqual([false, false, false]);
    expect(r[0].message).toContain('is a group of metrics');
    expect(r[0].message).toContain('levers.L5.excerpts');
    expect(r[1]).toMatchObject({ actual: null, message: expect.stringContaining('has no value') });
    expect(r[2].message).toContain('true/false');
  });

  it('does not follow inherited properties', () => {
    const [r] = evaluateChecks(rules('- {name: p, rule: "levers.constructor >= 0"}\n'), metrics);
    expect(r.passed).toBe(false);
    expect(r.message).toContain('no metric "levers.constructor"');
  });

  it('lists leaf paths in tree order', () => {
    expect(metricPaths({ a: { b: 1, c: { d: true } }, e: null })).toEqual(['a.b', 'a.c.d', 'e']);
  });
});

describe('junitXml', () => {
  it('writes one testcase per rule, failures with an escaped message, no timestamps', () => {
    const { rules } = parseChecks('- {name: "ok <1>", rule: "levers.L5.excerpts >= 1"}\n- {name: "a & \\"b\\"", rule: "levers.L1.excerpts > 0"}\n', 'c.yaml');
    const xml = junitXml(evaluateChecks(rules, metrics));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
    expect(xml).toContain('<testsuite name="hefboom report checks" tests="2" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testcase name="ok &lt;1&gt;" classname="checks.levers.L5.excerpts"/>');
    expect(xml).toContain('<testcase name="a &amp; &quot;b&quot;" classname="checks.levers.L1.excerpts">');
    expect(xml).toContain('<failure message="levers.L1.excerpts is 0, the rule wants &gt; 0" type="check">rule: levers.L1.excerpts &gt; 0\nactual: 0\n');
    expect(xml).not.toMatch(/timestamp|time=/);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    expect(junitXml(evaluateChecks(rules, metrics))).toBe(xml);
  });

  it('drops characters XML cannot carry', () => {
    const { rules } = parseChecks('- {name: "bel\\u0007", rule: "x > 1"}\n', 'c.yaml');
    const xml = junitXml(evaluateChecks(rules, { x: 0 }));
    expect(xml).toContain('name="bel"');
    expect(xml).not.toContain('\u0007');
  });
});
