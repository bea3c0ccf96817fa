import { closest } from './issues.js';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  BUILTIN_FRAMEWORK_IDS,
  findNodeId,
  indexFramework,
  loadBuiltinFramework,
  parseFramework,
  withBuiltinFrameworks,
} from './framework.js';
import type { Framework } from './types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/codebooks/${name}`, import.meta.url), 'utf8');
const summary = (issues: { code: string; line?: number }[]) => issues.map((i) => `${i.code}@${i.line}`);

describe('built-in levers', () => {
  const levers = loadBuiltinFramework('levers');

  it('has the seven levers with the agreed Dutch short labels', () => {
    expect(levers.id).toBe('levers');
    expect(levers.origin).toBe('builtin');
    expect(levers.nodes.map((n) => n.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    expect(levers.nodes.every((n) => n.kind === 'lever')).toBe(true);
    expect(levers.nodes.map((n) => n.label.nl)).toEqual([
      'Visie op werkplekleren',
      'Continuïteit in mentorschap',
      'Warm en veilig leerklimaat',
      'Kenmerken van de instroom',
      'Samenwerking met opleidingen',
      'Strategieën van mentoren',
      'Pedagogische kwaliteit',
    ]);
    expect(levers.nodes[2].label.en).toBe('Warm and safe learning climate');
  });

  it('has 27 tips, 3/4/7/3/4/3/3 per lever, numbered L<n>.<k>', () => {
    expect(levers.nodes.map((n) => n.children.length)).toEqual([3, 4, 7, 3, 4, 3, 3]);
    const tips = levers.nodes.flatMap((n) => n.children);
    expect(tips).toHaveLength(27);
    for (const lever of levers.nodes) {
      expect(lever.children.map((t) => t.id)).toEqual(lever.children.map((_, k) => `${lever.id}.${k + 1}`));
    }
    expect(tips.every((t) => t.kind === 'tip' && t.children.length === 0)).toBe(true);
  });

  it('gives every lever and tip a label and a one-sentence description in both languages', () => {
    const all = levers.nodes.flatMap((n) => [n, ...n.children]);
    for (const node of all) {
      expect(node.label.nl.length, node.id).toBeGreaterThan(3);
      expect(node.label.en.length, node.id).toBeGreaterThan(3);
      for (const text of [node.description?.nl, node.description?.en]) {
        expect(text, node.id).toMatch(/^[A-Z].*\.$/);
        // One sentence: no full stop followed by a new sentence inside.
        expect(text!.slice(0, -1), node.id).not.toMatch(/\.\s+[A-Z]/);
      }
      expect(node.description?.nl).not.toBe(node.description?.en);
    }
  });

  it('returns a fresh copy each time', () => {
    const a = loadBuiltinFramework('levers');
    a.nodes[0].label.nl = 'gewijzigd';
    a.nodes.pop();
    const b = loadBuiltinFramework('levers');
    expect(b.nodes[0].label.nl).toBe('Visie op werkplekleren');
    expect(b.nodes).toHaveLength(7);
  });
});

describe('built-in memoq', () => {
  it('has exactly the six dimension ids', () => {
    const memoq = loadBuiltinFramework('memoq');
    expect(memoq.nodes.map((n) => n.id)).toEqual([
      'welbevinden',
      'betrokkenheid',
      'emotionele-ondersteuning',
      'educatieve-ondersteuning',
      'omgeving',
      'gezinnen-diversiteit',
    ]);
    expect(memoq.nodes.every((n) => n.kind === 'dimension' && n.children.length === 0)).toBe(true);
    expect(memoq.nodes[5].label).toEqual({ nl: 'Gezinnen, diversiteit en samenleving', en: 'Families, diversity and society' });
    expect(memoq.nodes.every((n) => n.description?.nl && n.description.en)).toBe(true);
  });

  it('lists both built-ins and rejects other ids', () => {
    expect([...BUILTIN_FRAMEWORK_IDS]).toEqual(['levers', 'memoq']);
    expect(() => loadBuiltinFramework('ceelen')).toThrow(/no built-in framework "ceelen"/);
  });
});

describe('indexFramework', () => {
  it('indexes levers and tips with their top-level node, depth and parent', () => {
    const index = indexFramework(loadBuiltinFramework('levers'));
    expect(index.size).toBe(34);
    expect(index.get('L3.2')).toMatchObject({ topId: 'L3', depth: 1, parentId: 'L3' });
    expect(index.get('L3')).toMatchObject({ topId: 'L3', depth: 0 });
    expect(index.get('L3')!.parentId).toBeUndefined();
    expect(index.get('L7.3')!.node.kind).toBe('tip');
    expect(index.get('L1')!.order).toBeLessThan(index.get('L1.1')!.order);
    expect(index.get('L1.3')!.order).toBeLessThan(index.get('L2')!.order);
  });

  it('rolls deeper nodes up to the top-level node', () => {
    const { framework } = parseFramework(
      'id: drie\nlabel: Drie niveaus\nnodes:\n  - id: a\n    children:\n      - id: a1\n        children:\n          - id: a1x\n',
      'drie.yaml',
    );
    const index = indexFramework(framework!);
    expect(index.get('a1x')).toMatchObject({ topId: 'a', depth: 2, parentId: 'a1' });
  });
});

describe('findNodeId', () => {
  it('matches exactly, then case-insensitively', () => {
    const index = indexFramework(loadBuiltinFramework('levers'));
    expect(findNodeId(index, 'L3')).toBe('L3');
    expect(findNodeId(index, 'l3.2')).toBe('L3.2');
    expect(findNodeId(index, 'L8')).toBeUndefined();
  });
});

describe('parseFramework', () => {
  it('reads the Ceelen user framework with both label forms', () => {
    const { framework, issues } = parseFramework(fixture('ceelen.yaml'), 'frameworks/ceelen.yaml');
    expect(issues).toEqual([]);
    expect(framework!.id).toBe('ceelen');
    expect(framework!.origin).toBe('frameworks/ceelen.yaml');
    expect(framework!.label).toEqual({ nl: 'Mentorpraktijken (Ceelen)', en: 'Mentor practices (Ceelen)' });
    expect(framework!.nodes.map((n) => n.id)).toEqual(['tonen', 'toevertrouwen', 'participatie']);
    expect(framework!.nodes[0].label).toEqual({ nl: 'Tonen', en: 'Showing' });
    // A plain string is used for both languages.
    expect(framework!.nodes[2].label).toEqual({ nl: 'Participatie stimuleren', en: 'Participatie stimuleren' });
    expect(framework!.nodes[1].description).toEqual({
      nl: 'Handing real tasks and responsibility to the learner.',
      en: 'Handing real tasks and responsibility to the learner.',
    });
    expect(framework!.nodes[0].kind).toBe('perspective');
  });

  it('accepts bare strings as nodes and uses the id as label', () => {
    const { framework, issues } = parseFramework('id: mentes\nlabel: Trajecttypes\nnodes: ["1", "2", zelfgekozen]\n', 'mentes.yaml');
    expect(issues).toEqual([]);
    expect(framework!.nodes.map((n) => [n.id, n.label.en])).toEqual([
      ['1', '1'],
      ['2', '2'],
      ['zelfgekozen', 'zelfgekozen'],
    ]);
  });

  it('reports every problem of a broken framework with its line', () => {
    const { framework, issues } = parseFramework(fixture('broken-framework.yaml'), 'broken-framework.yaml');
    expect(summary(issues)).toEqual([
      'invalid-framework-id@1',
      'unknown-key@3',
      'unknown-key@7',
      'duplicate-node@10',
      'missing-field@11',
    ]);
    expect(issues.every((i) => i.severity === 'error' && i.file === 'broken-framework.yaml')).toBe(true);
    expect(issues[1]).toMatchObject({ field: 'nodse', message: 'unknown key "nodse" in the framework' });
    expect(issues[1].hint).toMatch(/^did you mean "nodes"\?/);
    expect(issues[2].hint).toMatch(/^did you mean "kind"\?/);
    expect(issues[3].message).toBe('duplicate node id "tonen" (first defined on line 5)');
    // The usable part is still returned; callers decide by the errors.
    expect(framework!.nodes.map((n) => n.id)).toEqual(['tonen', 'toevertrouwen']);
    expect(framework!.nodes[1].children).toEqual([]);
  });

  it('reports a YAML syntax error with line and column and returns no framework', () => {
    const { framework, issues } = parseFramework('id: x\nnodes:\n  - id: a\n    label: [open\n  - id: b\n', 'x.yaml');
    expect(framework).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'yaml-syntax', line: 5, column: 3, severity: 'error' });
  });

  it('requires an id and a nodes list', () => {
    const noId = parseFramework('label: Iets\nnodes: [a]\n', 'a.yaml');
    expect(noId.framework).toBeUndefined();
    expect(noId.issues.map((i) => [i.code, i.field, i.line])).toEqual([['missing-field', 'id', 1]]);

    const noNodes = parseFramework('id: iets\nlabel: Iets\n', 'b.yaml');
    expect(noNodes.framework).toBeUndefined();
    expect(noNodes.issues.map((i) => [i.code, i.field])).toEqual([['missing-field', 'nodes']]);

    const notList = parseFramework('id: iets\nnodes: a\n', 'c.yaml');
    expect(notList.issues.map((i) => [i.code, i.line, i.message])).toEqual([['missing-field', 2, '`nodes:` must be a list']]);

    const empty = parseFramework('id: iets\nnodes: []\n', 'd.yaml');
    expect(empty.framework!.nodes).toEqual([]);
    expect(empty.issues.map((i) => i.code)).toEqual(['framework-shape']);

    const list = parseFramework('- id: a\n', 'e.yaml');
    expect(list.framework).toBeUndefined();
    expect(list.issues.map((i) => i.code)).toEqual(['framework-shape']);
  });

  it('rejects invalid node ids, numeric ids that lost digits, unknown languages and bad children', () => {
    const text = [
      'id: iets', //                1
      'nodes:', //                  2
      '  - id: met spatie', //      3
      '  - id: 1.10', //            4
      '  - id: b', //               5
      '    label: { nl: B, fr: B }', // 6
      '  - id: c', //               7
      '    children: c1', //        8
      '  - id: d.', //              9
      '  - id: "e:f"', //           10
    ].join('\n');
    const { issues } = parseFramework(text, 'f.yaml');
    expect(issues.map((i) => `${i.code}@${i.line}`)).toEqual([
      'invalid-node-id@3',
      'invalid-value@4',
      'unknown-key@6',
      'framework-shape@8',
      'invalid-node-id@9',
      'invalid-node-id@10',
    ]);
    expect(issues[1].hint).toContain('id: "1.1"');
  });

  it('checks the framework id pattern', () => {
    for (const bad of ['Ceelen', '1abc', 'esf_drempels']) {
      const { issues } = parseFramework(`id: ${bad}\nnodes: [a]\n`, 'g.yaml');
      expect(issues.map((i) => i.code), bad).toEqual(['invalid-framework-id']);
    }
    expect(parseFramework('id: esf-drempels2\nnodes: [a]\n', 'g.yaml').issues).toEqual([]);
  });
});

describe('closest (key suggestions)', () => {
  it('prefers swapped letters over edit distance', () => {
    expect(closest('kidn', ['id', 'kind'], 1)[0]).toBe('kind');
    expect(closest('lable', ['id', 'label'], 1)[0]).toBe('label');
    expect(closest('leverz', ['levers', 'memoq'], 1)[0]).toBe('levers');
    expect(closest('zzzzzzzz', ['id'], 1)[0]).toBeUndefined();
  });
});

describe('withBuiltinFrameworks', () => {
  it('adds levers and memoq without replacing given frameworks', () => {
    const own: Framework = { id: 'levers', label: { nl: 'Eigen', en: 'Own' }, nodes: [], origin: 'x.yaml' };
    const all = withBuiltinFrameworks(new Map([['levers', own]]));
    expect([...all.keys()]).toEqual(['levers', 'memoq']);
    expect(all.get('levers')).toBe(own);
    expect(all.get('memoq')!.nodes).toHaveLength(6);
  });
});
