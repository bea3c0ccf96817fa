import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CodeIndex, frameworkRef, parseCodebook, parseFrameworkRef } from './codebook.js';
import { parseFramework } from './framework.js';
import type { Codebook, Framework } from './types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/codebooks/${name}`, import.meta.url), 'utf8');
const ceelen = parseFramework(fixture('ceelen.yaml'), 'frameworks/ceelen.yaml').framework!;
const withCeelen = () => new Map<string, Framework>([['ceelen', ceelen]]);
const summary = (issues: { code: string; line?: number }[]) => issues.map((i) => `${i.code}@${i.line}`);

function parse(text: string, frameworks = withCeelen(), lenient = false) {
  return parseCodebook(text, 'codebook.yaml', frameworks, { lenient });
}

describe('parseCodebook: the DESIGN.md example', () => {
  const { codebook, issues } = parse(fixture('codebook.yaml'));
  const byId = new Map(codebook.codes.map((c) => [c.id, c]));

  it('reads all codes in file order with their lines and no issues', () => {
    expect(issues).toEqual([]);
    expect(codebook.version).toBe('2');
    expect(codebook.path).toBe('codebook.yaml');
    expect(codebook.codes.map((c) => [c.id, c.line])).toEqual([
      ['startprofiel', 4],
      ['feedback', 7],
      ['feedback-uitstellen', 12],
      ['voordoen', 16],
      ['duiding-ontbreekt', 20],
      ['benoemen', 23],
    ]);
  });

  it('takes hierarchy from nesting and from parent:', () => {
    expect(byId.get('feedback-uitstellen')!.parent).toBe('feedback');
    expect(byId.get('duiding-ontbreekt')!.parent).toBe('voordoen');
    expect(byId.get('feedback')!.parent).toBeUndefined();
  });

  it('keeps framework mappings, facets, keywords and aliases', () => {
    expect(byId.get('feedback')!.frameworks).toEqual({ levers: ['L3'], memoq: ['emotionele-ondersteuning'] });
    expect(byId.get('benoemen')!.frameworks).toEqual({ memoq: ['educatieve-ondersteuning'], ceelen: ['tonen'] });
    expect(byId.get('feedback-uitstellen')).toMatchObject({
      label: 'Negatieve feedback uitstellen',
      facet: 'uitdaging',
      keywords: ['later zeggen', 'niet durven zeggen'],
      frameworks: {},
    });
    expect(byId.get('voordoen')!.aliases).toEqual(['modeling', 'tonen']);
  });
});

describe('CodeIndex roll-up', () => {
  const idx = new CodeIndex(parse(fixture('codebook.yaml')).codebook, withCeelen());

  it('counts a child for itself and its ancestors', () => {
    expect(idx.codesFor('feedback-uitstellen')).toEqual(['feedback-uitstellen', 'feedback']);
    expect(idx.ancestors('duiding-ontbreekt')).toEqual(['duiding-ontbreekt', 'voordoen']);
    expect(idx.codesFor('startprofiel')).toEqual(['startprofiel']);
    expect(idx.codesFor('fw:levers:L3')).toEqual([]);
  });

  it('inherits framework mappings from ancestors', () => {
    expect(idx.nodesFor('feedback-uitstellen', 'levers')).toEqual(['L3']);
    expect(idx.nodesFor('feedback-uitstellen', 'memoq')).toEqual(['emotionele-ondersteuning']);
    expect(idx.nodesFor('duiding-ontbreekt', 'levers')).toEqual(['L6']);
    expect(idx.nodesFor('benoemen', 'ceelen')).toEqual(['tonen']);
    expect(idx.nodesFor('benoemen', 'levers')).toEqual([]);
    expect(idx.nodesFor('startprofiel', 'memoq')).toEqual([]);
  });

  it('maps direct framework tags to their (top-level) node', () => {
    expect(idx.nodesFor('fw:levers:L3.2', 'levers')).toEqual(['L3']);
    expect(idx.exactNodesFor('fw:levers:L3.2', 'levers')).toEqual(['L3.2']);
    expect(idx.nodesFor('fw:memoq:welbevinden', 'memoq')).toEqual(['welbevinden']);
    expect(idx.nodesFor('fw:memoq:welbevinden', 'levers')).toEqual([]);
  });

  it('rolls tips up to their lever, once, in framework order', () => {
    const text = [
      'codes:',
      '  - id: klimaat',
      '    levers: [L3]',
      '    children:',
      '      - id: onthaal',
      '        levers: [L3.2, l1.1]',
    ].join('\n');
    const { codebook, issues } = parse(text);
    expect(issues).toEqual([]);
    expect(codebook.codes[1].frameworks.levers).toEqual(['L3.2', 'L1.1']);
    const i = new CodeIndex(codebook, new Map());
    expect(i.nodesFor('onthaal', 'levers')).toEqual(['L1', 'L3']);
    expect(i.exactNodesFor('onthaal', 'levers')).toEqual(['L1.1', 'L3', 'L3.2']);
    // Results are shared and frozen: a caller cannot change the next answer.
    expect(() => (i.nodesFor('onthaal', 'levers') as string[]).push('X')).toThrow();
    expect(i.nodesFor('onthaal', 'levers')).toEqual(['L1', 'L3']);
  });

  it('lists children and roots in file order', () => {
    expect(idx.roots().map((c) => c.id)).toEqual(['startprofiel', 'feedback', 'voordoen', 'benoemen']);
    expect(idx.children('feedback').map((c) => c.id)).toEqual(['feedback-uitstellen']);
    expect(idx.children('voordoen').map((c) => c.id)).toEqual(['duiding-ontbreekt']);
    expect(idx.children('benoemen')).toEqual([]);
    expect(idx.code('voordoen')!.label).toBe('Voordoen (modeling)');
    expect(idx.code('nope')).toBeUndefined();
  });

  it('does not loop on a hand-built cyclic codebook', () => {
    const cyclic: Codebook = {
      codes: [
        { id: 'a', label: 'A', parent: 'b', frameworks: { levers: ['L2'] }, keywords: [], aliases: [] },
        { id: 'b', label: 'B', parent: 'a', frameworks: {}, keywords: [], aliases: [] },
      ],
    };
    const i = new CodeIndex(cyclic, new Map());
    expect(i.ancestors('a')).toEqual(['a', 'b']);
    expect(i.nodesFor('b', 'levers')).toEqual(['L2']);
  });

  it('labels codes and framework refs', () => {
    expect(idx.labelOf('feedback')).toBe('Feedback geven en krijgen');
    expect(idx.labelOf('fw:levers:L3')).toBe('Warm en veilig leerklimaat');
    expect(idx.labelOf('fw:levers:L3', 'en')).toBe('Warm and safe learning climate');
    expect(idx.labelOf('fw:ceelen:tonen', 'en')).toBe('Showing');
    expect(idx.labelOf('onbekend')).toBe('onbekend');
  });
});

describe('CodeIndex.resolveTag', () => {
  const idx = new CodeIndex(parse(fixture('codebook.yaml')).codebook, withCeelen());
  const ok = (tag: string) => {
    const r = idx.resolveTag(tag);
    return r.ok ? r.codeId : `FAIL ${r.message}`;
  };

  it('resolves levers, tips, MeMoQ dimensions and user framework nodes', () => {
    expect(ok('L3')).toBe('fw:levers:L3');
    expect(ok('l3')).toBe('fw:levers:L3');
    expect(ok('L3.2')).toBe('fw:levers:L3.2');
    expect(ok('memoq:emotionele-ondersteuning')).toBe('fw:memoq:emotionele-ondersteuning');
    expect(ok('MeMoQ:Welbevinden')).toBe('fw:memoq:welbevinden');
    expect(ok('levers:L5')).toBe('fw:levers:L5');
    expect(ok('ceelen:tonen')).toBe('fw:ceelen:tonen');
    expect(ok('fw:ceelen:toevertrouwen')).toBe('fw:ceelen:toevertrouwen');
  });

  it('resolves code ids and aliases, exact first, then ignoring case', () => {
    expect(ok('feedback-uitstellen')).toBe('feedback-uitstellen');
    expect(ok('modeling')).toBe('voordoen');
    expect(ok('tonen')).toBe('voordoen');
    expect(ok('Modeling')).toBe('voordoen');
    expect(ok('Feedback')).toBe('feedback');
  });

  it('fails with the closest ids', () => {
    const r = idx.resolveTag('feedbak');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.suggestions[0]).toBe('feedback');
    expect(r.suggestions.length).toBeLessThanOrEqual(3);
    expect(r.message).toContain('"feedbak" is not a code id or alias');

    const lever = idx.resolveTag('L8');
    expect(lever.ok).toBe(false);
    if (!lever.ok) expect(lever.suggestions).toEqual(['L1', 'L2', 'L3']);

    const alias = idx.resolveTag('modelling');
    expect(alias.ok === false && alias.suggestions[0]).toBe('modeling');
  });

  it('fails on unknown nodes and frameworks with prefixed suggestions', () => {
    const dim = idx.resolveTag('memoq:welbevindn');
    expect(dim).toEqual({ ok: false, message: '"welbevindn" is not a MeMoQ dimension', suggestions: ['memoq:welbevinden'] });
    const fw = idx.resolveTag('cealen:tonen');
    expect(fw.ok).toBe(false);
    if (!fw.ok) {
      expect(fw.suggestions).toEqual(['ceelen:tonen']);
      expect(fw.message).toContain('"cealen" is not one of ceelen, levers, memoq');
    }
    const tip = idx.resolveTag('levers:L3.9');
    expect(tip.ok).toBe(false);
    expect(idx.resolveTag('').ok).toBe(false);
  });

  it('reports a case-only clash instead of guessing', () => {
    const { codebook } = parse('codes:\n  - id: Kans\n  - id: kans\n');
    const i = new CodeIndex(codebook, new Map());
    expect(i.resolveTag('kans')).toEqual({ ok: true, codeId: 'kans' });
    const r = i.resolveTag('KANS');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestions).toEqual(['Kans', 'kans']);
  });
});

describe('CodeIndex.resolveName', () => {
  const { codebook } = parse(fixture('codebook.yaml') + '  - id: continuiteit\n    label: Continuïteit bewaken\n');
  const idx = new CodeIndex(codebook, withCeelen());
  const ok = (name: string) => {
    const r = idx.resolveName(name);
    return r.ok ? r.codeId : `FAIL ${r.message}`;
  };

  it('accepts tags, labels (case- and accent-insensitive) and framework node labels', () => {
    expect(ok('#feedback')).toBe('feedback');
    expect(ok('L2')).toBe('fw:levers:L2');
    expect(ok('Negatieve feedback uitstellen')).toBe('feedback-uitstellen');
    expect(ok('  negatieve  FEEDBACK uitstellen ')).toBe('feedback-uitstellen');
    expect(ok('continuiteit BEWAKEN')).toBe('continuiteit');
    expect(ok('Warm en veilig leerklimaat')).toBe('fw:levers:L3');
    expect(ok('Emotional support')).toBe('fw:memoq:emotionele-ondersteuning');
    expect(ok('Showing')).toBe('fw:ceelen:tonen');
  });

  it('fails with the closest names', () => {
    const r = idx.resolveName('Negatieve feedbak uitstellen');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.suggestions[0]).toBe('Negatieve feedback uitstellen');
      expect(r.message).toBe('"Negatieve feedbak uitstellen" is not a code id, alias or label in the codebook, nor a lever or framework node');
    }
  });
});

describe('parseCodebook: errors', () => {
  it('reports every error of the broken fixture at its line', () => {
    const { codebook, issues } = parse(fixture('broken-codebook.yaml'));
    expect(summary(issues)).toEqual([
      'unknown-framework-node@5',
      'unknown-framework-node@6',
      'duplicate-code@7',
      'missing-id@9',
      'duplicate-alias@11',
      'unknown-key@12',
      'duplicate-alias@14',
      'unknown-parent@16',
      'parent-cycle@20',
      'unknown-framework@22',
      'invalid-code-id@23',
    ]);
    expect(issues.every((i) => i.severity === 'error' && i.file === 'codebook.yaml')).toBe(true);
    const by = (code: string) => issues.filter((i) => i.code === code);
    expect(by('unknown-framework-node')[0].message).toBe('code "feedback": "L8" is not a lever');
    expect(by('unknown-framework-node')[1].message).toBe('code "feedback": "welzijn" is not a MeMoQ dimension');
    expect(by('unknown-framework-node')[1].hint).toContain('welbevinden');
    expect(by('duplicate-code')[0].message).toBe('code "feedback" is defined twice (lines 3 and 7)');
    expect(by('unknown-key')[0]).toMatchObject({ field: 'lever' });
    expect(by('unknown-key')[0].hint).toMatch(/^did you mean "levers"\?/);
    expect(by('unknown-parent')[0].hint).toBe('did you mean "voordoen"?');
    expect(by('parent-cycle')[0].message).toContain('a → b → a');
    expect(by('unknown-framework')[0].hint).toContain('did you mean "ceelen"?');
    expect(by('unknown-framework')[0].hint).toContain('`frameworks:` in hefboom.yaml');
    expect(by('duplicate-alias').map((i) => i.message)).toEqual([
      'code "voordoen": alias "feedback" is the id of another code (line 3)',
      'code "tonen-en-zeggen": alias "modeling" is also an alias of code "voordoen" (line 10)',
    ]);

    // What is left is consistent: first definitions kept, bad links and nodes dropped.
    expect(codebook.codes.map((c) => c.id)).toEqual(['feedback', 'voordoen', 'tonen-en-zeggen', 'wees', 'a', 'b', 'benoemen', '1e-indruk']);
    const byId = new Map(codebook.codes.map((c) => [c.id, c]));
    expect(byId.get('feedback')!.frameworks).toEqual({ levers: ['L3'] });
    expect(byId.get('feedback')!.label).toBe('Feedback');
    expect(byId.get('wees')!.parent).toBeUndefined();
    expect(byId.get('a')!.parent).toBe('b');
    expect(byId.get('b')!.parent).toBeUndefined();
    expect(byId.get('voordoen')!.aliases).toEqual(['modeling']);
    expect(byId.get('tonen-en-zeggen')!.aliases).toEqual([]);
  });

  it('turns the same problems into warnings when lenient', () => {
    const strict = parse(fixture('broken-codebook.yaml'));
    const lenient = parse(fixture('broken-codebook.yaml'), withCeelen(), true);
    expect(summary(lenient.issues)).toEqual(summary(strict.issues));
    expect(lenient.issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(lenient.codebook.codes.length).toBe(8);
  });

  it('reports YAML syntax errors with line and column, even when lenient', () => {
    const { codebook, issues } = parse(fixture('broken-syntax.yaml'), withCeelen(), true);
    expect(codebook.codes).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error', line: 5, column: 3 });
  });

  it('requires a list under codes:', () => {
    expect(summary(parse('version: 3\n').issues)).toEqual(['codebook-shape@1']);
    expect(summary(parse('').issues)).toEqual(['codebook-shape@1']);
    const notList = parse('version: 3\ncodes: feedback\n').issues;
    expect(summary(notList)).toEqual(['codebook-shape@2']);
    expect(notList[0].message).toBe('`codes:` must be a list of codes');
    expect(notList[0].severity).toBe('error');
  });

  it('flags unknown top-level keys', () => {
    const { issues } = parse('verison: 2\ncodes:\n  - id: a\n');
    expect(issues.map((i) => [i.code, i.line, i.field, i.hint?.slice(0, 24)])).toEqual([['unknown-key', 1, 'verison', 'did you mean "version"? ']]);
  });

  it('flags a framework that is not loaded and an unknown node of a loaded one', () => {
    const noCeelen = parse(fixture('codebook.yaml'), new Map());
    expect(summary(noCeelen.issues)).toEqual(['unknown-framework@26']);
    expect(noCeelen.codebook.codes.find((c) => c.id === 'benoemen')!.frameworks).toEqual({ memoq: ['educatieve-ondersteuning'] });

    const badNode = parse('codes:\n  - id: a\n    frameworks:\n      ceelen:\n        - tonen\n        - tonne\n');
    expect(summary(badNode.issues)).toEqual(['unknown-framework-node@6']);
    expect(badNode.issues[0].message).toBe('code "a": "tonne" is not a node of framework "ceelen"');
    expect(badNode.issues[0].hint).toMatch(/^did you mean "tonen"/);
    expect(badNode.codebook.codes[0].frameworks).toEqual({ ceelen: ['tonen'] });
  });

  it('accepts a scalar lever and merges frameworks.levers with levers:', () => {
    const { codebook, issues } = parse('codes:\n  - id: a\n    levers: L2\n    frameworks: { levers: [L2, L4.1] }\n');
    expect(issues).toEqual([]);
    expect(codebook.codes[0].frameworks).toEqual({ levers: ['L2', 'L4.1'] });
  });

  it('checks code ids', () => {
    const text = [
      'codes:', //                          1
      '  - id: feedback uitstellen', //     2
      '  - id: fout.', //                   3
      '  - id: L3', //                      4
      '  - id: thema/sub.deel_2', //        5
      '  - id: été', //                     6
    ].join('\n');
    const { issues } = parse(text);
    expect(summary(issues)).toEqual(['invalid-code-id@2', 'invalid-code-id@3', 'reserved-id@4']);
  });

  it('reports a parent that disagrees with the nesting, and a code that is its own parent', () => {
    const text = [
      'codes:', //                  1
      '  - id: a', //               2
      '  - id: b', //               3
      '    children:', //           4
      '      - id: c', //           5
      '        parent: a', //       6
      '  - id: d', //               7
      '    parent: d', //           8
    ].join('\n');
    const { codebook, issues } = parse(text);
    expect(summary(issues)).toEqual(['parent-conflict@6', 'parent-cycle@8']);
    expect(codebook.codes.find((c) => c.id === 'c')!.parent).toBe('b');
    expect(codebook.codes.find((c) => c.id === 'd')!.parent).toBeUndefined();
  });

  it('lets parent: point into nested codes and accepts bare strings as codes', () => {
    const text = 'codes:\n  - id: a\n    children: [b]\n  - id: c\n    parent: b\n  - d\n';
    const { codebook, issues } = parse(text);
    expect(issues).toEqual([]);
    expect(codebook.codes.map((c) => [c.id, c.parent ?? null, c.label])).toEqual([
      ['a', null, 'a'],
      ['b', 'a', 'b'],
      ['c', 'b', 'c'],
      ['d', null, 'd'],
    ]);
    expect(new CodeIndex(codebook, new Map()).codesFor('c')).toEqual(['c', 'b', 'a']);
  });

  it('flags values of the wrong shape', () => {
    const text = [
      'codes:', //                          1
      '  - id: a', //                       2
      '    keywords: { x: 1 }', //          3
      '    label: [A]', //                  4
      '    aliases: [ok, [nested]]', //     5
      '    frameworks: [ceelen]', //        6
      '    children: b', //                 7
    ].join('\n');
    const { codebook, issues } = parse(text);
    expect(summary(issues)).toEqual(['invalid-value@3', 'invalid-value@4', 'invalid-value@5', 'invalid-value@6', 'codebook-shape@7']);
    expect(codebook.codes[0]).toMatchObject({ label: 'a', keywords: [], aliases: ['ok'] });
  });
});

describe('framework refs', () => {
  it('round-trips fw: refs', () => {
    expect(frameworkRef('levers', 'L3.2')).toBe('fw:levers:L3.2');
    expect(parseFrameworkRef('fw:levers:L3.2')).toEqual({ framework: 'levers', node: 'L3.2' });
    expect(parseFrameworkRef('feedback')).toBeUndefined();
    expect(parseFrameworkRef('fw:levers')).toBeUndefined();
  });
});
