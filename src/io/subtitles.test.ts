import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parseSubtitles, readSubtitles, DEFAULT_MERGE_GAP_SECONDS, type SubtitleOptions } from './subtitles.js';
import { createRoleTable, type SpeakerRules } from '../model/roles.js';
import { closest } from '../model/issues.js';
import { provenance } from '../analysis/quotes.js';
import type { Document, InputIssue, TagResolution } from '../model/types.js';

const FIX = fileURLToPath(new URL('../../fixtures/subtitles/', import.meta.url));

/** The codes of fixtures/subtitles/codebook.yaml, plus direct lever tags. */
const CODES = ['startgesprek', 'feedback', 'feedback-uitstellen', 'voordoen', 'reflectie'];

function resolveTag(tag: string): TagResolution {
  if (CODES.includes(tag)) return { ok: true, codeId: tag };
  if (/^L[1-7]$/.test(tag)) return { ok: true, codeId: `fw:levers:${tag}` };
  return { ok: false, message: `"${tag}" is not in the codebook`, suggestions: closest(tag, CODES) };
}

function rules(extra: Partial<SpeakerRules> = {}): SpeakerRules {
  return { roles: createRoleTable(), speakers: {}, anyLabel: false, ...extra };
}

function opts(extra: Partial<SubtitleOptions> = {}): SubtitleOptions {
  return { file: 'opnames/test.vtt', format: 'vtt', coder: 'Annelies', speakerRules: rules(), resolveTag, ...extra };
}

function vtt(text: string, extra: Partial<SubtitleOptions> = {}) {
  const r = parseSubtitles(text, opts(extra));
  if (r.document) expectOffsetsMatch(r.document);
  return { doc: r.document as Document, issues: r.issues, counts: r.counts };
}

function srt(text: string, extra: Partial<SubtitleOptions> = {}) {
  return vtt(text, { file: 'opnames/test.srt', format: 'srt', ...extra });
}

function expectOffsetsMatch(doc: Document): void {
  for (const x of doc.excerpts) {
    expect([...doc.text].slice(x.start, x.end).join('')).toBe(x.text);
    for (const c of x.codings) expect([c.start, c.end]).toEqual([x.start, x.end]);
  }
}

/** The parts of an excerpt the tests compare: text, speaker label and role, time, line, codes. */
function brief(doc: Document) {
  return doc.excerpts.map((x) => ({
    text: x.text,
    who: `${x.speaker.label}|${x.speaker.role}`,
    time: x.time,
    line: x.line,
    codes: x.codings.map((c) => c.codeId),
  }));
}

const texts = (doc: Document) => doc.excerpts.map((x) => x.text);
const who = (doc: Document) => doc.excerpts.map((x) => `${x.speaker.label}|${x.speaker.role}`);
const kinds = (issues: InputIssue[]) => issues.map((i) => `${i.severity}:${i.code}@${i.line}`);

/** The conversation of both fixtures, as excerpts; `lines` are the timing lines in each file. */
function conversation(lines: number[]) {
  return [
    {
      text: 'Goeiemorgen, fijn dat je er bent voor ons startgesprek. We kijken eerst samen wat je al kan en wat je hier wil leren.',
      who: 'Mentor 1|mentor', time: { start: 3598, end: 3608.25 }, line: lines[0], codes: ['startgesprek'],
    },
    {
      text: 'In mijn vorige stage mocht ik vooral meekijken. Ik wil leren hoe ik een moeilijk moment aan tafel aanpak.',
      who: 'Cursist 2|cursist', time: { start: 3609, end: 3619 }, line: lines[1], codes: ['reflectie'],
    },
    {
      text: 'Dan plannen we dat in de eerste week & bespreken we het achteraf.',
      who: 'Verantwoordelijke|verantwoordelijke', time: { start: 3625, end: 3629 }, line: lines[2], codes: ['feedback'],
    },
    { text: 'Ik doe het eerst voor.', who: 'Mentor 1|mentor', time: { start: 3629, end: 3632 }, line: lines[3], codes: [] },
    { text: 'Oké, dan kijk ik mee.', who: 'Cursist 2|cursist', time: { start: 3629, end: 3632 }, line: lines[3], codes: ['voordoen'] },
    {
      text: "Soms durf ik niet te zeggen wat ik moeilijk vind. Zeker bij nieuwe collega's.",
      who: 'Cursist 2|cursist', time: { start: 3640, end: 3647 }, line: lines[4], codes: ['feedback-uitstellen'],
    },
  ];
}

describe('fixtures', () => {
  it('reads the three-speaker WebVTT transcript: voices, merged cues, a split cue, tags, times past an hour', async () => {
    const r = await readSubtitles(FIX + 'overleg-drie-sprekers.vtt', opts({ file: 'overleg-drie-sprekers.vtt', attributes: { site: 'KO4' } }));
    expect(r.issues).toEqual([]);
    expect(r.counts).toEqual({ cues: 8, cuesSkipped: 0, excerpts: 6 });
    const doc = r.document!;
    expectOffsetsMatch(doc);
    expect(brief(doc)).toEqual(conversation([10, 20, 28, 32, 37]));
    expect(doc.id).toBe('overleg-drie-sprekers');
    expect(doc.format).toBe('vtt');
    expect(doc.path).toBe('overleg-drie-sprekers.vtt');
    expect(doc.coder).toBe('Annelies');
    expect(doc.hasFullText).toBe(true);
    expect(doc.lineEnding).toBe('lf');
    expect(doc.attributes).toEqual({ site: 'KO4' });
    expect(doc.excerpts.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `overleg-drie-sprekers/p${n}`));
    expect(doc.excerpts[0].speaker).toEqual({ label: 'Mentor 1', role: 'mentor', number: 1 });
    expect(doc.excerpts[0].attributes).toEqual({ site: 'KO4' });
    expect(doc.excerpts[0].codings).toEqual([{ codeId: 'startgesprek', coder: 'Annelies', start: 10, end: 127 }]);
    expect(doc.text).toBe([
      'Mentor 1: Goeiemorgen, fijn dat je er bent voor ons startgesprek. We kijken eerst samen wat je al kan en wat je hier wil leren.',
      'Cursist 2: In mijn vorige stage mocht ik vooral meekijken. Ik wil leren hoe ik een moeilijk moment aan tafel aanpak.',
      'Verantwoordelijke: Dan plannen we dat in de eerste week & bespreken we het achteraf.',
      'Mentor 1: Ik doe het eerst voor.',
      'Cursist 2: Oké, dan kijk ik mee.',
      "Cursist 2: Soms durf ik niet te zeggen wat ik moeilijk vind. Zeker bij nieuwe collega's.",
    ].join('\n\n'));
  });

  it('gives quotes their start time as provenance (the acceptance case)', async () => {
    const r = await readSubtitles(FIX + 'overleg-drie-sprekers.vtt', opts({ file: 'opnames/overleg-drie-sprekers.vtt' }));
    const doc = r.document!;
    expect(new Set(doc.excerpts.map((x) => x.speaker.role))).toEqual(new Set(['mentor', 'cursist', 'verantwoordelijke']));
    expect(doc.excerpts.map((x) => provenance(x, doc))).toEqual([
      'opnames/overleg-drie-sprekers.vtt:10@00:59:58',
      'opnames/overleg-drie-sprekers.vtt:20@01:00:09',
      'opnames/overleg-drie-sprekers.vtt:28@01:00:25',
      'opnames/overleg-drie-sprekers.vtt:32@01:00:29',
      'opnames/overleg-drie-sprekers.vtt:32@01:00:29',
      'opnames/overleg-drie-sprekers.vtt:37@01:00:40',
    ]);
  });

  it('reads the same conversation from SubRip with labels on speaker changes only (BOM, CRLF, tags)', async () => {
    const r = await readSubtitles(FIX + 'overleg.srt', opts({ file: 'overleg.srt', format: 'srt' }));
    expect(r.issues).toEqual([]);
    expect(r.counts).toEqual({ cues: 8, cuesSkipped: 0, excerpts: 6 });
    const doc = r.document!;
    expectOffsetsMatch(doc);
    expect(brief(doc)).toEqual(conversation([2, 12, 20, 24, 29]));
    expect(doc.id).toBe('overleg');
    expect(doc.format).toBe('srt');
    // The same words as the WebVTT version: both documents hold the same text.
    const v = (await readSubtitles(FIX + 'overleg-drie-sprekers.vtt', opts())).document!;
    expect(doc.text).toBe(v.text);
  });

  it('reports every malformed timing with its line, skips those cues and reads the rest', async () => {
    const r = await readSubtitles(FIX + 'kapotte-tijden.vtt', opts({ file: 'kapotte-tijden.vtt' }));
    expect(kinds(r.issues)).toEqual([
      'error:malformed-timing@8',
      'error:malformed-timing@12',
      'error:malformed-timing@16',
      'warning:cue-end-before-start@20',
      'warning:cue-order@24',
    ]);
    expect(r.issues.map((i) => i.message)).toEqual([
      'malformed cue timing at line 8 ("00:00:05,000 --> 00:00:08.000"): the start time "00:00:05,000" has a comma before the milliseconds; WebVTT writes a dot (00:01:02.500)',
      'malformed cue timing at line 12 ("00:00:09.000 -> 00:00:12.000"): there is no "-->" between the start and the end time',
      'malformed cue timing at line 16 ("00:01:75.000 --> 00:01:80.000"): the start time "00:01:75.000" has seconds above 59',
      'the cue at line 20 ends before it starts ("00:00:20.000 --> 00:00:18.000"); its end is taken to be its start',
      'the cue at line 24 starts before the cue above it; cues are read in file order, and this one is not merged with the one above',
    ]);
    expect(r.issues[0].hint).toBe('write the timing line as 00:01:02.500 --> 00:01:04.000 (hours optional); until then this cue is skipped');
    expect(r.issues[0].file).toBe('kapotte-tijden.vtt');
    expect(r.counts).toEqual({ cues: 4, cuesSkipped: 3, excerpts: 4 });
    expect(brief(r.document!)).toEqual([
      { text: 'We beginnen met het startgesprek.', who: 'Mentor 1|mentor', time: { start: 1, end: 4 }, line: 4, codes: ['startgesprek'] },
      { text: 'Deze cue eindigt voor hij begint.', who: 'Mentor 1|mentor', time: { start: 20, end: 20 }, line: 20, codes: [] },
      { text: 'Deze cue staat na een latere cue.', who: 'Verantwoordelijke|verantwoordelijke', time: { start: 15, end: 17 }, line: 24, codes: ['feedback'] },
      { text: 'Daarna loopt alles weer goed.', who: 'Mentor 1|mentor', time: { start: 21, end: 23 }, line: 28, codes: ['voordoen'] },
    ]);
  });

  it('has a project file whose sources point at the two good fixtures', async () => {
    const { readFile } = await import('node:fs/promises');
    const yaml = await readFile(FIX + 'hefboom.yaml', 'utf8');
    expect(yaml).toContain('path: overleg-drie-sprekers.vtt');
    expect(yaml).toContain('merge_gap_seconds: 2');
    expect(yaml).toContain('path: overleg.srt');
    expect(yaml).not.toContain('path: kapotte-tijden.vtt');
  });
});

describe('merging', () => {
  it('uses a default gap of 2 seconds', () => {
    expect(DEFAULT_MERGE_GAP_SECONDS).toBe(2);
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Een.\n\n00:04.000 --> 00:05.000\n<v Mentor 1>Twee.\n\n00:07.500 --> 00:08.000\n<v Mentor 1>Drie.\n');
    expect(brief(doc)).toEqual([
      { text: 'Een. Twee.', who: 'Mentor 1|mentor', time: { start: 1, end: 5 }, line: 3, codes: [] },
      { text: 'Drie.', who: 'Mentor 1|mentor', time: { start: 7.5, end: 8 }, line: 9, codes: [] },
    ]);
  });

  it('merges across a larger gap when mergeGapSeconds says so', async () => {
    const r = await readSubtitles(FIX + 'overleg-drie-sprekers.vtt', opts({ mergeGapSeconds: 10 }));
    // The learner's piece of the split cue (ends 01:00:32) and her next cue (01:00:40) are 8 s apart.
    expect(texts(r.document!).slice(3)).toEqual([
      'Ik doe het eerst voor.',
      "Oké, dan kijk ik mee. Soms durf ik niet te zeggen wat ik moeilijk vind. Zeker bij nieuwe collega's.",
    ]);
    expect(r.document!.excerpts[4].time).toEqual({ start: 3629, end: 3647 });
    expect(r.document!.excerpts[4].codings.map((c) => c.codeId)).toEqual(['voordoen', 'feedback-uitstellen']);
  });

  it('with 0 merges only touching or overlapping cues', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Een.\n\n00:02.000 --> 00:03.000\n<v Mentor 1>Twee.\n\n00:02.500 --> 00:04.000\n<v Mentor 1>Drie.\n\n00:04.001 --> 00:05.000\n<v Mentor 1>Vier.\n', { mergeGapSeconds: 0 });
    expect(texts(doc)).toEqual(['Een. Twee. Drie.', 'Vier.']);
    expect(doc.excerpts[0].time).toEqual({ start: 1, end: 4 });
  });

  it('with 0, an unlabelled cue after a pause is a field note', async () => {
    const r = await readSubtitles(FIX + 'overleg.srt', opts({ format: 'srt', mergeGapSeconds: 0, defaultRole: 'onderzoeker' }));
    expect(who(r.document!)).toEqual([
      'Mentor 1|mentor', '|onderzoeker', 'Cursist 2|cursist', '|onderzoeker', 'Verantwoordelijke|verantwoordelijke',
      'Mentor 1|mentor', 'Cursist 2|cursist', 'Cursist 2|cursist', '|onderzoeker',
    ]);
  });

  it('with a negative value never merges', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Een.</v><v Mentor 1>Twee.\n\n00:02.000 --> 00:03.000\n<v Mentor 1>Drie.\n\n00:03.000 --> 00:04.000\nVier.\n', { mergeGapSeconds: -1 });
    expect(texts(doc)).toEqual(['Een.', 'Twee.', 'Drie.', 'Vier.']);
    expect(who(doc)).toEqual(['Mentor 1|mentor', 'Mentor 1|mentor', 'Mentor 1|mentor', '|onbekend']);
  });

  it('does not merge different speakers, and treats M1 and Mentor 1 as one speaker', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Een.\n\n00:02.000 --> 00:03.000\n<v M1>Twee.\n\n00:03.000 --> 00:04.000\n<v Mentor 2>Drie.\n\n00:04.000 --> 00:05.000\n<v Mentor>Vier.\n\n00:05.000 --> 00:06.000\n<v mentor>Vijf.\n');
    expect(brief(doc).map((x) => [x.text, x.who])).toEqual([
      ['Een. Twee.', 'Mentor 1|mentor'],
      ['Drie.', 'Mentor 2|mentor'],
      ['Vier. Vijf.', 'Mentor|mentor'],
    ]);
  });

  it('merges named speakers by name', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Sofie>Ik zing een liedje.\n\n00:02.000 --> 00:03.000\n<v sofie>Dan gaan ze zitten.\n\n00:03.000 --> 00:04.000\n<v Kinderbegeleider>Mooi.\n', { speakerRules: rules({ speakers: { Sofie: 'kinderbegeleider' } }) });
    expect(doc.excerpts.map((x) => x.speaker)).toEqual([
      { label: 'Sofie', role: 'kinderbegeleider', name: 'Sofie' },
      { label: 'Kinderbegeleider', role: 'kinderbegeleider' },
    ]);
    expect(texts(doc)).toEqual(['Ik zing een liedje. Dan gaan ze zitten.', 'Mooi.']);
  });

  it('keeps the latest end of overlapping cues', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:09.000\n<v Cursist 1>Lang.\n\n00:02.000 --> 00:03.000\n<v Cursist 1>Kort.\n');
    expect(doc.excerpts[0].time).toEqual({ start: 1, end: 9 });
  });
});

describe('speakers', () => {
  it('continues the previous speaker for an unlabelled cue within the gap, else makes a field note', () => {
    const { doc } = srt('1\n00:00:01,000 --> 00:00:03,000\nMentor 2: We geven feedback na het eten.\n\n2\n00:00:03,500 --> 00:00:05,000\nDan is er meer rust.\n\n3\n00:00:09,000 --> 00:00:10,000\n[stilte]\n', { defaultRole: 'onderzoeker' });
    expect(brief(doc)).toEqual([
      { text: 'We geven feedback na het eten. Dan is er meer rust.', who: 'Mentor 2|mentor', time: { start: 1, end: 5 }, line: 2, codes: [] },
      { text: '[stilte]', who: '|onderzoeker', time: { start: 9, end: 10 }, line: 10, codes: [] },
    ]);
  });

  it('merges consecutive unlabelled cues into one field note', () => {
    const { doc } = srt('1\n00:00:01,000 --> 00:00:02,000\nDe kinderen spelen buiten.\n\n2\n00:00:02,500 --> 00:00:04,000\nDe mentor kijkt mee.\n');
    expect(brief(doc)).toEqual([{ text: 'De kinderen spelen buiten. De mentor kijkt mee.', who: '|onbekend', time: { start: 1, end: 4 }, line: 2, codes: [] }]);
  });

  it('reads the label forms of transcription services: Name:, - Name:, >> Name:, [Name]', () => {
    const { doc, issues } = srt([
      '1', '00:00:01,000 --> 00:00:02,000', '>> Verantwoordelijke: Welkom allemaal.', '',
      '2', '00:00:10,000 --> 00:00:11,000', '[Interviewer] Hoe was de eerste week?', '',
      '3', '00:00:20,000 --> 00:00:21,000', '[Cursist 1]: Spannend.', '',
      '4', '00:00:30,000 --> 00:00:31,000', '– Mentor 3: Ze deed het goed.', '',
    ].join('\n'));
    expect(issues).toEqual([]);
    expect(brief(doc).map((x) => [x.text, x.who])).toEqual([
      ['Welkom allemaal.', 'Verantwoordelijke|verantwoordelijke'],
      ['Hoe was de eerste week?', 'Interviewer|onderzoeker'],
      ['Spannend.', 'Cursist 1|cursist'],
      ['Ze deed het goed.', 'Mentor 3|mentor'],
    ]);
  });

  it('keeps sounds in brackets and a dash without a label as text, also with speaker_labels: any', () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\n[lacht] Ja hoor.\n\n2\n00:00:10,000 --> 00:00:11,000\n- Nee.\n';
    for (const anyLabel of [false, true]) {
      const { doc, issues } = srt(text, { speakerRules: rules({ anyLabel }) });
      expect(issues).toEqual([]);
      expect(brief(doc).map((x) => [x.text, x.who])).toEqual([['[lacht] Ja hoor.', '|onbekend'], ['- Nee.', '|onbekend']]);
    }
  });

  it('splits a cue at a later line that starts with a label', () => {
    const { doc } = srt('1\n00:00:01,000 --> 00:00:04,000\n- Mentor 1: Zullen we het samen doen?\n- Cursist 2: Ja, graag.\nDan leer ik het sneller.\n');
    expect(brief(doc)).toEqual([
      { text: 'Zullen we het samen doen?', who: 'Mentor 1|mentor', time: { start: 1, end: 4 }, line: 2, codes: [] },
      { text: 'Ja, graag. Dan leer ik het sneller.', who: 'Cursist 2|cursist', time: { start: 1, end: 4 }, line: 2, codes: [] },
    ]);
  });

  it('does not split at a later line whose label is not accepted', () => {
    const { doc, issues } = srt('1\n00:00:01,000 --> 00:00:04,000\nMentor 1: Ik zei het zo.\nZe zei: dat is goed.\n');
    expect(issues).toEqual([]);
    expect(texts(doc)).toEqual(['Ik zei het zo. Ze zei: dat is goed.']);
  });

  it('warns once per unknown label that looks like one, keeps it in the text and lets the cue continue the speaker', () => {
    const { doc, issues } = srt([
      '1', '00:00:01,000 --> 00:00:02,000', 'Mentor 1: We starten.', '',
      '2', '00:00:02,000 --> 00:00:03,000', 'Opmerking: de deur staat open.', '',
      '3', '00:00:20,000 --> 00:00:21,000', 'Opmerking: het regent.', '',
      '4', '00:00:30,000 --> 00:00:31,000', 'Ze zei: dat lukt wel.', '',
    ].join('\n'));
    expect(kinds(issues)).toEqual(['warning:unknown-speaker-label@7']);
    expect(issues[0].message).toBe('"Opmerking:" looks like a speaker label but is not a known role or speaker; it stays in the cue text, and the cue is read as a cue without a label (2 cues in this file)');
    expect(issues[0].hint).toBe('add it to `speakers:` in hefboom.yaml (e.g. `speakers: {Opmerking: onderzoeker}`) or as a synonym in roles.yaml, or set `speaker_labels: any` on the source entry');
    expect(brief(doc).map((x) => [x.text, x.who])).toEqual([
      ['We starten. Opmerking: de deur staat open.', 'Mentor 1|mentor'],
      ['Opmerking: het regent.', '|onbekend'],
      ['Ze zei: dat lukt wel.', '|onbekend'],
    ]);
  });

  it('reads Name: labels in WebVTT cues without a voice', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\nKinderbegeleider 3: Ik benoem wat ik zie.\n\n00:02.000 --> 00:03.000\nEn ik wacht even.\n');
    expect(brief(doc)).toEqual([{ text: 'Ik benoem wat ik zie. En ik wacht even.', who: 'Kinderbegeleider 3|kinderbegeleider', time: { start: 1, end: 3 }, line: 3, codes: [] }]);
  });

  it('does not read labels inside a voice span', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Cursist 2: dat zei ze letterlijk.\n');
    expect(brief(doc).map((x) => [x.text, x.who])).toEqual([['Cursist 2: dat zei ze letterlijk.', 'Mentor 1|mentor']]);
  });

  it('keeps an unknown voice as a speaker with role onbekend, with one warning per voice', () => {
    const { doc, issues } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v SPEAKER_00>Hallo.\n\n00:05.000 --> 00:06.000\n<v Cursist 1>Dag.\n\n00:09.000 --> 00:10.000\n<v SPEAKER_00>Welkom.\n');
    expect(kinds(issues)).toEqual(['warning:unknown-speaker-label@4']);
    expect(issues[0].message).toBe('voice "<v SPEAKER_00>" is not a known role or speaker; its cues are kept with role onbekend (2 cues in this file)');
    expect(who(doc)).toEqual(['SPEAKER_00|onbekend', 'Cursist 1|cursist', 'SPEAKER_00|onbekend']);
  });

  it('accepts any voice without a warning with speaker_labels: any, and named speakers from speakers:', () => {
    const any = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Juf An>Hallo.\n', { speakerRules: rules({ anyLabel: true }) });
    expect(any.issues).toEqual([]);
    expect(any.doc.excerpts[0].speaker).toEqual({ label: 'Juf An', role: 'onbekend' });
    const named = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Juf An>Hallo.\n', { speakerRules: rules({ speakers: { 'Juf An': 'kinderbegeleider' } }) });
    expect(named.issues).toEqual([]);
    expect(named.doc.excerpts[0].speaker).toEqual({ label: 'Juf An', role: 'kinderbegeleider', name: 'Juf An' });
  });

  it('warns about a label without text (empty-turn), which is no excerpt', () => {
    const { doc, issues } = srt('1\n00:00:01,000 --> 00:00:02,000\nMentor 1:\n\n2\n00:00:02,000 --> 00:00:03,000\nCursist 2: Ja.\n');
    expect(kinds(issues)).toEqual(['warning:empty-turn@3']);
    expect(issues[0].message).toBe('the turn of "Mentor 1" at line 3 has no text; it is not counted as an excerpt');
    expect(who(doc)).toEqual(['Cursist 2|cursist']);
    const voice = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1></v><v Cursist 2>Ja.\n');
    expect(kinds(voice.issues)).toEqual(['warning:empty-turn@4']);
    expect(texts(voice.doc)).toEqual(['Ja.']);
  });

  it('uses the text after a closing </v> as a piece without a voice, continuing that speaker', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Kijk,</v> zo doe je het.\n');
    expect(brief(doc).map((x) => [x.text, x.who])).toEqual([['Kijk, zo doe je het.', 'Mentor 1|mentor']]);
  });

  it('resolves the default role like the native reader', () => {
    const { doc } = srt('1\n00:00:01,000 --> 00:00:02,000\nDe groep eet.\n', { defaultRole: 'Onderzoekster' });
    expect(doc.excerpts[0].speaker).toEqual({ label: '', role: 'onderzoeker' });
  });
});

describe('code tags', () => {
  it('removes tags as the native reader does and codes the whole merged excerpt', () => {
    const { doc, issues } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>#voordoen Ik doe het voor,\n#L6\n\n00:02.000 --> 00:03.000\n<v Mentor 1>daarna jij (#reflectie). Dat is C# en \\#geen tag. #feedback.\n');
    expect(issues).toEqual([]);
    expect(brief(doc)).toEqual([{
      text: 'Ik doe het voor, daarna jij. Dat is C# en #geen tag.',
      who: 'Mentor 1|mentor', time: { start: 1, end: 3 }, line: 3, codes: ['voordoen', 'fw:levers:L6', 'reflectie', 'feedback'],
    }]);
  });

  it('reports an unknown tag at its line and column in the file, after markup and labels', () => {
    const { issues } = srt('1\n00:00:01,000 --> 00:00:02,000\nMentor 1: <i>Goed</i> gedaan.\nDat zeg ik vaak. #feedbak\n');
    expect(kinds(issues)).toEqual(['error:unknown-code@4']);
    expect(issues[0].column).toBe(18);
    expect(issues[0].message).toBe('unknown code tag "#feedbak": "feedbak" is not in the codebook; did you mean: feedback?');
    const v = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Cursist 2><c.x>😀 &amp;</c> #onbekend\n');
    expect(kinds(v.issues)).toEqual(['error:unknown-code@4']);
    expect(v.issues[0].column).toBe(31);
  });

  it('gives the tags of a cue without text to the cue before it', () => {
    const { doc, issues } = srt('1\n00:00:01,000 --> 00:00:02,000\nMentor 1: We bespreken het startgesprek.\n\n2\n00:00:08,000 --> 00:00:09,000\n#startgesprek #L1\n\n3\n00:00:20,000 --> 00:00:21,000\nCursist 2: Oké.\n');
    expect(kinds(issues)).toEqual(['warning:tags-without-text@7']);
    expect(issues[0].message).toBe('the cue text at line 7 holds only code tags; they were added to the cue above (line 3)');
    expect(brief(doc).map((x) => [x.text, x.codes])).toEqual([['We bespreken het startgesprek.', ['startgesprek', 'fw:levers:L1']], ['Oké.', []]]);
  });

  it('codes nothing with tags in the first cue when it has no text', () => {
    const { doc, issues } = srt('1\n00:00:01,000 --> 00:00:02,000\nMentor 1: #L3\n\n2\n00:00:02,000 --> 00:00:03,000\nCursist 2: Oké.\n');
    expect(kinds(issues)).toEqual(['warning:tags-without-text@3']);
    expect(issues[0].message).toBe('the cue text at line 3 holds only code tags, and there is no cue above it, so they code nothing');
    expect(brief(doc).map((x) => [x.text, x.codes])).toEqual([['Oké.', []]]);
  });

  it('codes only the piece of a split cue that holds the tag', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Kijk. #voordoen <v Cursist 2>Ik zie het. #reflectie\n');
    expect(brief(doc).map((x) => [x.text, x.codes])).toEqual([['Kijk.', ['voordoen']], ['Ik zie het.', ['reflectie']]]);
  });
});

describe('WebVTT syntax', () => {
  it('removes markup and decodes character references', () => {
    const { doc } = vtt([
      'WEBVTT', '',
      '00:01.000 --> 00:02.000',
      '<v.luid.snel Mentor 1><b>Kijk</b> <u>eens</u>: <lang en>well done</lang>, <ruby>kanji<rt>kan</rt></ruby>',
      '<00:01.500>&lt;rustig&gt; &quot;ja&quot; &apos;nee&apos; a&nbsp;b&lrm;&rlm; &#233;&#xe9; &#0; &bogus; & R&D 3 < 4',
    ].join('\n'));
    expect(texts(doc)).toEqual(['Kijk eens: well done, kanjikan <rustig> "ja" \'nee\' a\u00a0b\u200e\u200f éé &#0; &bogus; & R&D 3 < 4']);
  });

  it('skips the header, NOTE, STYLE and REGION blocks, identifiers and cue settings, and reads mm:ss.ttt times', () => {
    const { doc, issues, counts } = vtt([
      '\ufeffWEBVTT Kind: captions', 'Language: nl', '',
      'STYLE', '::cue { color: yellow }', '',
      'REGION', 'id:onder width:40%', '',
      'NOTE dit is een opmerking', 'over meerdere regels', '',
      'intro-1', '00:01.5 --> 00:02.25 region:onder align:start', '<v Cursist 1>Hallo.', '',
      '1:00:02.000 --> 1:00:03.000', '<v Cursist 1>Later.',
    ].join('\n'));
    expect(issues).toEqual([]);
    expect(counts).toEqual({ cues: 2, cuesSkipped: 0, excerpts: 2 });
    expect(brief(doc)).toEqual([
      { text: 'Hallo.', who: 'Cursist 1|cursist', time: { start: 1.5, end: 2.25 }, line: 14, codes: [] },
      { text: 'Later.', who: 'Cursist 1|cursist', time: { start: 3602, end: 3603 }, line: 17, codes: [] },
    ]);
  });

  it('reads CR, CRLF and LF line endings, and a cue that follows another without a blank line', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { doc, issues } = vtt(['WEBVTT', '00:01.000 --> 00:02.000', '<v Mentor 1>Een.', '00:05.000 --> 00:06.000', '<v Cursist 1>Twee.', ''].join(eol));
      expect(issues).toEqual([]);
      expect(brief(doc)).toEqual([
        { text: 'Een.', who: 'Mentor 1|mentor', time: { start: 1, end: 2 }, line: 2, codes: [] },
        { text: 'Twee.', who: 'Cursist 1|cursist', time: { start: 5, end: 6 }, line: 4, codes: [] },
      ]);
    }
  });

  it('skips cues without text without a warning', () => {
    const { doc, issues, counts } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\n<i> </i>\n\n00:03.000 --> 00:04.000\n<v Mentor 1>Ja.\n');
    expect(issues).toEqual([]);
    expect(counts).toEqual({ cues: 3, cuesSkipped: 0, excerpts: 1 });
    expect(texts(doc)).toEqual(['Ja.']);
  });

  it('reads bytes, with a BOM, and other encodings when asked', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Cursist 1>Oké.\n', 'utf8')]);
    expect(texts(parseSubtitles(bytes, opts()).document!)).toEqual(['Oké.']);
    const ansi = new Uint8Array(Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Cursist 1>Ok\xe9.\n', 'latin1'));
    expect(texts(parseSubtitles(ansi, opts({ encoding: 'windows-1252' })).document!)).toEqual(['Oké.']);
  });

  it('keeps offsets in code points with characters outside the BMP', () => {
    const { doc } = vtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Mentor 1>😀 Goed zo. #feedback\n\n00:09.000 --> 00:10.000\n<v Cursist 2>🙂 Dank je.\n');
    expect(doc.excerpts.map((x) => [x.start, x.end])).toEqual([[10, 20], [33, 43]]);
  });
});

describe('SubRip syntax', () => {
  it('removes formatting tags and positioning codes, accepts a dot and ignores coordinates', () => {
    const { doc, issues } = srt('1\n00:00:01.000 --> 00:00:02,500 X1:100 X2:200 Y1:10 Y2:20\n{\\an8}<FONT face="Arial">Mentor 1:</FONT> <s>Goed</s> <b>zo</b>, <3 {niet weg}\n');
    expect(issues).toEqual([]);
    expect(brief(doc)).toEqual([{ text: 'Goed zo, <3 {niet weg}', who: 'Mentor 1|mentor', time: { start: 1, end: 2.5 }, line: 2, codes: [] }]);
  });

  it('warns once about missing and non-numeric indices, and reads the cues', () => {
    const { doc, issues } = srt('00:00:01,000 --> 00:00:02,000\nMentor 1: Een.\n\n00:00:05,000 --> 00:00:06,000\nMentor 1: Twee.\n\nA\n00:00:09,000 --> 00:00:10,000\nMentor 1: Drie.\n');
    expect(kinds(issues)).toEqual(['warning:srt-index-missing@1']);
    expect(issues[0].message).toBe('the cue at line 1 has no index number before its timing line; the cue is read (3 cues in this file)');
    expect(texts(doc)).toEqual(['Een.', 'Twee.', 'Drie.']);
    const named = srt('x\n00:00:01,000 --> 00:00:02,000\nMentor 1: Een.\n');
    expect(named.issues[0].message).toBe('the cue at line 2 has "x" as its index, not a number; the cue is read');
  });

  it('warns once about indices out of order', () => {
    const { doc, issues } = srt('1\n00:00:01,000 --> 00:00:02,000\nEen.\n\n3\n00:00:05,000 --> 00:00:06,000\nTwee.\n\n3\n00:00:09,000 --> 00:00:10,000\nDrie.\n');
    expect(kinds(issues)).toEqual(['warning:srt-index-order@5']);
    expect(issues[0].message).toBe('cue number 3 at line 5 does not follow number 1; cues are read in file order (2 cues in this file)');
    expect(texts(doc)).toEqual(['Een.', 'Twee.', 'Drie.']);
  });

  it('reads a cue that follows another without a blank line, taking the number before it as its index', () => {
    const { doc, issues } = srt('1\r\n00:00:01,000 --> 00:00:02,000\r\nCursist 1: Een.\r\n2\r\n00:00:05,000 --> 00:00:06,000\r\nMentor 1: Twee.\r\n');
    expect(issues).toEqual([]);
    expect(brief(doc).map((x) => [x.text, x.line])).toEqual([['Een.', 2], ['Twee.', 5]]);
  });

  it('keeps counting indices over a cue whose timing has no arrow', () => {
    const { issues } = srt('1\n00:00:01,000 --> 00:00:02,000\nEen.\n\n2\n00:00:05,000 -> 00:00:06,000\nTwee.\n\n3\n00:00:09,000 --> 00:00:10,000\nDrie.\n');
    expect(kinds(issues)).toEqual(['error:malformed-timing@6']);
    expect(issues[0].hint).toBe('write the timing line as 00:01:02,500 --> 00:01:04,000; until then this cue is skipped');
  });
});

describe('bad input', () => {
  it('rejects a file without the WEBVTT line, pointing at format: srt when it looks like SubRip', () => {
    const r = parseSubtitles('1\n00:00:01,000 --> 00:00:02,000\nMentor 1: Hallo.\n', opts());
    expect(r.document).toBeNull();
    expect(kinds(r.issues)).toEqual(['error:not-webvtt@1']);
    expect(r.issues[0].message).toBe('"opnames/test.vtt" is not a WebVTT file: its first line is "1", not WEBVTT');
    expect(r.issues[0].hint).toBe('its timings look like SubRip (00:00:01,000): set `format: srt` on its source entry, or rename it to .srt');
    const other = parseSubtitles('Mentor 1: Hallo.\n', opts());
    expect(other.issues[0].hint).toBe('a WebVTT file starts with the line WEBVTT; add it, or set the `format:` of this source to what the file is');
    expect(parseSubtitles('webvtt\n', opts()).issues[0].code).toBe('not-webvtt');
    expect(parseSubtitles('WEBVTTX\n', opts()).issues[0].code).toBe('not-webvtt');
  });

  it('rejects a WebVTT file read as SubRip', () => {
    const r = parseSubtitles('WEBVTT\n\n00:01.000 --> 00:02.000\nHallo.\n', opts({ format: 'srt', file: 'opnames/x.srt' }));
    expect(r.document).toBeNull();
    expect(r.issues).toEqual([{ severity: 'error', file: 'opnames/x.srt', line: 1, code: 'wrong-subtitle-format', message: '"opnames/x.srt" starts with WEBVTT: it is a WebVTT file, not SubRip', hint: 'set `format: vtt` on its source entry, or rename it to .vtt' }]);
  });

  it('warns about an empty file, or one without cues, and returns a document without excerpts', () => {
    for (const [text, format, why] of [['', 'vtt', 'is empty'], [' \n\r\n', 'srt', 'is empty'], ['WEBVTT\n\nNOTE alleen een opmerking\n', 'vtt', 'has no cues'], ['WEBVTT\n\n00:01.000 --> 00:02.000\n#L3\n', 'vtt', 'has no cue with text to analyse']] as const) {
      const r = parseSubtitles(text, opts({ format }));
      expect(r.document!.excerpts).toEqual([]);
      expect(r.document!.text).toBe('');
      expect(r.issues.filter((i) => i.code === 'empty-transcript')).toEqual([{ severity: 'warning', file: 'opnames/test.vtt', line: 1, code: 'empty-transcript', message: `subtitle file "opnames/test.vtt" ${why}`, hint: 'check that the file holds the cues of the transcript' }]);
    }
  });

  it('explains each kind of malformed timing line', () => {
    const { issues, counts } = vtt([
      'WEBVTT', '',
      '--> 00:02.000', 'a', '',
      '00:01.000 -->', 'b', '',
      '00:01.000 --> 00:02.000align:start', 'c', '',
      'een --> twee', 'd', '',
      '00:01.000 --> 00:75:00.000', 'e', '',
      '00:01:02.000', 'f', '',
    ].join('\n'));
    expect(counts.cuesSkipped).toBe(6);
    expect(issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '3: malformed cue timing at line 3 ("--> 00:02.000"): the start time before "-->" is missing',
      '6: malformed cue timing at line 6 ("00:01.000 -->"): the end time after "-->" is missing',
      '9: malformed cue timing at line 9 ("00:01.000 --> 00:02.000align:start"): the end time "00:02.000align:start" is not a time of the form hh:mm:ss.ttt (hours optional)',
      '12: malformed cue timing at line 12 ("een --> twee"): the start time "een" is not a time of the form hh:mm:ss.ttt (hours optional)',
      '15: malformed cue timing at line 15 ("00:01.000 --> 00:75:00.000"): the end time "00:75:00.000" has minutes above 59',
      '18: malformed cue timing at line 18 ("00:01:02.000"): there is no "-->" between the start and the end time',
      '1: subtitle file "opnames/test.vtt" has no cues',
    ]);
  });

  it('lists at most 20 malformed timings and counts the rest', () => {
    const cues = Array.from({ length: 23 }, (_, k) => `00:00:${String(k).padStart(2, '0')},000 --> 00:00:${String(k + 1).padStart(2, '0')},000\nTekst.\n`);
    const { issues, counts } = vtt(`WEBVTT\n\n${cues.join('\n')}`);
    expect(counts).toEqual({ cues: 0, cuesSkipped: 23, excerpts: 0 });
    expect(issues.filter((i) => i.code === 'malformed-timing')).toHaveLength(21);
    expect(issues[20]).toEqual({ severity: 'error', file: 'opnames/test.vtt', code: 'malformed-timing', message: '3 more malformed cue timings in this file are not listed', hint: 'fix the timings listed above first; the same mistake is probably repeated' });
  });

  it('warns about text blocks that are not cues', () => {
    const { doc, issues } = vtt('WEBVTT\n\nDit is losse tekst zonder tijden.\nNog een regel.\n\n00:01.000 --> 00:02.000\n<v Mentor 1>Ja.\n\nNog meer losse tekst.\n');
    expect(kinds(issues)).toEqual(['warning:not-a-cue@3']);
    expect(issues[0].message).toBe('the text block at line 3 ("Dit is losse tekst zonder tij…") has no timing line, so it is not a cue and is not read (2 cues in this file)');
    expect(texts(doc)).toEqual(['Ja.']);
  });

  it('warns once about cues out of time order, and does not merge them with the cue above', () => {
    const { doc, issues } = vtt('WEBVTT\n\n00:10.000 --> 00:11.000\n<v Mentor 1>Een.\n\n00:09.000 --> 00:10.000\n<v Mentor 1>Twee.\n\n00:08.000 --> 00:09.000\n<v Mentor 1>Drie.\n\n00:09.000 --> 00:10.000\n<v Mentor 1>Vier.\n');
    expect(kinds(issues)).toEqual(['warning:cue-order@6']);
    expect(issues[0].message).toBe('the cue at line 6 starts before the cue above it; cues are read in file order, and this one is not merged with the one above (2 cues in this file)');
    expect(texts(doc)).toEqual(['Een.', 'Twee.', 'Drie. Vier.']);
  });

  it('returns an unreadable-file error for a missing file, and stops on undecodable bytes', async () => {
    const r = await readSubtitles(FIX + 'bestaat-niet.vtt', opts({ file: 'bestaat-niet.vtt' }));
    expect(r).toEqual({
      document: null,
      issues: [{ severity: 'error', file: 'bestaat-niet.vtt', code: 'unreadable-file', message: 'subtitle file "bestaat-niet.vtt" does not exist', hint: 'check the path or glob of this source in hefboom.yaml' }],
      counts: { cues: 0, cuesSkipped: 0, excerpts: 0 },
    });
    const folder = await readSubtitles(FIX, opts({ file: 'subtitles' }));
    expect(folder.issues[0].message).toBe('subtitle file "subtitles" is a folder, not a file');
    const bad = parseSubtitles(new Uint8Array(Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\nOk\xe9\n', 'latin1')), opts());
    expect(bad.document).toBeNull();
    expect(kinds(bad.issues)).toEqual(['error:bad-encoding@4']);
  });
});
