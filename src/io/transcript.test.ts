import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parseTranscript, readTranscript, type TranscriptOptions } from './transcript.js';
import { createRoleTable, type SpeakerRules } from '../model/roles.js';
import { closest } from '../model/issues.js';
import type { Document, InputIssue, TagResolution } from '../model/types.js';

const FIX = fileURLToPath(new URL('../../fixtures/transcripts/', import.meta.url));

const CODES = ['startprofiel', 'feedback', 'feedback-uitstellen', 'voordoen', 'benoemen', 'coöperatief-leren'];
const DIMS = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];
const ALL = [...CODES, 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', ...DIMS.map((d) => `memoq:${d}`)];

/** A small stand-in for the workspace's tag resolver. */
function resolveTag(tag: string): TagResolution {
  if (CODES.includes(tag)) return { ok: true, codeId: tag };
  if (/^L[1-7]$/.test(tag)) return { ok: true, codeId: `fw:levers:${tag}` };
  if (tag.startsWith('memoq:') && DIMS.includes(tag.slice(6))) return { ok: true, codeId: `fw:${tag}` };
  return { ok: false, message: `"${tag}" is not in the codebook`, suggestions: closest(tag, ALL) };
}

function rules(extra: Partial<SpeakerRules> = {}): SpeakerRules {
  return { roles: createRoleTable(), speakers: {}, anyLabel: false, ...extra };
}

function opts(extra: Partial<TranscriptOptions> = {}): TranscriptOptions {
  return { file: 'transcripts/test.txt', coder: 'Annelies', speakerRules: rules(), resolveTag, ...extra };
}

function parse(text: string, extra: Partial<TranscriptOptions> = {}) {
  const r = parseTranscript(text, opts(extra));
  return { doc: r.document as Document, issues: r.issues };
}

/** Slice by code points, the unit of all hefboom offsets. */
function cpSlice(s: string, start: number, end: number): string {
  return [...s].slice(start, end).join('');
}

function expectOffsetsMatch(doc: Document): void {
  for (const x of doc.excerpts) {
    expect(cpSlice(doc.text, x.start, x.end)).toBe(x.text);
    for (const c of x.codings) expect([c.start, c.end]).toEqual([x.start, x.end]);
  }
}

const codes = (doc: Document) => doc.excerpts.map((x) => x.codings.map((c) => c.codeId));
const kinds = (issues: InputIssue[]) => issues.map((i) => i.code);

describe('front matter', () => {
  it('reads attributes, id and named speakers from a fixture', async () => {
    const r = await readTranscript(FIX + 'ko2-interview-mentor.txt', opts({ file: 'ko2-interview-mentor.txt', attributes: { year: '1', project: 'werkplekleren' } }));
    expect(r.issues).toEqual([]);
    const doc = r.document!;
    expect(doc.id).toBe('ko2-interview-3');
    expect(doc.path).toBe('ko2-interview-mentor.txt');
    expect(doc.format).toBe('transcript');
    expect(doc.hasFullText).toBe(true);
    expect(doc.coder).toBe('Annelies');
    // Front matter wins over the source entry; `speakers` is not an attribute.
    expect(doc.attributes).toEqual({ year: '2', project: 'werkplekleren', site: 'KO2', source_type: 'interview', date: '2023-05-09' });
    expect(doc.excerpts.map((x) => x.id)).toEqual(['ko2-interview-3/p1', 'ko2-interview-3/p2', 'ko2-interview-3/p3', 'ko2-interview-3/p4', 'ko2-interview-3/p5']);
    expect(doc.excerpts.map((x) => x.ordinal)).toEqual([1, 2, 3, 4, 5]);
    // Lines count the front matter.
    expect(doc.excerpts.map((x) => x.line)).toEqual([10, 12, 15, 17, 19]);
    expect(doc.excerpts[2].speaker).toEqual({ label: 'Hanne', role: 'kinderbegeleider', name: 'Hanne' });
    expect(doc.excerpts[0].attributes).toEqual(doc.attributes);
    expect(doc.excerpts[0].attributes).not.toBe(doc.excerpts[1].attributes);
    expect(doc.text.startsWith('Interviewer: Hoe verliep')).toBe(true);
    expect(doc.text).not.toContain('#');
    expectOffsetsMatch(doc);
  });

  it('takes the id from the source entry, then front matter, then the file name', () => {
    const text = '---\nid: uit-front-matter\n---\nMentor: Goed zo.\n';
    expect(parse(text, { documentId: 'uit-project' }).doc.id).toBe('uit-project');
    expect(parse(text).doc.id).toBe('uit-front-matter');
    expect(parse('Mentor: Goed zo.\n', { file: 'ko3/focusgroep-2.txt' }).doc.id).toBe('focusgroep-2');
    expect(parse('Mentor: Goed zo.\n', { file: 'ko3/focusgroep-2.txt' }).doc.excerpts[0].id).toBe('focusgroep-2/p1');
  });

  it('turns numbers, booleans and lists into strings and ignores nested maps with a warning', () => {
    const { doc, issues } = parse('---\nyear: 2\nscore: 3.5\nanoniem: true\nsites: [KO1, KO2]\nleeg:\nmeta: {a: 1}\n---\nMentor: Ja.\n');
    expect(doc.attributes).toEqual({ year: '2', score: '3.5', anoniem: 'true', sites: 'KO1, KO2' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', code: 'front-matter-value', line: 7, field: 'meta' });
  });

  it('reports a YAML error at its line in the transcript file', async () => {
    const r = await readTranscript(FIX + 'kapotte-frontmatter.txt', opts({ file: 'kapotte-frontmatter.txt' }));
    const errs = r.issues.filter((i) => i.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0].code).toBe('malformed-front-matter');
    expect(errs[0].file).toBe('kapotte-frontmatter.txt');
    // The broken flow sequence sits on line 3; YAML notices it at line 3 or 4 of the file, never at
    // its own line numbering (1 or 2), which would point into the wrong place.
    expect([3, 4]).toContain(errs[0].line);
    expect(errs[0].message).toMatch(/^front matter: YAML syntax error/);
    // The body is still read, so tag errors further down are found in the same run.
    expect(r.document!.excerpts).toHaveLength(1);
    expect(r.document!.excerpts[0].line).toBe(6);
  });

  it('shifts YAML line numbers by the opening line', () => {
    const { issues } = parse('---\nid: x\nsite: "KO3\n---\nMentor: Ja.\n');
    const e = issues.find((i) => i.code === 'malformed-front-matter');
    expect(e).toBeDefined();
    expect(e!.line).toBeGreaterThanOrEqual(3);
  });

  it('requires front matter to be a mapping', () => {
    const { doc, issues } = parse('---\n- KO3\n- jaar 2\n---\nMentor: Ja.\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'malformed-front-matter', line: 2 });
    expect(doc.attributes).toEqual({});
    expect(doc.excerpts).toHaveLength(1);
  });

  it('reports unterminated front matter and still checks the body after its first blank line', async () => {
    const r = await readTranscript(FIX + 'open-frontmatter.txt', opts({ file: 'open-frontmatter.txt' }));
    expect(kinds(r.issues)).toEqual(['malformed-front-matter', 'unknown-code']);
    expect(r.issues[0]).toMatchObject({ severity: 'error', line: 1 });
    expect(r.issues[0].message).toContain('never closed');
    expect(r.issues[1]).toMatchObject({ line: 5 });
    expect(r.document!.excerpts[0].speaker.role).toBe('mentor');
  });

  it('rejects a front matter id that is not text', () => {
    const { issues } = parse('---\nid: [a, b]\n---\nMentor: Ja.\n');
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'malformed-front-matter', field: 'id', line: 2 });
  });
});

describe('line endings and byte order mark', () => {
  it('reads CRLF with a BOM and keeps the line endings in the text', async () => {
    const r = await readTranscript(FIX + 'ko5-crlf-bom.txt', opts({ file: 'ko5-crlf-bom.txt' }));
    expect(r.issues).toEqual([]);
    const doc = r.document!;
    expect(doc.lineEnding).toBe('crlf');
    expect(doc.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(doc.text).toContain('\r\n');
    expect(doc.excerpts).toHaveLength(2);
    expect(doc.excerpts[0].text).toBe('We plannen elke maand een overleg met de mentoren.\r\nDat lukt niet altijd.');
    expect(doc.excerpts[0].speaker.role).toBe('verantwoordelijke');
    expect(doc.excerpts[1].line).toBe(4);
    expect(codes(doc)).toEqual([['fw:levers:L2', 'feedback'], ['voordoen']]);
    expectOffsetsMatch(doc);
  });

  it('gives the same excerpts for LF and CRLF', () => {
    const lf = 'Mentor: Eerst kijken.\nDan zelf doen. #voordoen\n\nCursist 1: Oké.\n';
    const a = parse(lf).doc;
    const b = parse(lf.replace(/\n/g, '\r\n')).doc;
    expect(a.lineEnding).toBe('lf');
    expect(b.lineEnding).toBe('crlf');
    expect(b.excerpts.map((x) => x.text.replace(/\r\n/g, '\n'))).toEqual(a.excerpts.map((x) => x.text));
    expect(b.excerpts.map((x) => x.line)).toEqual([1, 4]);
    expectOffsetsMatch(a);
    expectOffsetsMatch(b);
  });

  it("records 'none' for a single line without a line break, and strips a BOM from string input", () => {
    const { doc } = parse('\uFEFFMentor: Eén regel.');
    expect(doc.lineEnding).toBe('none');
    expect(doc.text).toBe('Mentor: Eén regel.');
    expect(doc.excerpts[0].text).toBe('Eén regel.');
    expect(doc.excerpts[0].start).toBe(8);
  });

  it('returns the decoding error and no document for bytes that are not UTF-8', async () => {
    const r = await readTranscript(FIX + 'windows-1252.txt', opts({ file: 'windows-1252.txt' }));
    expect(r.document).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'bad-encoding', line: 3 });
  });

  it('decodes other encodings when told', async () => {
    const r = await readTranscript(FIX + 'windows-1252.txt', opts({ file: 'windows-1252.txt', encoding: 'windows-1252' }));
    expect(r.issues).toEqual([]);
    expect(r.document!.excerpts[1].text).toBe('Ik vind het één van de fijnste momenten.');
  });

  it('reports a missing file as an issue', async () => {
    const r = await readTranscript(FIX + 'bestaat-niet.txt', opts({ file: 'bestaat-niet.txt' }));
    expect(r.document).toBeNull();
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'unreadable-file', file: 'bestaat-niet.txt' });
    expect(r.issues[0].message).toContain('does not exist');
  });
});

describe('speakers', () => {
  it('recognises roles, synonyms, numbers and abbreviations', () => {
    const { doc, issues } = parse(
      [
        'Mentor 3: Ik laat haar eerst kijken.',
        'Kinderbegeleidster: Ik probeer het zelf.',
        'M3: Goed gedaan.',
        'Cursist 2: Dank je.',
        'Externe mentor: Ik kom om de twee weken.',
        'Pedagogisch coach: We bekijken het samen.',
      ].join('\n\n'),
    );
    expect(issues).toEqual([]);
    expect(doc.excerpts.map((x) => x.speaker)).toEqual([
      { label: 'Mentor 3', role: 'mentor', number: 3 },
      { label: 'Kinderbegeleidster', role: 'kinderbegeleider' },
      { label: 'M3', role: 'mentor', number: 3 },
      { label: 'Cursist 2', role: 'cursist', number: 2 },
      { label: 'Externe mentor', role: 'externe-mentor' },
      { label: 'Pedagogisch coach', role: 'pedagogisch-coach' },
    ]);
    expect(doc.excerpts[0].text).toBe('Ik laat haar eerst kijken.');
    expect(doc.excerpts[0].start).toBe('Mentor 3: '.length);
    expectOffsetsMatch(doc);
  });

  it('uses named speakers from the project and from front matter, front matter winning', () => {
    const text = '---\nspeakers:\n  Sofie: mentor\n  Jana: cursist\n---\nSofie: Kijk even mee.\n\nJana: Oké.\n\nLeen: Ja.\n';
    const { doc, issues } = parse(text, { speakerRules: rules({ speakers: { Sofie: 'kinderbegeleider', Leen: 'verantwoordelijke' } }) });
    expect(issues).toEqual([]);
    expect(doc.excerpts.map((x) => [x.speaker.role, x.speaker.name])).toEqual([
      ['mentor', 'Sofie'],
      ['cursist', 'Jana'],
      ['verantwoordelijke', 'Leen'],
    ]);
  });

  it('accepts any label with speaker_labels: any', () => {
    const { doc, issues } = parse('Opmerking: de opname start later.\n', { speakerRules: rules({ anyLabel: true }) });
    expect(issues).toEqual([]);
    expect(doc.excerpts[0].speaker).toEqual({ label: 'Opmerking', role: 'onbekend' });
    expect(doc.excerpts[0].text).toBe('de opname start later.');
  });

  it('reads bold labels in markdown only', async () => {
    const r = await readTranscript(FIX + 'ko1-observatie.md', opts({ file: 'ko1-observatie.md' }));
    expect(r.issues).toEqual([]);
    const doc = r.document!;
    expect(doc.excerpts.map((x) => x.speaker)).toEqual([
      { label: '', role: 'onderzoeker' },
      { label: 'Ilse', role: 'externe-mentor', name: 'Ilse' },
      { label: 'Cursist 1', role: 'cursist', number: 1 },
      { label: '', role: 'onderzoeker' },
    ]);
    expect(doc.excerpts[1].text).toBe('Ik wijs haar erop dat ze de stille kinderen ook aankijkt.');
    expect(doc.excerpts[2].text).toBe('Ik wist niet dat ik mocht helpen met opscheppen.');
    expectOffsetsMatch(doc);
    // The same line in a .txt file is a field note with its asterisks.
    const txt = parse('**Mentor:** Goed zo.\n').doc;
    expect(txt.excerpts[0].speaker).toEqual({ label: '', role: 'onbekend' });
    expect(txt.excerpts[0].text).toBe('**Mentor:** Goed zo.');
    expect(parse('**Mentor**: Goed zo.\n', { flavour: 'md' }).doc.excerpts[0].speaker.role).toBe('mentor');
  });

  it('gives field notes the default role, front matter winning, and does not carry a speaker over', () => {
    const body = 'Mentor: Ik doe het voor.\n\nDe cursist kijkt aandachtig mee.\n';
    expect(parse(body).doc.excerpts[1].speaker).toEqual({ label: '', role: 'onbekend' });
    expect(parse(body, { defaultRole: 'onderzoeker' }).doc.excerpts[1].speaker).toEqual({ label: '', role: 'onderzoeker' });
    const fm = parse('---\ndefault_role: pedagogisch coach\n---\n' + body, { defaultRole: 'onderzoeker' }).doc;
    expect(fm.excerpts[1].speaker).toEqual({ label: '', role: 'pedagogisch-coach' });
    expect(fm.attributes).toEqual({});
  });

  it('warns once per unknown label that looks like one, and not for sentences', async () => {
    const r = await readTranscript(FIX + 'onbekende-sprekers.txt', opts({ file: 'onbekende-sprekers.txt' }));
    const w = r.issues.filter((i) => i.code === 'unknown-speaker-label');
    expect(w.map((i) => [i.line, i.severity])).toEqual([
      [1, 'warning'],
      [5, 'warning'],
      [9, 'warning'],
    ]);
    expect(w[0].message).toContain('"Opmerking:"');
    expect(w[0].file).toBe('onbekende-sprekers.txt');
    expect(w[0].hint).toMatch(/speakers:.*roles\.yaml.*speaker_labels: any/);
    expect(w[1].message).toContain('(2 paragraphs in this file)');
    const doc = r.document!;
    // Not accepted: the label stays part of the field note's text.
    expect(doc.excerpts[0].speaker).toEqual({ label: '', role: 'onbekend' });
    expect(doc.excerpts[0].text).toBe('Opmerking: de opname start pas na vijf minuten.');
    expect(doc.excerpts[1].text).toBe('Ze zei: je mag het gerust eens proberen.');
    expectOffsetsMatch(doc);
  });

  it('does not take URLs, times or long phrases for labels', () => {
    const { doc, issues } = parse(
      'Https://voorbeeld.be is de site.\n\nOm 10:30 komen de ouders.\n\nDe mentor van de peutergroep zegt: dat lukt.\n\nkinderen: drie\n',
    );
    expect(issues.filter((i) => i.code === 'unknown-speaker-label')).toEqual([]);
    expect(doc.excerpts.every((x) => x.speaker.label === '')).toBe(true);
  });

  it('warns about a label turn without text', () => {
    const { doc, issues } = parse('Mentor:\n\nCursist: Ja.\n');
    expect(doc.excerpts).toHaveLength(1);
    expect(doc.excerpts[0].ordinal).toBe(1);
    expect(issues).toMatchObject([{ severity: 'warning', code: 'empty-turn', line: 1 }]);
  });

  it('lets a speaker turn continue on the next line', () => {
    const { doc } = parse('Mentor:\nIk zeg het meteen.\n');
    expect(doc.excerpts[0].speaker.role).toBe('mentor');
    expect(doc.excerpts[0].text).toBe('Ik zeg het meteen.');
    expectOffsetsMatch(doc);
  });
});

describe('timestamps', () => {
  it('reads all supported timestamp forms into seconds and leaves them out of the text', () => {
    const { doc, issues } = parse(
      [
        '[00:14:05] Cursist 1: Ik vraag het later.',
        '[02:30] Mentor: Goed.',
        '(01:02:03) Verantwoordelijke: We plannen dat.',
        '(12:40) Een kind huilt bij het afscheid.',
        '00:05:00 - Mentor 2: Volgende vraag.',
        '07:15 - Leerkracht: Ik kom op bezoek.',
        '[00:00:09.5] Ouder: Dank u.',
      ].join('\n\n'),
    );
    expect(issues).toEqual([]);
    expect(doc.excerpts.map((x) => x.time)).toEqual([{ start: 845 }, { start: 150 }, { start: 3723 }, { start: 760 }, { start: 300 }, { start: 435 }, { start: 9 }]);
    expect(doc.excerpts.map((x) => x.speaker.role)).toEqual(['cursist', 'mentor', 'verantwoordelijke', 'onbekend', 'mentor', 'leerkracht', 'ouder']);
    expect(doc.excerpts[0].text).toBe('Ik vraag het later.');
    expect(doc.excerpts[3].text).toBe('Een kind huilt bij het afscheid.');
    expectOffsetsMatch(doc);
  });

  it('leaves time out when there is none', () => {
    expect(parse('Mentor: Ja.\n').doc.excerpts[0]).not.toHaveProperty('time');
  });
});

describe('markdown headings', () => {
  it('turns headings into the section attribute of the excerpts that follow', async () => {
    const r = await readTranscript(FIX + 'ko1-observatie.md', opts({ file: 'ko1-observatie.md', attributes: { year: '2' } }));
    const doc = r.document!;
    expect(doc.excerpts).toHaveLength(4);
    expect(doc.excerpts.map((x) => x.attributes.section)).toEqual(['Ochtendkring', 'Ochtendkring', 'Middagmaal', 'Middagmaal']);
    expect(doc.excerpts[0].attributes).toEqual({ year: '2', site: 'KO1', source_type: 'verslag-observatiebezoek', section: 'Ochtendkring' });
    expect(doc.attributes).not.toHaveProperty('section');
    expect(doc.excerpts.map((x) => x.line)).toEqual([10, 12, 16, 18]);
    expect(doc.excerpts[3].time).toEqual({ start: 760 });
    expect(codes(doc)[3]).toEqual(['benoemen', 'fw:memoq:emotionele-ondersteuning']);
    expect(doc.text.startsWith('# Ochtendkring\n')).toBe(true);
  });

  it('ends a paragraph at a heading and strips closing hashes', () => {
    const { doc } = parse('## Deel 1 ##\nMentor: Eerst dit.\n### Deel 2\nMentor: Dan dat.\n', { file: 'x.md' });
    expect(doc.excerpts.map((x) => [x.text, x.attributes.section, x.line])).toEqual([
      ['Eerst dit.', 'Deel 1', 2],
      ['Dan dat.', 'Deel 2', 4],
    ]);
  });

  it('does not treat # lines as headings in .txt', () => {
    const { doc } = parse('# Deel 1\n\nMentor: Ja.\n');
    expect(doc.excerpts).toHaveLength(2);
    expect(doc.excerpts[0].text).toBe('# Deel 1');
    expect(doc.excerpts[1].attributes).not.toHaveProperty('section');
  });

  it('warns that tags on a heading code nothing', () => {
    const { doc, issues } = parse('# Feedback #feedback\n\nMentor: Ja.\n', { flavour: 'md' });
    expect(issues).toMatchObject([{ severity: 'warning', code: 'tags-in-heading', line: 1 }]);
    expect(doc.excerpts[0].attributes.section).toBe('Feedback');
    expect(codes(doc)).toEqual([[]]);
  });

  it('treats separator lines as paragraph breaks, never as excerpts', () => {
    const { doc } = parse('Mentor: Ja.\n---\nCursist: Nee.\n\n***\n');
    expect(doc.excerpts.map((x) => x.text)).toEqual(['Ja.', 'Nee.']);
  });
});

describe('code tags', () => {
  it('resolves levers, MeMoQ dimensions, accented ids and strips trailing punctuation', () => {
    const { doc, issues } = parse(
      'Mentor: We werken samen aan één doel #coöperatief-leren, elke dag. #L3 #memoq:welbevinden!\n\nCursist: Ik kijk eerst #voordoen.\n',
    );
    expect(issues).toEqual([]);
    expect(codes(doc)).toEqual([['coöperatief-leren', 'fw:levers:L3', 'fw:memoq:welbevinden'], ['voordoen']]);
    expect(doc.excerpts[0].text).toBe('We werken samen aan één doel, elke dag.');
    expect(doc.excerpts[1].text).toBe('Ik kijk eerst.');
    expect(doc.excerpts[0].codings[0]).toEqual({ codeId: 'coöperatief-leren', coder: 'Annelies', start: doc.excerpts[0].start, end: doc.excerpts[0].end });
    expectOffsetsMatch(doc);
  });

  it('removes the space a tag leaves and keeps the sentence punctuation once', () => {
    const { doc } = parse(
      ['doe het. #voordoen', 'ik #voordoen doe het', '#L3 eerst de tag', 'slapen. #feedback-uitstellen.', 'tekst (#L3) meer', 'tekst (#L1 #L2)'].join('\n\n'),
    );
    expect(doc.excerpts.map((x) => x.text)).toEqual(['doe het.', 'ik doe het', 'eerst de tag', 'slapen.', 'tekst meer', 'tekst']);
    expectOffsetsMatch(doc);
  });

  it('does not read URLs, C#, numbers or escaped hashes as tags', async () => {
    const { doc, issues } = parse('Mentor: Zie https://voorbeeld.be/gids#stap-2 en C# en #1 van de lijst, \\#voordoen is geen tag. #benoemen\n');
    expect(issues).toEqual([]);
    expect(codes(doc)).toEqual([['benoemen']]);
    expect(doc.excerpts[0].text).toBe('Zie https://voorbeeld.be/gids#stap-2 en C# en #1 van de lijst, #voordoen is geen tag.');
    expect(doc.text).toContain('#voordoen is geen tag');
    expect(doc.text).not.toContain('\\#');
    expectOffsetsMatch(doc);
    const r = await readTranscript(FIX + 'onbekende-codes.txt', opts({ file: 'onbekende-codes.txt' }));
    expect(r.document!.excerpts[0].text).toContain('mentor#stappen');
  });

  it('codes a paragraph once per code, wherever its tags are, including a line of only tags', () => {
    const { doc, issues } = parse('Mentor: Ik geef #feedback meteen.\nOok als het moeilijk is. #feedback\n#L3 #feedback\n\nCursist: Fijn.\n');
    expect(issues).toEqual([]);
    expect(codes(doc)).toEqual([['feedback', 'fw:levers:L3'], []]);
    // The tag-only line leaves no trace in the analysed text.
    expect(doc.text).toBe('Mentor: Ik geef meteen.\nOok als het moeilijk is.\n\nCursist: Fijn.\n');
    expect(doc.excerpts[0].text).toBe('Ik geef meteen.\nOok als het moeilijk is.');
    expect(doc.excerpts[1].line).toBe(5);
    expectOffsetsMatch(doc);
  });

  it('gives the same text whether tags sit on their own line or at the end', () => {
    const a = parse('Mentor: Ik doe het voor. #voordoen\n\nCursist: Ja.\n').doc;
    const b = parse('Mentor: Ik doe het voor.\n#voordoen\n\nCursist: Ja.\n').doc;
    expect(b.text).toBe(a.text);
    expect(codes(b)).toEqual(codes(a));
  });

  it('attaches a paragraph of only tags to the excerpt above, with a warning', () => {
    const { doc, issues } = parse('Mentor: Ik doe het voor. #voordoen\n\n#L6 #voordoen\n\nCursist: Ja.\n');
    expect(doc.excerpts).toHaveLength(2);
    expect(doc.excerpts[1].ordinal).toBe(2);
    expect(codes(doc)).toEqual([['voordoen', 'fw:levers:L6'], []]);
    expect(issues).toMatchObject([{ severity: 'warning', code: 'tags-without-text', line: 3 }]);
    expect(issues[0].message).toContain('line 1');
    expectOffsetsMatch(doc);
  });

  it('drops tags without text when there is no excerpt above', () => {
    const { doc, issues } = parse('#L1\n\nMentor: Ja.\n');
    expect(codes(doc)).toEqual([[]]);
    expect(issues).toMatchObject([{ severity: 'warning', code: 'tags-without-text', line: 1 }]);
    expect(issues[0].message).toContain('code nothing');
  });

  it('reports unknown codes with line, column and suggestions, and keeps going', async () => {
    const r = await readTranscript(FIX + 'onbekende-codes.txt', opts({ file: 'onbekende-codes.txt' }));
    const errs = r.issues.filter((i) => i.code === 'unknown-code');
    expect(errs.map((e) => [e.line, e.column, e.severity])).toEqual([
      [1, 50, 'error'],
      [4, 36, 'error'],
      [4, 54, 'error'],
    ]);
    expect(errs[0].file).toBe('onbekende-codes.txt');
    expect(errs[0].message).toBe('unknown code tag "#feedbak": "feedbak" is not in the codebook; did you mean: feedback?');
    expect(errs[1].message).toContain('did you mean: memoq:welbevinden');
    expect(errs[0].hint).toContain('codebook.yaml');
    // Known tags in the same file still code their paragraphs.
    expect(codes(r.document!)).toEqual([['voordoen'], []]);
  });

  it('counts the column in code points', () => {
    const { issues } = parse('Mentor: 😀 #onbekend\n');
    expect(issues[0]).toMatchObject({ code: 'unknown-code', line: 1, column: 11 });
  });
});

describe('offsets', () => {
  it('counts code points, not UTF-16 units, around emoji', () => {
    const { doc } = parse('Cursist 1: Ik was blij 😊 met de uitleg. #feedback\n\nMentor: 👶🏽 slaapt, dan praten we. #benoemen\n\n🍎 Fruitmoment zonder woorden.\n');
    expect(doc.excerpts.map((x) => x.text)).toEqual(['Ik was blij 😊 met de uitleg.', '👶🏽 slaapt, dan praten we.', '🍎 Fruitmoment zonder woorden.']);
    const [a, b, c] = doc.excerpts;
    expect([a.start, a.end]).toEqual([11, 39]);
    // 'Cursist 1: Ik was blij 😊 met de uitleg.\n\nMentor: ' = 39 + 2 + 8 code points.
    expect(b.start).toBe(49);
    expect(b.end - b.start).toBe([...'👶🏽 slaapt, dan praten we.'].length);
    expect(c.start).toBe(b.end + 2);
    expect(doc.text.length).toBeGreaterThan([...doc.text].length);
    expectOffsetsMatch(doc);
  });

  it('gives the file line of each line of an excerpt when a line of only tags was left out (kwic provenance)', () => {
    const { doc } = parse('Mentor 1: Ik doe het eerst voor.\n#voordoen\nDaarna mag ze het zelf proberen.\n\nCursist 2:\nIk vraag feedback.\n\nMentor 1: Twee regels\nzonder tags.\n');
    expect(doc.excerpts.map((x) => [x.line, x.lines])).toEqual([[1, [1, 3]], [5, [6]], [8, undefined]]);
    expect(doc.excerpts[0].text).toBe('Ik doe het eerst voor.\nDaarna mag ze het zelf proberen.');
  });
});

describe('robustness', () => {
  it('stays fast on pathological lines', () => {
    const spaces = ' '.repeat(200_000);
    const text = [
      `Mentor:${spaces}x`,
      `(${spaces}#L3${spaces}(${spaces}#L2${spaces}`,
      '# '.repeat(100_000),
      `#${'a'.repeat(200_000)}.`,
      `${'Mentor '.repeat(20_000)}: ja`,
      `[${'0'.repeat(100_000)}:00] ${'-'.repeat(100_000)}x`,
    ].join('\n\n');
    // A backtracking regex would take minutes here; the test's timeout catches that.
    const { doc } = parse(text, { file: 'x.md', quoteLabels: true });
    expect(doc.excerpts).toHaveLength(4); // the line of `# ` is a heading
    expect(doc.excerpts[0].text).toBe('x');
    expectOffsetsMatch(doc);
  });
});

describe('quote labels', () => {
  it('reads report-style quotes when enabled', async () => {
    const r = await readTranscript(FIX + 'rapport-citaten.txt', opts({ file: 'rapport-citaten.txt', quoteLabels: true }));
    const doc = r.document!;
    expect(doc.excerpts.map((x) => [x.text, x.speaker.role, x.speaker.label])).toEqual([
      ['Ik doe het eerst voor, en dan laat ik haar het zelf proberen.', 'externe-mentor', 'Externe mentor'],
      ['Ik durf niet altijd te zeggen dat iets niet goed ging.', 'cursist', 'Cursist'],
      ['Ze stelt veel vragen en dat vind ik net goed.', 'verantwoordelijke', 'Directeur'],
      ['We werken met een vast onthaalmoment op maandag.', 'onbekend', 'Coördinator kwaliteit'],
      ['Uit de gesprekken blijkt dat mentoren weinig tijd hebben.', 'onbekend', ''],
    ]);
    expect(codes(doc)).toEqual([['voordoen'], ['feedback-uitstellen'], [], ['fw:levers:L3'], ['fw:levers:L2']]);
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'unknown-speaker-label', line: 7 }]);
    expect(r.issues[0].message).toContain('Coördinator kwaliteit');
    expectOffsetsMatch(doc);
  });

  it('leaves quotes alone when not enabled', async () => {
    const r = await readTranscript(FIX + 'rapport-citaten.txt', opts({ file: 'rapport-citaten.txt' }));
    expect(r.document!.excerpts[0].speaker).toEqual({ label: '', role: 'onbekend' });
    expect(r.document!.excerpts[0].text).toBe('“Ik doe het eerst voor, en dan laat ik haar het zelf proberen.” (Externe mentor)');
  });
});

describe('empty transcripts', () => {
  it('warns and returns a document without excerpts', async () => {
    const r = await readTranscript(FIX + 'alleen-frontmatter.txt', opts({ file: 'alleen-frontmatter.txt' }));
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'empty-transcript', file: 'alleen-frontmatter.txt' }]);
    expect(r.document!.id).toBe('ko7-leeg');
    expect(r.document!.excerpts).toEqual([]);
    expect(r.document!.attributes).toEqual({ site: 'KO7' });
  });

  it('handles an empty file', () => {
    const r = parseTranscript(new Uint8Array(0), opts());
    expect(r.document!.excerpts).toEqual([]);
    expect(r.document!.lineEnding).toBe('none');
    expect(kinds(r.issues)).toEqual(['empty-transcript']);
  });
});
