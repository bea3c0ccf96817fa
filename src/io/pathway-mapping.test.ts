import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../model/types.js';
import { ESF_PHASES, EXIT_KIND, INITIATIVE, OUTCOMES } from '../model/pathways.js';
import { BUILTIN_REASONS } from '../model/pathway-reasons.js';
import { parseDay } from './cells.js';
import { loadPathwayMapping, parsePathwayMapping, spellingKey } from './pathway-mapping.js';
import { parseYaml } from './yaml.js';

const load = (text: string, layout?: 'person' | 'event') => parsePathwayMapping(parseYaml(text, 'register-mapping.yaml'), 'register-mapping.yaml', layout);
const errors = (r: { issues: InputIssue[] }) => r.issues.filter((i) => i.severity === 'error');
const warnings = (r: { issues: InputIssue[] }) => r.issues.filter((i) => i.severity === 'warning');
const reasonIndex = (id: string) => BUILTIN_REASONS.findIndex((r) => r.id === id);

describe('the built-in reason codebook (seed 001)', () => {
  it('has the eight non-entry reasons (L1953-1971) and the eight dropout categories (L4298-4360)', () => {
    expect(BUILTIN_REASONS.filter((r) => r.kind === 'instap').map((r) => r.id)).toEqual([
      'taal-te-laag', 'sterk-genoeg-regulier', 'niet-sterk-genoeg', 'andere-interesse', 'financiele-gezinsdrempels',
      'mentale-gezondheid', 'gezondheid', 'zwangerschap-voor-start',
    ]);
    expect(BUILTIN_REASONS.filter((r) => r.kind === 'uitval').map((r) => r.id)).toEqual([
      'competenties-taal', 'gezondheid-uitval', 'zwangerschap', 'financieel-tewerkstelling', 'verkeerde-verwachtingen',
      'combinatie-gezin', 'veranderingen-thuissituatie', 'andere',
    ]);
  });

  it('maps levers: most to L4, wrong expectations to L1 and L5, the mixed "andere" to none', () => {
    for (const r of BUILTIN_REASONS) for (const l of r.levers) expect(l).toMatch(/^L[1-7]$/);
    expect(BUILTIN_REASONS.filter((r) => r.levers.join() === 'L4')).toHaveLength(14);
    expect(BUILTIN_REASONS[reasonIndex('verkeerde-verwachtingen')].levers).toEqual(['L1', 'L5']);
    expect(BUILTIN_REASONS[reasonIndex('andere')].levers).toEqual([]);
    for (const r of BUILTIN_REASONS) {
      expect(r.label.nl.length).toBeGreaterThan(0);
      expect(r.label.en.length).toBeGreaterThan(0);
    }
  });

  it('names no spelling twice within a kind (ids, labels and aliases compared as spelling keys)', () => {
    for (const kind of ['instap', 'uitval'] as const) {
      const owner = new Map<string, string>();
      for (const r of BUILTIN_REASONS.filter((x) => x.kind === kind)) {
        for (const s of new Set([r.id, r.label.nl, r.label.en, ...r.aliases].map(spellingKey))) {
          expect(owner.get(s) ?? r.id, `"${s}" in ${kind}`).toBe(r.id);
          owner.set(s, r.id);
        }
      }
    }
  });
});

describe('spellingKey', () => {
  it('folds case and accents and treats - _ / and spaces alike', () => {
    expect(spellingKey('Financiële  drempels')).toBe('financiele drempels');
    expect(spellingKey('Competenties/taal')).toBe('competenties taal');
    expect(spellingKey('taal-te_laag.')).toBe('taal te laag');
    expect(spellingKey(' HERORIËNTATIE ')).toBe('herorientatie');
  });
});

describe('parsePathwayMapping', () => {
  it('reads the full schema (person layout)', () => {
    const r = load([
      'person: Cursist-ID',
      'partnership: Partnerschap',
      'cohort: Startmaand',
      'phases:',
      '  toeleiding: Datum doorverwijzing',
      '  opleiding: Start opleiding',
      '  intake: Datum intake',
      'exit:',
      '  phase: Fase uitval',
      '  date: Datum uitval',
      '  initiative: Initiatief',
      '  kind: Soort',
      '  reasons: [Reden 1, Reden 2]',
      '  values:',
      '    initiative: { own: [Zelf gestopt], "Advies trio": geadviseerd }',
      '    kind: { pauze: Tijdelijk }',
      '    phase: { Screening: intake }',
      'reasons:',
      '  taal-te-laag: [NT2 niveau 1]',
      '  verhuis: { label: Verhuisd, kind: uitval, levers: [l4], aliases: [verhuisd naar elders] }',
      'outcome: { column: Uitstroom, values: { "Werk in kinderopvang": job-kinderopvang, nog-niet: [Zoekt werk] } }',
      'profile:',
      '  sex: Geslacht',
      '  age: Leeftijd',
      'attributes: [Trajectvariant, 2]',
      'data_end: 2023-12-31',
    ].join('\n'), 'person');
    expect(errors(r)).toEqual([]);
    const m = r.mapping!;
    expect(m).toMatchObject({ person: 'Cursist-ID', partnership: 'Partnerschap', cohort: 'Startmaand', profile: { sex: 'Geslacht', age: 'Leeftijd' }, attributes: ['Trajectvariant', '2'], outcome: 'Uitstroom' });
    expect(m.phases.map((p) => p.id)).toEqual(ESF_PHASES.map((p) => p.id));
    expect(m.startPhase).toBe(5);
    // In phase order, whatever the order in the file.
    expect(m.phaseColumns).toEqual([{ phase: 0, column: 'Datum doorverwijzing' }, { phase: 2, column: 'Datum intake' }, { phase: 5, column: 'Start opleiding' }]);
    expect(m.exit).toEqual({ phase: 'Fase uitval', date: 'Datum uitval', initiative: 'Initiatief', kind: 'Soort', reasons: ['Reden 1', 'Reden 2'] });
    expect(m.initiativeSpellings.get('zelf gestopt')).toBe(INITIATIVE.own);
    expect(m.initiativeSpellings.get('advies trio')).toBe(INITIATIVE.advised);
    expect(m.initiativeSpellings.get('eigen keuze')).toBe(INITIATIVE.own);
    expect(m.kindSpellings.get('tijdelijk')).toBe(EXIT_KIND.pause);
    expect(m.kindSpellings.get('definitief')).toBe(EXIT_KIND.definitive);
    expect(m.phaseSpellings.get('screening')).toBe(2);
    expect(m.phaseSpellings.get('opleiding en werkplekleren')).toBe(5);
    expect(m.phaseSpellings.get('trial placement')).toBe(3);
    expect(m.outcomeSpellings.get('werk in kinderopvang')).toBe(OUTCOMES.indexOf('job-kinderopvang'));
    expect(m.outcomeSpellings.get('zoekt werk')).toBe(OUTCOMES.indexOf('nog-niet'));
    expect(m.outcomeSpellings.get('verder studeren')).toBe(OUTCOMES.indexOf('verder-studeren'));
    // A built-in reason gains an alias; a new reason joins the codebook.
    expect(m.reasons).toHaveLength(BUILTIN_REASONS.length + 1);
    expect(m.reasons[reasonIndex('taal-te-laag')].aliases).toContain('NT2 niveau 1');
    expect(m.reasonSpellings.get('nt2 niveau 1')).toEqual([reasonIndex('taal-te-laag'), -1]);
    expect(m.reasons.at(-1)).toEqual({ id: 'verhuis', label: { nl: 'Verhuisd', en: 'Verhuisd' }, kind: 'uitval', levers: ['L4'], aliases: ['verhuisd naar elders'] });
    // "gezondheid" names one reason of each kind; the reader picks by the phase left in.
    expect(m.reasonSpellings.get('gezondheid')).toEqual([reasonIndex('gezondheid'), reasonIndex('gezondheid-uitval')]);
    expect(m.dataEnd).toBe(parseDay('2023-12-31'));
    expect(m.lines).toMatchObject({ person: 1, 'phases.opleiding': 6, 'exit.reasons.1': 13, 'profile.age': 24 });
  });

  it('reads the event layout with register spellings and exit values', () => {
    const r = load([
      'person: ID',
      'events:',
      '  phase: Fase',
      '  date: Datum',
      '  values: { "Intakegesprek": intake, opleiding: [Start opleiding, Gestart] }',
      '  exit: [Stopzetting, Uitval]',
    ].join('\n'), 'event');
    expect(errors(r)).toEqual([]);
    const m = r.mapping!;
    expect(m.events).toEqual({ phase: 'Fase', date: 'Datum', exit: new Set(['stopzetting', 'uitval']) });
    expect(m.phaseSpellings.get('intakegesprek')).toBe(2);
    expect(m.phaseSpellings.get('gestart')).toBe(5);
    expect(m.phaseColumns).toEqual([]);
  });

  it('takes a profile field as a column, or as { column, levels } with the order of its values', () => {
    const m = load('person: ID\nprofile:\n  sex: Geslacht\n  education: { column: Opleiding, levels: [laag, midden, hoog] }');
    expect(errors(m)).toEqual([]);
    expect(m.mapping!.profile).toEqual({ sex: 'Geslacht', education: 'Opleiding' });
    expect(m.mapping!.profileLevels).toEqual({ education: ['laag', 'midden', 'hoog'] });
    expect(errors(load('person: ID\nprofile:\n  education: { levels: [laag] }'))).toMatchObject([{ code: 'missing-key', line: 3 }]);
    expect(errors(load('person: ID\nprofile:\n  education: { column: Opleiding, levels: laag }'))).toMatchObject([{ code: 'bad-value', line: 3 }]);
  });

  it('takes its own phase list, with the start of training and the qualification marked or found as `opleiding` and `kwalificatie`', () => {
    const own = load('person: ID\nphase_list:\n  - { id: aanmelding, label: Aanmelding }\n  - { id: start, label: { nl: Start, en: Start }, start: true }\n  - { id: nazorg, label: Nazorg, optional: true }\nphases: { start: Begin }');
    expect(errors(own)).toEqual([]);
    expect(own.mapping!.phases).toEqual([
      { id: 'aanmelding', label: { nl: 'Aanmelding', en: 'Aanmelding' }, optional: false },
      { id: 'start', label: { nl: 'Start', en: 'Start' }, optional: false },
      { id: 'nazorg', label: { nl: 'Nazorg', en: 'Nazorg' }, optional: true },
    ]);
    expect(own.mapping!.startPhase).toBe(1);
    expect(load('person: ID\nphase_list: [intake, opleiding, einde]').mapping!.startPhase).toBe(1);
    expect(load('person: ID\nphase_list: [intake, einde]').mapping!.startPhase).toBe(-1);
    expect(own.mapping!.qualificationPhase).toBe(-1);
    expect(load('person: ID').mapping!.qualificationPhase).toBe(6);
    const attest = load('person: ID\nphase_list:\n  - intake\n  - { id: start, start: true }\n  - { id: attest, label: Attest, qualification: true }\n  - werk');
    expect(errors(attest)).toEqual([]);
    expect([attest.mapping!.startPhase, attest.mapping!.qualificationPhase]).toEqual([1, 2]);
    expect(load('person: ID\nphase_list: [intake, opleiding, kwalificatie]').mapping!.qualificationPhase).toBe(2);
    const before = load('person: ID\nphase_list:\n  - { id: attest, qualification: true }\n  - { id: start, start: true }');
    expect(errors(before)).toMatchObject([{ code: 'bad-value', message: expect.stringContaining('must come after the start of training') }]);
    const dup = load('person: ID\nphase_list:\n  - intake\n  - intake');
    expect(errors(dup)).toMatchObject([{ line: 4, message: expect.stringContaining('"intake" appears twice') }]);
  });

  it('names an unknown key with its line and the closest key, at every level', () => {
    const r = load('person: ID\nphasse: { intake: Intake }\nexit:\n  datum: Datum uitval\nprofile:\n  gender: Geslacht\nreasons:\n  verhuis: { label: Verhuisd, knd: uitval }');
    expect(errors(r).map((i) => [i.code, i.line, i.field, /did you mean "(.*?)"/.exec(i.hint ?? '')?.[1] ?? null])).toEqual([
      ['unknown-key', 2, 'phasse', 'phases'],
      ['unknown-key', 4, 'datum', 'date'],
      ['unknown-key', 6, 'gender', null],
      ['unknown-key', 8, 'knd', 'kind'],
      ['bad-value', 8, 'verhuis', null],
    ]);
    expect(errors(r)[2].hint).toContain('sex, age, education');
    expect(r.mapping).toBeUndefined();
  });

  it('rejects phase ids that are not in the phase list, with the line and the closest phase', () => {
    const r = load('person: ID\nphases:\n  intke: Datum intake\n  opleiding: Start\nevents:\n  phase: Fase\n  date: Datum\n  values: { Intakegesprek: intaek }\nexit:\n  values:\n    phase: { Screening: intak }');
    expect(errors(r).map((i) => [i.code, i.line, /did you mean "(.*?)"/.exec(i.hint ?? '')?.[1] ?? null])).toEqual([
      ['unknown-phase', 3, 'intake'],
      ['unknown-phase', 8, 'intake'],
      ['unknown-phase', 11, 'intake'],
    ]);
    expect(errors(r)[0].message).toBe('phase "intke" under `phases:` is not in the phase list');
    expect(errors(r)[0].hint).toContain('toeleiding, infosessie, intake');
    // With an own phase list, ESF ids are unknown.
    const own = load('person: ID\nphase_list: [aanmelding, start]\nphases: { opleiding: Start }');
    expect(errors(own)).toMatchObject([{ code: 'unknown-phase', line: 3, hint: expect.stringContaining('aanmelding, start') }]);
  });

  it('requires person:, and phases: or events: as the layout needs', () => {
    expect(errors(load('partnership: P\nphases: { intake: I }'))).toMatchObject([{ code: 'missing-key', field: 'person', message: expect.stringContaining('no `person:`') }]);
    expect(errors(load('person: "  "'))).toMatchObject([{ code: 'bad-value', field: 'person' }]);
    expect(errors(load('person: ID', 'person'))).toMatchObject([{ code: 'missing-key', message: expect.stringContaining('needs `phases:`') }]);
    expect(errors(load('person: ID', 'event'))).toMatchObject([{ code: 'missing-key', message: expect.stringContaining('needs `events:`') }]);
    expect(errors(load('person: ID\nevents: { phase: Fase }', 'event'))).toMatchObject([{ code: 'missing-key', message: expect.stringContaining('no `date:`') }]);
    // The other layout's key is only a warning.
    const w = load('person: ID\nphases: { intake: I }\nevents: { phase: F, date: D }', 'person');
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toMatchObject([{ code: 'events-ignored', line: 3 }]);
    // Without a layout (a mapping checked on its own) neither is required.
    expect(errors(load('person: ID'))).toEqual([]);
  });

  it('checks reasons: kind, levers, aliases of unknown reasons, spellings given to two reasons', () => {
    const r = load([
      'person: ID',
      'reasons:',
      '  nieuw: { label: Nieuw }',
      '  raar: { kind: soms }',
      '  hefboom: { kind: uitval, levers: [L8] }',
      '  taal-te-hoog: [te goed]',
      '  botsing: { kind: instap, aliases: [NT2 te laag] }',
    ].join('\n'));
    expect(errors(r)).toMatchObject([
      { line: 3, field: 'nieuw', message: 'the new reason "nieuw" has no `kind:`' },
      { line: 4, field: 'raar', message: expect.stringContaining('`kind` of reason "raar" must be instap') },
      { line: 5, field: 'hefboom', message: '"L8" in the levers of reason "hefboom" is not a lever' },
      { line: 6, field: 'taal-te-hoog', message: expect.stringContaining('"taal-te-hoog" under `reasons:` is not a built-in reason') },
      { line: 7, field: 'botsing', message: 'the spelling "NT2 te laag" names two instap reasons: "taal-te-laag" and "botsing"' },
    ]);
    expect(errors(r)[3].hint).toContain('did you mean "taal-te-laag"');
    // A new reason's id wins over a built-in alias; the same alias for an instap and an uitval reason is fine (the phase decides).
    const own = load('person: ID\nreasons:\n  verhuis: { kind: uitval, label: Verhuisd }');
    expect(errors(own)).toEqual([]);
    expect(own.mapping!.reasonSpellings.get('verhuis')).toEqual([-1, BUILTIN_REASONS.length]);
    expect(errors(load('person: ID\nreasons:\n  ander-werk: { kind: instap, aliases: [werk gevonden] }'))).toEqual([]);
  });

  it('checks value spellings in both directions and names the valid values', () => {
    const r = load('person: ID\nexit:\n  values:\n    initiative: { zelf: eigen, own: [Zelf] }\n    kind: { "Stop": definitief, pause: [stop] }\noutcome: { column: U, values: { Werk: job-kinderopvng } }');
    expect(errors(r)).toMatchObject([
      { line: 4, message: expect.stringContaining('"eigen" under `exit.values.initiative` is not one of the values own, eigen-keuze, advised, geadviseerd') },
      { line: 5, message: 'the spelling "stop" is given for both "definitive" and "pause"' },
      { line: 6, message: expect.stringContaining('"job-kinderopvng" under `outcome.values` is not one of the values') },
    ]);
    expect(errors(r)[2].hint).toContain('did you mean "job-kinderopvang"');
  });

  it('reads data_end as a date and rejects anything else', () => {
    expect(load('person: ID\ndata_end: 31/12/2023').mapping!.dataEnd).toBe(parseDay('2023-12-31'));
    expect(errors(load('person: ID\ndata_end: eind 2023'))).toMatchObject([{ code: 'bad-value', line: 2, field: 'data_end' }]);
  });

  it('reports YAML syntax errors, a mapping that is not a mapping, and missing files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hefboom-pathway-mapping-'));
    writeFileSync(join(dir, 'kapot.yaml'), 'person: [ID\n');
    expect(loadPathwayMapping(join(dir, 'kapot.yaml'), 'kapot.yaml').issues[0]).toMatchObject({ code: 'yaml-syntax', file: 'kapot.yaml', line: expect.any(Number) });
    expect(loadPathwayMapping(join(dir, 'weg.yaml'), 'weg.yaml').issues).toMatchObject([{ code: 'unreadable-file', message: expect.stringContaining('does not exist'), hint: expect.stringContaining('`pathways:`') }]);
    expect(errors(load('- person: ID'))).toMatchObject([{ code: 'bad-value', message: expect.stringContaining('must be a YAML mapping') }]);
  });
});
