import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Coding, Document, Excerpt, Framework } from '../model/types.js';
import { CodeIndex, parseCodebook } from '../model/codebook.js';
import { BUILTIN_FRAMEWORK_IDS, loadBuiltinFramework } from '../model/framework.js';
import { createRoleTable, resolveSpeaker, type SpeakerRules } from '../model/roles.js';
import { buildDocumentImport, type DocumentImportOptions, type ReadInput } from './import-documents.js';
import { readSubtitles } from './subtitles.js';
import { loadProjectFile } from './project.js';
import { openWorkspace } from './workspace.js';
import { loadCorpus } from './corpus.js';

const FIX = fileURLToPath(new URL('../../fixtures/subtitles/', import.meta.url));
const FRAMEWORKS = new Map<string, Framework>(BUILTIN_FRAMEWORK_IDS.map((id) => [id, loadBuiltinFramework(id)]));
/** startgesprek, feedback (child feedback-uitstellen), voordoen, reflectie. */
const CODEBOOK = parseCodebook(readFileSync(join(FIX, 'codebook.yaml'), 'utf8'), 'codebook.yaml', FRAMEWORKS).codebook;
const INDEX = new CodeIndex(CODEBOOK, FRAMEWORKS);
const RULES: SpeakerRules = { roles: createRoleTable(), speakers: {}, anyLabel: false };

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

interface Para { label?: string; role?: string; text: string; codes?: string[]; time?: number }

/** A document as a reader makes it: `Label: text` paragraphs with a blank line between, whole-paragraph codes. */
function handDoc(id: string, coder: string, paras: Para[]): Document {
  let text = '';
  let cp = 0;
  const excerpts: Excerpt[] = paras.map((p, i) => {
    if (i) { text += '\n\n'; cp += 2; }
    const label = p.label ? `${p.label}: ` : '';
    text += label;
    cp += [...label].length;
    const start = cp;
    text += p.text;
    cp += [...p.text].length;
    const role = p.role ?? (p.label ? resolveSpeaker(p.label, RULES)?.role ?? 'onbekend' : 'onbekend');
    return {
      id: `${id}/p${i + 1}`, documentId: id, ordinal: i + 1, text: p.text, start, end: cp, line: 1 + 2 * i,
      speaker: { label: p.label ?? '', role }, attributes: {},
      codings: (p.codes ?? []).map((codeId): Coding => ({ codeId, coder, start, end: cp })),
      ...(p.time !== undefined ? { time: { start: p.time } } : {}),
    };
  });
  return { id, path: `${id}.vtt`, format: 'vtt', coder, attributes: {}, text, lineEnding: text.includes('\n') ? 'lf' : 'none', excerpts, hasFullText: true };
}

/** Code a phrase of paragraph `ordinal` (a comment on a few words). */
function codePhrase(d: Document, ordinal: number, phrase: string, codeId: string, extra: Partial<Coding> = {}): Coding {
  const x = d.excerpts[ordinal - 1];
  const at = x.text.indexOf(phrase);
  expect(at).toBeGreaterThanOrEqual(0);
  const start = x.start + [...x.text.slice(0, at)].length;
  const c: Coding = { codeId, coder: d.coder, start, end: start + [...phrase].length, ...extra };
  x.codings.push(c);
  return c;
}

function input(display: string, ...documents: Document[]): ReadInput {
  return { display, format: 'vtt', documents, issues: [] };
}

function build(inputs: ReadInput[], extra: Partial<DocumentImportOptions> = {}) {
  return buildDocumentImport({ kind: 'vtt', inputs, codebook: CODEBOOK, codebookSource: 'codebook.yaml', frameworks: FRAMEWORKS, speakerRules: RULES, ...extra });
}

const text = (files: Map<string, string | string[]>, path: string): string => {
  const c = files.get(path);
  if (c === undefined) throw new Error(`${path} was not written; written: ${[...files.keys()].join(', ')}`);
  return typeof c === 'string' ? c : `${c.join('\n')}\n`;
};

/** Write the files as the command does and read the project back with the workspace. */
async function readBack(files: Map<string, string | string[]>): Promise<Document[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hefboom-import-documents-'));
  dirs.push(dir);
  for (const path of files.keys()) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text(files, path));
  }
  const p = loadProjectFile(join(dir, 'hefboom.yaml'));
  expect(p.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const ws = await openWorkspace(p.project!);
  const scan = await loadCorpus(ws, { allCoders: true });
  expect([...ws.issues, ...scan.issues].filter((i) => i.severity === 'error')).toEqual([]);
  return scan.chosen.map((c) => c.summary);
}

/** What an analysis sees of a document: per paragraph speaker, text, whole-second time and codes. */
function seen(d: Document, withTime = true): string[] {
  return d.excerpts.map((x) => [
    x.speaker.role, x.speaker.label, x.text.replace(/\s+/g, ' ').trim(),
    withTime && x.time ? Math.floor(x.time.start) : '-',
    [...new Set(x.codings.map((c) => c.codeId))].sort().join(' '),
  ].join(' | '));
}

describe('native transcripts', () => {
  it('writes a subtitle file coded on whole paragraphs as a transcript with [hh:mm:ss] before each label', async () => {
    const r = await readSubtitles(join(FIX, 'overleg-drie-sprekers.vtt'), { file: 'overleg-drie-sprekers.vtt', format: 'vtt', coder: 'default', speakerRules: RULES, resolveTag: (t) => INDEX.resolveTag(t) });
    const doc = r.document!;
    const built = build([{ display: 'opnames/overleg-drie-sprekers.vtt', format: 'vtt', documents: [doc], issues: r.issues }]);
    expect(built.issues).toEqual([]);
    expect([...built.files.keys()].sort()).toEqual(['IMPORT.md', 'codebook.yaml', 'hefboom.yaml', 'transcripts/default/overleg-drie-sprekers.txt']);
    expect(text(built.files, 'transcripts/default/overleg-drie-sprekers.txt')).toBe([
      '---',
      'id: "overleg-drie-sprekers"',
      '---',
      '[00:59:58] Mentor 1: Goeiemorgen, fijn dat je er bent voor ons startgesprek. We kijken eerst samen wat je al kan en wat je hier wil leren. #startgesprek',
      '',
      '[01:00:09] Cursist 2: In mijn vorige stage mocht ik vooral meekijken. Ik wil leren hoe ik een moeilijk moment aan tafel aanpak. #reflectie',
      '',
      '[01:00:25] Verantwoordelijke: Dan plannen we dat in de eerste week & bespreken we het achteraf. #feedback',
      '',
      '[01:00:29] Mentor 1: Ik doe het eerst voor.',
      '',
      '[01:00:29] Cursist 2: Oké, dan kijk ik mee. #voordoen',
      '',
      '[01:00:40] Cursist 2: Soms durf ik niet te zeggen wat ik moeilijk vind. Zeker bij nieuwe collega\'s. #feedback-uitstellen',
      '',
    ].join('\n'));
    expect(text(built.files, 'hefboom.yaml')).toBe([
      '# Imported from opnames/overleg-drie-sprekers.vtt by hefboom import vtt; see IMPORT.md.',
      '# transcripts/<coder>/ holds native transcripts: codes as #tags on whole paragraphs.',
      'name: overleg-drie-sprekers.vtt',
      'language: nl',
      'codebook: codebook.yaml',
      'frameworks:',
      '  - levers',
      '  - memoq',
      'sources:',
      '  - path: transcripts/default/*.txt',
      '    format: transcript',
      '    coder: default',
      '',
    ].join('\n'));
    expect(built.placed).toEqual([{ id: 'overleg-drie-sprekers', coder: 'default', input: 'opnames/overleg-drie-sprekers.vtt', paragraphs: 6, codings: 5, route: 'transcript', path: 'transcripts/default/overleg-drie-sprekers.txt' }]);
    expect(built.coders).toEqual([{ name: 'default', documents: 1, codings: 5 }]);
    expect(built.primaryCoder).toBeUndefined();
    const cb = text(built.files, 'codebook.yaml');
    expect(cb.split('\n')[0]).toBe('# Codes of codebook.yaml, with which opnames/overleg-drie-sprekers.vtt was read by hefboom import vtt.');
    expect(cb).toContain('  - id: feedback\n    label: Feedback geven en krijgen\n    levers:\n      - L3\n');
    const report = text(built.files, 'IMPORT.md');
    expect(report).toContain('| overleg-drie-sprekers | default | 6 | 5 | transcripts/default/overleg-drie-sprekers.txt |');
    expect(report).toContain('- Times are written as `[hh:mm:ss]`');

    const [back] = await readBack(built.files);
    expect(seen(back)).toEqual(seen(doc));
    // Cue times have fractions; the transcript keeps whole seconds.
    expect(back.excerpts.map((x) => x.time?.start)).toEqual([3598, 3609, 3625, 3629, 3629, 3640]);
  });

  it('writes lever and MeMoQ nodes as #L3 and #memoq:…, and adds codes the codebook lacks', async () => {
    const d = handDoc('ko2-interview', 'default', [
      { label: 'Mentor 2', text: 'We spreken bij de start af wat ze al kan.', codes: ['startprofiel', 'fw:levers:L3', 'fw:memoq:emotionele-ondersteuning'] },
      { label: 'Cursist 1', text: 'Ik kijk eerst hoe het moet.', codes: ['voordoen'] },
    ]);
    const built = build([input('ko2-interview.vtt', d)], { codebook: { codes: [] }, codebookSource: undefined });
    expect(built.implicitCodes).toEqual(['startprofiel', 'voordoen']);
    expect(text(built.files, 'transcripts/default/ko2-interview.txt')).toContain('Mentor 2: We spreken bij de start af wat ze al kan. #startprofiel #L3 #memoq:emotionele-ondersteuning\n');
    expect(text(built.files, 'codebook.yaml')).toBe([
      '# Codes found in ko2-interview.vtt by hefboom import vtt (no codebook was given).',
      '# 2 code(s) used in the data were not in a codebook: startprofiel, voordoen; give them a label and a parent.',
      '# Map codes to the frameworks by adding e.g. `levers: [L3]` or `memoq: [emotionele-ondersteuning]`.',
      'codes:',
      '  - id: startprofiel',
      '  - id: voordoen',
      '',
    ].join('\n'));
    const [back] = await readBack(built.files);
    expect(seen(back)).toEqual(seen(d));
  });

  it('names a voice the rules do not know in the front matter, and escapes # that would be read as a tag', async () => {
    const d = handDoc('jana', 'default', [
      { label: 'Jana', role: 'onbekend', text: 'Ik noteer het in map #3 en op het #bord, of in C:\\#tmp.', codes: ['reflectie'] },
      { label: 'Mentor 1', text: 'Goed zo (#voordoen is hier geen code).' },
    ]);
    const built = build([input('jana.vtt', d)]);
    expect(text(built.files, 'transcripts/default/jana.txt')).toBe([
      '---',
      'id: "jana"',
      'speakers: {"Jana":"onbekend"}',
      '---',
      'Jana: Ik noteer het in map #3 en op het \\#bord, of in C:\\\\#tmp. #reflectie',
      '',
      'Mentor 1: Goed zo (\\#voordoen is hier geen code).',
      '',
    ].join('\n'));
    const [back] = await readBack(built.files);
    expect(seen(back)).toEqual(seen(d));
  });

  it('keeps sections (Word headings) as Markdown headings in a .md transcript, and a # that starts a line as text', async () => {
    const d = handDoc('kop', 'default', [
      { label: 'Mentor 1', text: 'We starten met een startgesprek.', codes: ['startgesprek'] },
      { label: 'Cursist 2', text: 'Ik vond dat fijn.\n# 2 keer per week is genoeg.' },
      { text: 'Nabespreking zonder spreker.', codes: ['reflectie'] },
    ]);
    d.excerpts[0].attributes.section = 'Onthaal';
    d.excerpts[1].attributes.section = 'Onthaal';
    d.excerpts[2].attributes.section = 'Afsluiting';
    const built = build([input('kop.docx', d)]);
    expect(text(built.files, 'transcripts/default/kop.md')).toBe([
      '---', 'id: "kop"', '---',
      '# Onthaal', '', 'Mentor 1: We starten met een startgesprek. #startgesprek', '',
      'Cursist 2: Ik vond dat fijn.', '\\# 2 keer per week is genoeg.', '',
      '# Afsluiting', '', 'Nabespreking zonder spreker. #reflectie', '',
    ].join('\n'));
    expect(text(built.files, 'hefboom.yaml')).toContain('path: transcripts/default/*.md');
    const [back] = await readBack(built.files);
    expect(seen(back)).toEqual(seen(d));
    expect(back.excerpts.map((x) => x.attributes.section)).toEqual(['Onthaal', 'Onthaal', 'Afsluiting']);
  });

  it('keeps memos (comment replies) of codings in native transcripts in memos.md', () => {
    const d = handDoc('gesprek', 'Annelies', [{ label: 'Kinderbegeleider 3', text: 'Ik doe het eerst voor.' }]);
    d.excerpts[0].codings.push({ codeId: 'voordoen', coder: 'Annelies', start: d.excerpts[0].start, end: d.excerpts[0].end, memo: 'Bert: akkoord\nAnnelies: ook duiding?' });
    const built = build([input('gesprek.docx', d)]);
    expect(text(built.files, 'memos.md')).toBe([
      '# Memo\'s bij de import',
      '',
      'Memo\'s (antwoorden op opmerkingen) bij coderingen die als #tags in een transcript staan.',
      '',
      '## gesprek (Annelies) — transcripts/Annelies/gesprek.txt',
      '',
      '- paragraaf 1 (regel 1), #voordoen:',
      '  Bert: akkoord',
      '  Annelies: ook duiding?',
      '',
    ].join('\n'));
    expect(text(built.files, 'IMPORT.md')).toContain('- Memos (comment replies) of codings in native transcripts: memos.md');
  });
});

describe('texts and segment rows', () => {
  it('sends a document with a coding on a few words to texts/ and segments/<coder>.csv, in code points', async () => {
    const d = handDoc('gesprek', 'Annelies', [
      { label: 'Mentor 2', text: 'Ik doe het eerst voor 😅 en daarna mag ze het zelf proberen.' },
      { label: 'Cursist 1', text: 'Feedback krijg ik meestal pas achteraf.', codes: ['feedback'] },
    ]);
    codePhrase(d, 1, 'daarna mag ze het zelf proberen', 'voordoen', { memo: 'Bert: klopt, "zelf" is het punt' });
    const built = build([input('gesprek.docx', d)]);
    expect(built.issues).toEqual([]);
    expect(text(built.files, 'texts/gesprek.txt')).toBe(d.text);
    expect(text(built.files, 'segments/Annelies.csv')).toBe([
      'document,coder,start,end,code,memo,text',
      'gesprek,Annelies,37,68,voordoen,"Bert: klopt, ""zelf"" is het punt",daarna mag ze het zelf proberen',
      'gesprek,Annelies,82,121,feedback,,Feedback krijg ik meestal pas achteraf.',
      '',
    ].join('\n'));
    expect(built.placed).toEqual([{
      id: 'gesprek', coder: 'Annelies', input: 'gesprek.docx', paragraphs: 2, codings: 2, route: 'segments',
      path: 'texts/gesprek.txt', table: 'segments/Annelies.csv', reason: 'a coding covers only part of paragraph 1 (line 1)',
    }]);
    expect(text(built.files, 'hefboom.yaml')).toContain([
      'sources:',
      '  - path: segments/*.csv',
      '    format: segments',
      '    texts: texts',
      '    columns:',
      '      document: document',
      '      coder: coder',
      '      codes: code',
      '      start: start',
      '      end: end',
      '      memo: memo',
      '',
    ].join('\n'));
    expect(text(built.files, 'IMPORT.md')).toContain('| gesprek | Annelies | 2 | 2 | texts/gesprek.txt + segments/Annelies.csv: a coding covers only part of paragraph 1 (line 1) |');
    const [back] = await readBack(built.files);
    expect(seen(back)).toEqual(seen(d));
    expect(back.excerpts[0].codings).toMatchObject([{ codeId: 'voordoen', start: 37, end: 68, memo: 'Bert: klopt, "zelf" is het punt' }]);
  });

  it('rebuilds the text from the paragraphs when a timestamp before a label would hide the speaker, moving the offsets', async () => {
    const d = handDoc('ko3-focusgroep', 'default', [
      { label: 'Cursist 1', text: 'Ik durf niet altijd te vragen waarom iets zo moet.', time: 845 },
      { label: 'Mentor 2', text: 'Dan leg ik het de volgende keer uit.', codes: ['voordoen'], time: 851.5 },
    ]);
    // As a reader with timestamps writes Document.text: the timestamp before the label.
    d.text = `[00:14:05] ${d.text.replace('\n\nMentor 2', '\n\n[00:14:11] Mentor 2')}`;
    for (const [i, x] of d.excerpts.entries()) { const shift = 11 * (i + 1); x.start += shift; x.end += shift; for (const c of x.codings) { c.start += shift; c.end += shift; } }
    codePhrase(d, 1, 'te vragen waarom', 'feedback-uitstellen');
    const built = build([input('ko3-focusgroep.docx', d)]);
    expect(built.issues).toEqual([]);
    expect(text(built.files, 'texts/ko3-focusgroep.txt')).toBe('Cursist 1: Ik durf niet altijd te vragen waarom iets zo moet.\n\nMentor 2: Dan leg ik het de volgende keer uit.\n');
    expect(text(built.files, 'segments/default.csv')).toBe([
      'document,coder,start,end,code,memo,text',
      'ko3-focusgroep,default,31,47,feedback-uitstellen,,te vragen waarom',
      'ko3-focusgroep,default,73,109,voordoen,,Dan leg ik het de volgende keer uit.',
      '',
    ].join('\n'));
    expect(built.placed[0]).toMatchObject({ route: 'segments', rebuilt: true });
    expect(text(built.files, 'IMPORT.md')).toContain('texts/ko3-focusgroep.txt (rebuilt from the paragraphs) + segments/default.csv');
    const [back] = await readBack(built.files);
    // Segment tables keep no times.
    expect(seen(back, false)).toEqual(seen(d, false));
  });

  it('writes a comment over several paragraphs as one row over its span: one coded reference', async () => {
    const d = handDoc('verslag', 'Bert', [
      { label: 'Verantwoordelijke', text: 'Ik geef feedback na de verzorging. Soms stel ik het uit tot later.' },
      { label: 'Mentor 2', text: 'Dat herken ik. Benoem het meteen.' },
      { label: 'Cursist 1', text: 'Ik vraag het liever aan mijn mentor.' },
    ]);
    const a = codePhrase(d, 1, 'Soms stel ik het uit tot later.', 'feedback-uitstellen', { ref: 'comment-7' });
    const b = codePhrase(d, 2, 'Dat herken ik.', 'feedback-uitstellen', { ref: 'comment-7' });
    a.refSpan = b.refSpan = { start: a.start, end: b.end };
    const built = build([input('verslag.odt', d)]);
    expect(text(built.files, 'segments/Bert.csv')).toBe([
      'document,coder,start,end,code,memo,text',
      'verslag,Bert,54,111,feedback-uitstellen,,"Soms stel ik het uit tot later.',
      '',
      'Mentor 2: Dat herken ik."',
      '',
    ].join('\n'));
    expect(built.coders).toEqual([{ name: 'Bert', documents: 1, codings: 1 }]);
    const [back] = await readBack(built.files);
    expect(seen(back)).toEqual(seen(d));
    const refs = new Set(back.excerpts.flatMap((x) => x.codings.map((c) => c.ref)));
    expect(refs.size).toBe(1);
  });

  it('keeps a document without paragraphs as one empty row, so it is still read', async () => {
    const d = handDoc('leeg', 'default', []);
    const built = build([input('leeg.vtt', d)]);
    expect(text(built.files, 'segments/default.csv')).toBe('document,coder,start,end,code,memo,text\nleeg,default,0,0,,,\n');
    expect(built.placed[0].reason).toBe('it has no paragraphs');
  });

  it('gives two texts of one document their own files, mapped to the id', () => {
    const a = handDoc('overleg', 'Annelies', [{ label: 'Mentor 1', text: 'We beginnen met het startgesprek.' }]);
    codePhrase(a, 1, 'startgesprek', 'startgesprek');
    const b = handDoc('overleg', 'Bert', [{ label: 'Mentor 1', text: 'We beginnen met het startgesprek.' }]);
    b.text = `${b.text}\n`;
    codePhrase(b, 1, 'We beginnen', 'startgesprek');
    const built = build([input('a/overleg.docx', a), input('b/overleg.docx', b)]);
    expect(built.issues).toEqual([]);
    expect(built.placed.map((p) => p.path)).toEqual(['texts/overleg.txt', 'texts/overleg-2.txt']);
    expect(text(built.files, 'hefboom.yaml')).toContain('    documents:\n      overleg-2: overleg\n');
    expect(text(built.files, 'hefboom.yaml')).toContain('primary_coder: Annelies\n');
  });
});

describe('coders', () => {
  it('gives inline tags to --coder, merging them with that coder\'s comments in the same file', async () => {
    const inline = handDoc('gesprek', 'default', [
      { label: 'Mentor 2', text: 'Ik doe het eerst voor.', codes: ['voordoen'] },
      { label: 'Cursist 1', text: 'Ik durf niet te vragen waarom.' },
    ]);
    const comments = handDoc('gesprek', 'Annelies', [
      { label: 'Mentor 2', text: 'Ik doe het eerst voor.' },
      { label: 'Cursist 1', text: 'Ik durf niet te vragen waarom.', codes: ['feedback-uitstellen'] },
    ]);
    const other = handDoc('gesprek', 'Bert', [
      { label: 'Mentor 2', text: 'Ik doe het eerst voor.', codes: ['reflectie'] },
      { label: 'Cursist 1', text: 'Ik durf niet te vragen waarom.' },
    ]);
    const built = build([input('gesprek.docx', inline, comments, other)], { inlineCoder: { from: 'default', to: 'Annelies' } });
    expect(built.issues).toEqual([]);
    expect(built.coders).toEqual([{ name: 'Annelies', documents: 1, codings: 2 }, { name: 'Bert', documents: 1, codings: 1 }]);
    expect(built.primaryCoder).toBe('Annelies');
    expect(text(built.files, 'transcripts/Annelies/gesprek.txt')).toContain('Mentor 2: Ik doe het eerst voor. #voordoen\n\nCursist 1: Ik durf niet te vragen waarom. #feedback-uitstellen\n');
    const yaml = text(built.files, 'hefboom.yaml');
    expect(yaml).toContain('primary_coder: Annelies\nsources:\n  - path: transcripts/Annelies/*.txt\n    format: transcript\n    coder: Annelies\n  - path: transcripts/Bert/*.txt\n    format: transcript\n    coder: Bert\n');
    expect(yaml).toContain('# 2 coders: analyses use primary_coder');
    const back = await readBack(built.files);
    expect(back.map((d) => d.coder)).toEqual(['Annelies', 'Bert']);
  });

  it('keeps the -p project\'s primary coder when that coder coded something', () => {
    const docs = (coder: string) => handDoc('gesprek', coder, [{ label: 'Mentor 2', text: 'Ik doe het voor.', codes: ['voordoen'] }]);
    expect(build([input('gesprek.docx', docs('Annelies'), docs('Bert'))], { primaryCoder: 'Bert' }).primaryCoder).toBe('Bert');
    expect(build([input('gesprek.docx', docs('Annelies'), docs('Bert'))], { primaryCoder: 'Chris' }).primaryCoder).toBe('Annelies');
  });

  it('names coder folders so that they are safe in a glob', () => {
    const d = handDoc('gesprek', 'Team [A]', [{ label: 'Mentor 2', text: 'Ik doe het voor.', codes: ['voordoen'] }]);
    const built = build([input('gesprek.vtt', d)]);
    expect(text(built.files, 'hefboom.yaml')).toContain('  - path: transcripts/Team -A-/*.txt\n    format: transcript\n    coder: Team [A]\n');
  });

  it('carries the project\'s frameworks, roles and speakers into the new project', () => {
    const d = handDoc('keuken', 'default', [{ label: 'Sofie', role: 'kinderbegeleider', text: 'Ik laat haar eerst kijken.', codes: ['voordoen'] }]);
    const built = build([input('keuken.srt', d)], {
      speakerRules: { ...RULES, speakers: { Sofie: 'kinderbegeleider' } },
      carry: { frameworkFiles: [{ path: 'frameworks/praktijken.yaml', text: 'id: praktijken\n' }], roles: 'roles: []\n', speakers: { Sofie: 'kinderbegeleider' }, speakerLabels: 'roles' },
    });
    expect(text(built.files, 'frameworks/praktijken.yaml')).toBe('id: praktijken\n');
    expect(text(built.files, 'roles.yaml')).toBe('roles: []\n');
    expect(text(built.files, 'hefboom.yaml')).toContain('frameworks:\n  - levers\n  - memoq\n  - frameworks/praktijken.yaml\nroles: roles.yaml\nspeakers:\n  Sofie: kinderbegeleider\nsources:\n');
    // Sofie is a known speaker there, so the front matter does not name her.
    expect(text(built.files, 'transcripts/default/keuken.txt')).toBe('---\nid: "keuken"\n---\nSofie: Ik laat haar eerst kijken. #voordoen\n');
  });
});

describe('bad input', () => {
  it('refuses a document read twice for one coder', () => {
    const d = handDoc('overleg', 'default', [{ label: 'Mentor 1', text: 'Goeiemorgen.' }]);
    const built = build([input('a/overleg.vtt', d), input('b/overleg.vtt', handDoc('overleg', 'default', [{ label: 'Mentor 1', text: 'Goeiemorgen.' }]))]);
    expect(built.issues).toEqual([{
      severity: 'error', file: 'b/overleg.vtt', code: 'duplicate-document',
      message: 'document "overleg" by coder default is read twice (also from a/overleg.vtt)',
      hint: 'import the files separately, or rename one of them (the document id is the file name)',
    }]);
  });

  it('refuses two coders\' copies of a document whose paragraphs differ', () => {
    const a = handDoc('overleg', 'Annelies', [{ label: 'Mentor 1', text: 'Goeiemorgen.' }, { label: 'Cursist 2', text: 'Dag.' }]);
    const b = handDoc('overleg', 'Bert', [{ label: 'Mentor 1', text: 'Goeiemorgen.' }, { label: 'Cursist 2', text: 'Hallo.' }]);
    const built = build([input('a/overleg.docx', a), input('b/overleg.docx', b)]);
    expect(built.issues).toEqual([{
      severity: 'error', file: 'b/overleg.docx', line: 3, code: 'coder-text-differs',
      message: 'document "overleg" differs between a/overleg.docx (coder Annelies) and b/overleg.docx (coder Bert) from paragraph 2 on',
      hint: 'two coders\' copies of a document must hold the same text; rename one of the files to give it its own id',
    }]);
  });

  it('writes a field note that starts like a label to segments, with a warning that it reads back otherwise', () => {
    const d = handDoc('notities', 'default', [{ text: 'Mentor 2: zo noteerde ik het in het verslag.', codes: ['reflectie'] }]);
    const built = build([input('notities.vtt', d)]);
    expect(built.placed[0]).toMatchObject({ route: 'segments', reason: 'paragraph 1 (line 1) reads back with another speaker' });
    expect(built.issues).toEqual([{
      severity: 'warning', file: 'notities.vtt', code: 'segments-read-back',
      message: 'document "notities" (coder default) was written to texts/notities.txt and a segment table, but reading them back gives another speaker in paragraph 1',
      hint: 'check that document in the imported project (`hefboom quotes -p DIR`), or code it in the original file on whole paragraphs',
    }]);
    expect(text(built.files, 'IMPORT.md')).toContain('- segments-read-back: document "notities" (coder default)');
  });

  it('does not write a time of 100 hours or more as a native timestamp', () => {
    const d = handDoc('lang', 'default', [{ label: 'Mentor 1', text: 'Nog altijd aan het opnemen.', codes: ['reflectie'], time: 360000 }]);
    const built = build([input('lang.vtt', d)]);
    expect(built.placed[0]).toMatchObject({ route: 'segments', reason: 'paragraph 1 (line 1) reads back with another speaker' });
  });

  it('says why a document cannot be a native transcript when it would read back otherwise', () => {
    const cases: [Para, string][] = [
      [{ label: 'Mentor 1', text: 'Eerst dit.\n---\nDan dat.', codes: ['voordoen'] }, 'it reads back as 2 paragraphs instead of 1'],
      [{ text: '[00:01] Opname gestart.', codes: ['reflectie'] }, 'paragraph 1 (line 1) reads back with another text'],
      [{ label: 'Mentor 1', text: 'Afspraak gemaakt.', codes: ['afspraak.'] }, 'reading it back as a transcript gives an error (unknown-code)'],
    ];
    for (const [para, reason] of cases) {
      const built = build([input('geval.vtt', handDoc('geval', 'default', [para]))], { codebook: { codes: [] }, codebookSource: undefined });
      expect(built.placed[0], reason).toMatchObject({ route: 'segments', reason });
    }
  });

  it('lists the reader\'s warnings per file in IMPORT.md', () => {
    const d = handDoc('overleg', 'default', [{ label: 'Mentor 1', text: 'Goeiemorgen.' }]);
    const built = build([{ display: 'overleg.srt', format: 'srt', documents: [d], issues: [{ severity: 'warning', file: 'overleg.srt', line: 4, code: 'srt-index', message: 'cue 2 has no index' }] }]);
    expect(text(built.files, 'IMPORT.md')).toContain('## overleg.srt (srt)\n\n| document | coder | paragraphs | codings | written to |\n|---|---|---:|---:|---|\n| overleg | default | 1 | 0 | transcripts/default/overleg.txt |\n\nWarnings:\n\n- srt-index (line 4): cue 2 has no index\n');
  });
});
