import { describe, expect, it } from 'vitest';
import { detach, parseFlatYaml, parseYaml, unknownKeyIssue } from './yaml.js';

describe('parseYaml', () => {
  it('reports syntax errors with line and column', () => {
    const y = parseYaml('a: 1\nb: [x\nc: 2\n', 'f.yaml');
    expect(y.issues).toHaveLength(1);
    expect(y.issues[0]).toMatchObject({ file: 'f.yaml', line: 3, column: 1, code: 'yaml-syntax' });
    expect(y.issues[0].message).not.toMatch(/at line/);
  });
  it('gives lines of nested keys', () => {
    const y = parseYaml('name: x\nsources:\n  - path: a\n    formt: b\n', 'p.yaml');
    expect(y.keyLineOf(['sources', 0, 'formt'])).toBe(4);
    const i = unknownKeyIssue('p.yaml', y, ['sources', 0, 'formt'], 'formt', ['path', 'format'], 'in source 1');
    expect(i).toMatchObject({ line: 4, field: 'formt', code: 'unknown-key' });
    expect(i.hint).toMatch(/^did you mean "format"\?/);
  });
});

describe('parseFlatYaml agrees with the full parser or declines', () => {
  const samples = [
    'id: ko3-focusgroep-1\nsite: KO3\nyear: 2\nsource_type: focusgroep\ndate: 2023-03-14\n',
    'id: a\r\nsite: KO1\r\n',
    'name: Werkplekleren kinderopvang (jaar 2)\n',
    'site: Sint-Niklaas\n\nyear: 10\n',
    'year: 2.0\n', 'year: 007\n', 'hex: 0x1F\n', 'exp: 1e3\n', 'flag: yes\n', 'flag: true\n', 'n: null\n',
    'id: "quoted"\n', 'list: [a, b]\n', 'map: {a: b}\n', 'x: a # comment\n', 'x: a: b\n', '- a\n', 'a: 1\na: 2\n',
    'speakers:\n  Sofie: kinderbegeleider\n', 'x: ~\n', 'x: -5\n', 'x: .5\n', "x: O'Neill\n", 'x: @home\n',
  ];
  for (const s of samples) {
    it(JSON.stringify(s), () => {
      const fast = parseFlatYaml(s);
      if (fast === null) return; // declined: the full parser decides
      const full = parseYaml(s, 'f');
      expect(full.issues).toEqual([]);
      expect(fast.value).toEqual(full.value);
      for (const k of Object.keys(fast.value as object)) expect(fast.keyLineOf([k])).toBe(full.keyLineOf([k]));
    });
  }
  it('takes the common front matter and declines the tricky ones', () => {
    expect(parseFlatYaml(samples[0])).not.toBeNull();
    for (const s of ['year: 2.0\n', 'hex: 0x1F\n', 'flag: yes\n', 'x: a # comment\n', 'id: "quoted"\n', 'a: 1\na: 2\n']) expect(parseFlatYaml(s)).toBeNull();
  });
});

describe('detach', () => {
  it('returns an equal string', () => {
    const big = 'x'.repeat(100000) + 'ko3-focusgroep-1';
    expect(detach(big.slice(100000))).toBe('ko3-focusgroep-1');
  });
});
