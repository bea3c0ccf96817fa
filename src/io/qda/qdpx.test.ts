import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document, Excerpt, InputIssue } from '../../model/types.js';
import { createRoleTable } from '../../model/roles.js';
import { zipToBuffer } from './zip.js';
import { embeddedCodesOf, readQdpx, type QdaLimits, type QdpxResult } from './qdpx.js';

// ---------------------------------------------------------------------------------------------
// Helpers

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'hefboom-qdpx-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const speakerRules = () => ({ roles: createRoleTable([]), speakers: {}, anyLabel: false });

/** Write a .qdpx holding `xml` as project.qde and each of `sources` under sources/. */
async function writeQdpx(xml: string | undefined, sources: Record<string, string | Buffer> = {}, extra: { name: string; data: string | Buffer }[] = []): Promise<string> {
  const files = [
    ...(xml === undefined ? [] : [{ name: 'project.qde', data: xml }]),
    ...Object.entries(sources).map(([name, data]) => ({ name: `sources/${name}`, data })),
    ...extra,
  ];
  return writeBuffer(await zipToBuffer(files));
}

async function writeBuffer(buf: Buffer): Promise<string> {
  const path = join(root, `case-${++counter}.qdpx`);
  await fs.writeFile(path, buf);
  return path;
}

async function read(path: string, limits?: Partial<QdaLimits>, allowExternal = false): Promise<QdpxResult> {
  return readQdpx({ file: 'onderzoek.qdpx', absPath: path, speakerRules: speakerRules(), allowExternal, ...(limits ? { limits } : {}) });
}

async function importQdpx(xml: string | undefined, sources: Record<string, string | Buffer> = {}, limits?: Partial<QdaLimits>, allowExternal = false): Promise<QdpxResult> {
  return read(await writeQdpx(xml, sources), limits, allowExternal);
}

/** Code-point offsets of the `nth` occurrence of `word` in `text`. */
function span(text: string, word: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(word, at + 1);
    expect(at, `${word} #${nth}`).toBeGreaterThanOrEqual(0);
  }
  const start = Array.from(text.slice(0, at)).length;
  return { start, end: start + Array.from(word).length };
}

/** UTF-16 offsets of the `nth` occurrence of `word`. */
function u16span(text: string, word: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(word, at + 1);
  expect(at).toBeGreaterThanOrEqual(0);
  return { start: at, end: at + word.length };
}

const cpSlice = (text: string, a: number, b: number) => Array.from(text).slice(a, b).join('');

/** Every coding piece of a document with its text. */
function pieces(d: Document): { excerpt: number; code: string; coder: string; text: string; ref?: string; refSpan?: { start: number; end: number }; memo?: string }[] {
  return d.excerpts.flatMap((x: Excerpt) => x.codings.map((c) => ({
    excerpt: x.ordinal, code: c.codeId, coder: c.coder, text: cpSlice(d.text, c.start, c.end),
    ...(c.ref !== undefined ? { ref: c.ref } : {}), ...(c.refSpan ? { refSpan: c.refSpan } : {}), ...(c.memo ? { memo: c.memo } : {}),
  })));
}

const codesOf = (issues: InputIssue[]) => issues.map((i) => `${i.severity}:${i.code}`);

// ---------------------------------------------------------------------------------------------
// Guids

const U_ANNA = '11111111-1111-4111-8111-111111111111';
const U_BRAM = '22222222-2222-4222-8222-222222222222';
const C_FEEDBACK = 'AAAAAAAA-0000-4000-8000-000000000001';
const C_UITSTELLEN = 'AAAAAAAA-0000-4000-8000-000000000002';
const C_EEN = 'AAAAAAAA-0000-4000-8000-000000000003';
const V_ROL = 'BBBBBBBB-0000-4000-8000-000000000001';
const V_LOCATIE = 'BBBBBBBB-0000-4000-8000-000000000002';
const S1 = 'DDDDDDDD-0000-4000-8000-000000000001';
const S2 = 'DDDDDDDD-0000-4000-8000-000000000002';
const S3 = 'DDDDDDDD-0000-4000-8000-000000000003';
const NOTE = '99999999-0000-4000-8000-000000000001';
const k = (guid: string) => guid.toLowerCase();

let guidCounter = 0;
const g = (prefix: string) => `${prefix}-0000-4000-8000-${String(++guidCounter).padStart(12, '0')}`;

const CODES_XML = `
  <CodeBook>
    <Codes>
      <Code guid="${C_FEEDBACK}" name="Feedback" isCodable="true" color="#FF8800">
        <Code guid="${C_UITSTELLEN}" name="Feedback uitstellen" isCodable="true"/>
      </Code>
      <Code guid="${C_EEN}" name="Één-op-één begeleiding" isCodable="true" color="#00AA55"/>
    </Codes>
  </CodeBook>`;

const USERS_XML = `
  <Users>
    <User guid="${U_ANNA}" name="Anna"/>
    <User guid="${U_BRAM}" name="Bram"/>
  </Users>`;

function projectXml(body: string, opts: { origin?: string; codes?: string; basePath?: string } = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Werkplekleren" origin="${opts.origin ?? 'QualCoder 3.5'}"${opts.basePath ? ` basePath="${opts.basePath}"` : ''}>${USERS_XML}${opts.codes ?? CODES_XML}
${body}
</Project>
`;
}

/** A PlainTextSelection over `word` in `text` coded with `codes` (code guid per coding). */
function selXml(text: string, word: string, codings: { code: string; user?: string; guid?: string }[], opts: { guid?: string; user?: string; nth?: number; inner?: string; start?: number; end?: number } = {}): string {
  const s = opts.start !== undefined && opts.end !== undefined ? { start: opts.start, end: opts.end } : span(text, word, opts.nth ?? 0);
  const start = opts.start ?? s.start;
  const end = opts.end ?? s.end;
  return `<PlainTextSelection guid="${opts.guid ?? g('EEEEEEEE')}" startPosition="${start}" endPosition="${end}"${opts.user ? ` creatingUser="${opts.user}"` : ''}>
${opts.inner ?? ''}${codings.map((c) => `<Coding guid="${c.guid ?? g('FFFFFFFF')}"${c.user ? ` creatingUser="${c.user}"` : ''}><CodeRef targetGUID="${c.code}"/></Coding>`).join('\n')}
</PlainTextSelection>`;
}

const T_SIMPLE = 'Mentor: Goed gedaan met de fruitpap.\n\nCursist: Dank je, ik probeer het morgen opnieuw.\n';

function simpleProject(selections: string, opts: { origin?: string; codes?: string; extraSources?: string; after?: string } = {}): string {
  return projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Gesprek" plainTextPath="internal://${S1}.txt" creatingUser="${U_ANNA}">
${selections}
    </TextSource>${opts.extraSources ?? ''}
  </Sources>${opts.after ?? ''}`, opts);
}

// ---------------------------------------------------------------------------------------------
// A clean import

describe('readQdpx: a clean project', () => {
  const T1 = 'Mentor: Goed gedaan met de fruitpap.\n\nCursist: Dank je, ik probeer het morgen opnieuw.\n\nMentor: Dan bespreken we het na de middag.\n';
  const T2 = 'Cursist: Mijn mentor gaf me één-op-één uitleg.\n\nMentor: Ik wacht met feedback tot na het eten.\n';
  const T3 = 'Verslag van het teamoverleg.\n\nDe verantwoordelijke bevestigt de aanpak.\n';
  const SEL1 = 'EEEEEEEE-1111-4000-8000-000000000001';
  const SEL2 = 'EEEEEEEE-1111-4000-8000-000000000002';
  const SEL3 = 'EEEEEEEE-1111-4000-8000-000000000003';
  const SEL4 = 'EEEEEEEE-1111-4000-8000-000000000004';
  const COD1 = 'FFFFFFFF-1111-4000-8000-000000000001';
  const COD2 = 'FFFFFFFF-1111-4000-8000-000000000002';
  const COD3 = 'FFFFFFFF-1111-4000-8000-000000000003';
  const COD4 = 'FFFFFFFF-1111-4000-8000-000000000004';
  const COD5 = 'FFFFFFFF-1111-4000-8000-000000000005';
  const COD_SRC = 'FFFFFFFF-1111-4000-8000-000000000006';
  const crossStart = span(T1, 'opnieuw.').start;
  const crossEnd = span(T1, 'Dan bespreken').end;

  const xml = projectXml(`
  <Variables>
    <Variable guid="${V_ROL}" name="Rol" typeOfVariable="Text"/>
    <Variable guid="${V_LOCATIE}" name="Locatie" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="CCCCCCCC-0000-4000-8000-000000000001" name="Kinderdagverblijf De Vlinder">
      <VariableValue><VariableRef targetGUID="${V_ROL}"/><TextValue>mentor</TextValue></VariableValue>
      <SourceRef targetGUID="${S1}"/>
    </Case>
    <Case guid="CCCCCCCC-0000-4000-8000-000000000002">
      <VariableValue><VariableRef targetGUID="${V_LOCATIE}"/><TextValue>Gent</TextValue></VariableValue>
      <SourceRef targetGUID="${S2}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="${S1}" name="Interview Mentor 1" plainTextPath="internal://${S1}.txt" creatingUser="${U_ANNA}">
      ${selXml(T1, 'Goed gedaan', [{ code: C_FEEDBACK, user: U_ANNA, guid: COD1 }, { code: C_EEN, guid: COD2 }], { guid: SEL1, user: U_BRAM, inner: `<Description>Feedback meteen na de activiteit</Description><NoteRef targetGUID="${NOTE}"/>` })}
      ${selXml(T1, '', [{ code: C_UITSTELLEN, user: U_ANNA, guid: COD3 }], { guid: SEL2, start: crossStart, end: crossEnd })}
    </TextSource>
    <TextSource guid="${S2}" name="Interview Cursist 2" plainTextPath="interview-2.txt" creatingUser="${U_BRAM}">
      ${selXml(T2, 'één-op-één uitleg', [{ code: C_EEN, user: U_BRAM, guid: COD4 }], { guid: SEL3 })}
      ${selXml(T2, 'wacht met feedback', [{ code: C_UITSTELLEN, guid: COD5 }], { guid: SEL4, user: U_ANNA })}
    </TextSource>
    <TextSource guid="${S3}" name="Teamoverleg">
      <PlainTextContent>${T3}</PlainTextContent>
      <Coding guid="${COD_SRC}" creatingUser="${U_ANNA}"><CodeRef targetGUID="${C_FEEDBACK}"/></Coding>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="${NOTE}" name="Memo"><PlainTextContent>Zie ook het tweede gesprek.</PlainTextContent></Note>
  </Notes>
  <Sets>
    <Set guid="88888888-0000-4000-8000-000000000001" name="Eerste ronde">
      <MemberSource targetGUID="${S1}"/>
      <MemberSource targetGUID="${S3}"/>
    </Set>
  </Sets>`);

  let r: QdpxResult;
  beforeAll(async () => {
    r = await importQdpx(xml, { [`${S1}.txt`]: T1, 'interview-2.txt': T2 });
  });
  const doc = (id: string, coder: string) => {
    const d = r.documents.find((x) => x.id === id && x.coder === coder);
    expect(d, `${id} by ${coder}`).toBeDefined();
    return d!;
  };

  it('reads without issues', () => {
    expect(r.issues).toEqual([]);
    expect(r.project).not.toBeNull();
  });

  it('makes one document per source and coder', () => {
    expect(r.documents.map((d) => [d.id, d.coder])).toEqual([
      ['Interview Mentor 1', 'Anna'], ['Interview Mentor 1', 'Bram'],
      ['Interview Cursist 2', 'Bram'], ['Interview Cursist 2', 'Anna'],
      ['Teamoverleg', 'Anna'],
    ]);
    for (const d of r.documents) {
      expect(d.format).toBe('qdpx');
      expect(d.path).toBe('onderzoek.qdpx');
      expect(d.hasFullText).toBe(true);
      expect(d.lineEnding).toBe('lf');
    }
    expect(doc('Interview Mentor 1', 'Anna').text).toBe(T1);
    expect(doc('Interview Cursist 2', 'Anna').text).toBe(T2);
    expect(doc('Teamoverleg', 'Anna').text).toBe(T3);
  });

  it('makes the paragraphs the excerpts, speaker labels set apart', () => {
    const d = doc('Interview Mentor 1', 'Bram');
    expect(d.excerpts.map((x) => [x.id, x.ordinal, x.text, x.speaker.role, x.line])).toEqual([
      ['Interview Mentor 1/p1', 1, 'Goed gedaan met de fruitpap.', 'mentor', 1],
      ['Interview Mentor 1/p2', 2, 'Dank je, ik probeer het morgen opnieuw.', 'cursist', 3],
      ['Interview Mentor 1/p3', 3, 'Dan bespreken we het na de middag.', 'mentor', 5],
    ]);
    for (const x of d.excerpts) expect(cpSlice(T1, x.start, x.end)).toBe(x.text);
    expect(doc('Teamoverleg', 'Anna').excerpts.map((x) => x.text)).toEqual(['Verslag van het teamoverleg.', 'De verantwoordelijke bevestigt de aanpak.']);
  });

  it('codes the intended words by the Coding@creatingUser, else the selection creatingUser', () => {
    const memo = 'Feedback meteen na de activiteit\n\nZie ook het tweede gesprek.';
    expect(pieces(doc('Interview Mentor 1', 'Anna'))).toEqual([
      { excerpt: 1, code: k(C_FEEDBACK), coder: 'Anna', text: 'Goed gedaan', ref: COD1, memo },
      { excerpt: 2, code: k(C_UITSTELLEN), coder: 'Anna', text: 'opnieuw.', ref: COD3, refSpan: { start: crossStart, end: crossEnd } },
      { excerpt: 3, code: k(C_UITSTELLEN), coder: 'Anna', text: 'Dan bespreken', ref: COD3, refSpan: { start: crossStart, end: crossEnd } },
    ]);
    expect(pieces(doc('Interview Mentor 1', 'Bram'))).toEqual([
      { excerpt: 1, code: k(C_EEN), coder: 'Bram', text: 'Goed gedaan', ref: COD2, memo },
    ]);
    expect(pieces(doc('Interview Cursist 2', 'Bram'))).toEqual([
      { excerpt: 1, code: k(C_EEN), coder: 'Bram', text: 'één-op-één uitleg', ref: COD4 },
    ]);
    expect(pieces(doc('Interview Cursist 2', 'Anna'))).toEqual([
      { excerpt: 2, code: k(C_UITSTELLEN), coder: 'Anna', text: 'wacht met feedback', ref: COD5 },
    ]);
  });

  it('splits a selection over two paragraphs into one piece per paragraph, refSpan the whole span', () => {
    expect(cpSlice(T1, crossStart, crossEnd)).toBe('opnieuw.\n\nMentor: Dan bespreken');
    const d = doc('Interview Mentor 1', 'Anna');
    const cod3 = d.excerpts.flatMap((x) => x.codings).filter((c) => c.ref === COD3);
    expect(cod3).toHaveLength(2);
    expect(cod3.map((c) => c.refSpan)).toEqual([{ start: 78, end: 109 }, { start: 78, end: 109 }]);
    expect(cod3.map((c) => [c.start, c.end])).toEqual([[78, 86], [96, 109]]);
    expect([crossStart, crossEnd]).toEqual([78, 109]);
  });

  it('codes every paragraph for a Coding directly on a source', () => {
    const d = doc('Teamoverleg', 'Anna');
    const len = Array.from(T3).length;
    expect(pieces(d)).toEqual([
      { excerpt: 1, code: k(C_FEEDBACK), coder: 'Anna', text: 'Verslag van het teamoverleg.', ref: COD_SRC, refSpan: { start: 0, end: len } },
      { excerpt: 2, code: k(C_FEEDBACK), coder: 'Anna', text: 'De verantwoordelijke bevestigt de aanpak.', ref: COD_SRC, refSpan: { start: 0, end: len } },
    ]);
  });

  it('takes attributes from named cases, unnamed cases and sets', () => {
    expect(doc('Interview Mentor 1', 'Anna').attributes).toEqual({ case: 'Kinderdagverblijf De Vlinder', Rol: 'mentor', set: 'Eerste ronde' });
    expect(doc('Interview Mentor 1', 'Bram').attributes).toEqual({ case: 'Kinderdagverblijf De Vlinder', Rol: 'mentor', set: 'Eerste ronde' });
    expect(doc('Interview Cursist 2', 'Bram').attributes).toEqual({ Locatie: 'Gent' });
    expect(doc('Teamoverleg', 'Anna').attributes).toEqual({ set: 'Eerste ronde' });
    // Excerpts carry the document attributes.
    expect(doc('Interview Cursist 2', 'Anna').excerpts[1].attributes).toEqual({ Locatie: 'Gent' });
  });

  it('counts what it read', () => {
    expect(r.counts).toEqual({
      codes: 3, notes: 1, cases: 2, sets: 1, selections: 4, 'sources-text': 3, codings: 6, documents: 5,
    });
  });

  it('returns the codes, the texts and the references', () => {
    expect(r.codes).toEqual([
      { key: k(C_FEEDBACK), name: 'Feedback', isCodable: true, color: '#FF8800' },
      { key: k(C_UITSTELLEN), name: 'Feedback uitstellen', isCodable: true, parentKey: k(C_FEEDBACK) },
      { key: k(C_EEN), name: 'Één-op-één begeleiding', isCodable: true, color: '#00AA55' },
    ]);
    expect([...r.texts.entries()].map(([id, t]) => [id, t.name, t.guid, t.text])).toEqual([
      ['Interview Mentor 1', 'Interview Mentor 1', S1, T1],
      ['Interview Cursist 2', 'Interview Cursist 2', S2, T2],
      ['Teamoverleg', 'Teamoverleg', S3, T3],
    ]);
    expect(r.references.map((x) => [x.documentId, x.coder, x.codeKey, x.ref, cpSlice(r.texts.get(x.documentId)!.text, x.start, x.end)])).toEqual([
      ['Interview Mentor 1', 'Anna', k(C_FEEDBACK), COD1, 'Goed gedaan'],
      ['Interview Mentor 1', 'Anna', k(C_UITSTELLEN), COD3, 'opnieuw.\n\nMentor: Dan bespreken'],
      ['Interview Mentor 1', 'Bram', k(C_EEN), COD2, 'Goed gedaan'],
      ['Interview Cursist 2', 'Bram', k(C_EEN), COD4, 'één-op-één uitleg'],
      ['Interview Cursist 2', 'Anna', k(C_UITSTELLEN), COD5, 'wacht met feedback'],
      ['Teamoverleg', 'Anna', k(C_FEEDBACK), COD_SRC, T3],
    ]);
    expect(r.offsetRule).toMatchObject({ expected: 'code-points', chosen: 'code-points', switched: false, total: 4 });
  });

  it('lets the source entry coder override the file', async () => {
    const r2 = await readQdpx({ file: 'onderzoek.qdpx', absPath: await writeQdpx(xml, { [`${S1}.txt`]: T1, 'interview-2.txt': T2 }), speakerRules: speakerRules(), coder: 'Sofie' });
    expect(r2.documents.map((d) => [d.id, d.coder])).toEqual([['Interview Mentor 1', 'Sofie'], ['Interview Cursist 2', 'Sofie'], ['Teamoverleg', 'Sofie']]);
    expect(r2.counts.codings).toBe(6);
  });
});

describe('embeddedCodesOf', () => {
  it('turns ATLAS.ti flattened names into a hierarchy', () => {
    const codes = embeddedCodesOf([
      { guid: 'G1', name: 'Feedback::uitstellen', isCodable: true, line: 1 },
      { guid: 'G2', name: 'Feedback::meteen', isCodable: true, line: 2 },
    ]);
    expect(codes).toEqual([
      { key: 'path:Feedback', name: 'Feedback', isCodable: false },
      { key: 'g1', name: 'uitstellen', isCodable: true, parentKey: 'path:Feedback', aliases: ['Feedback::uitstellen'] },
      { key: 'g2', name: 'meteen', isCodable: true, parentKey: 'path:Feedback', aliases: ['Feedback::meteen'] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Archive-level errors

describe('readQdpx: archive errors', () => {
  it('reports an archive without .qde', async () => {
    const r = await importQdpx(undefined, { 'a.txt': 'Mentor: hallo\n' });
    expect(r.project).toBeNull();
    expect(r.documents).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'qdpx-no-qde', file: 'onderzoek.qdpx' });
    expect(r.issues[0].message).toContain('.qde');
  });

  it('reports an archive with two .qde files', async () => {
    const path = await writeQdpx(simpleProject(''), { [`${S1}.txt`]: T_SIMPLE }, [{ name: 'backup/oud.qde', data: simpleProject('') }]);
    const r = await read(path);
    expect(r.project).toBeNull();
    expect(r.documents).toEqual([]);
    expect(codesOf(r.issues)).toEqual(['error:qdpx-several-qde']);
    expect(r.issues[0].message).toContain('2 project files');
    expect(r.issues[0].message).toContain('project.qde');
    expect(r.issues[0].message).toContain('backup/oud.qde');
  });

  it('ignores a __MACOSX copy of the .qde', async () => {
    const path = await writeQdpx(simpleProject(''), { [`${S1}.txt`]: T_SIMPLE }, [{ name: '__MACOSX/._project.qde', data: 'binary junk' }]);
    const r = await read(path);
    expect(r.issues).toEqual([]);
    expect(r.documents.map((d) => d.id)).toEqual(['Gesprek']);
  });

  it('refuses a .qde over limits.maxQdeBytes', async () => {
    const xml = simpleProject('');
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE }, { maxQdeBytes: 200 });
    expect(Buffer.byteLength(xml)).toBeGreaterThan(200);
    expect(r.project).toBeNull();
    expect(r.documents).toEqual([]);
    expect(codesOf(r.issues)).toEqual(['error:zip-entry-too-large']);
    expect(r.issues[0].message).toContain('project.qde');
    expect(r.issues[0].hint).toContain('--max-qde-mb');
    // The same archive reads under the default limit.
    const ok = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(ok.issues).toEqual([]);
  });

  it('refuses a zip-slip entry name', async () => {
    const placeholder = 'xx/evil.txt';
    const evil = '../evil.txt';
    const buf = await zipToBuffer([{ name: 'project.qde', data: simpleProject('') }, { name: placeholder, data: 'pwned' }]);
    const patched = Buffer.from(buf);
    let hits = 0;
    for (let i = 0; i + 4 <= patched.length; i++) {
      const sig = patched.readUInt32LE(i);
      const [lenAt, nameAt] = sig === 0x04034b50 ? [i + 26, i + 30] : sig === 0x02014b50 ? [i + 28, i + 46] : [-1, -1];
      if (lenAt < 0 || nameAt + placeholder.length > patched.length) continue;
      if (patched.readUInt16LE(lenAt) === placeholder.length && patched.toString('utf8', nameAt, nameAt + placeholder.length) === placeholder) {
        patched.write(evil, nameAt, 'utf8');
        hits++;
      }
    }
    expect(hits).toBe(2);
    const r = await read(await writeBuffer(patched));
    expect(r.project).toBeNull();
    expect(r.documents).toEqual([]);
    expect(codesOf(r.issues)).toEqual(['error:zip-unsafe-path']);
    expect(r.issues[0].message).toContain('../evil.txt');
    expect(r.issues[0].file).toBe('onderzoek.qdpx');
  });

  it('refuses more entries than limits.maxEntries', async () => {
    const path = await writeQdpx(simpleProject(''), { [`${S1}.txt`]: T_SIMPLE, 'b.txt': 'b', 'c.txt': 'c' });
    const r = await read(path, { maxEntries: 3 });
    expect(r.project).toBeNull();
    expect(codesOf(r.issues)).toEqual(['error:zip-too-many-entries']);
    expect(r.issues[0].message).toContain('3');
    expect((await read(path, { maxEntries: 4 })).issues).toEqual([]);
  });

  it('reports a file that is not a zip', async () => {
    const path = join(root, 'geen-zip.qdpx');
    await fs.writeFile(path, simpleProject(''));
    const r = await read(path);
    expect(r.project).toBeNull();
    expect(codesOf(r.issues)).toEqual(['error:zip-unreadable']);
  });

  it('reports a .qde that is not UTF-8', async () => {
    const xml = Buffer.concat([Buffer.from('<Project name="caf'), Buffer.from([0xe9]), Buffer.from('"/>')]);
    const path = await writeBuffer(await zipToBuffer([{ name: 'project.qde', data: xml }]));
    const r = await read(path);
    expect(r.project).toBeNull();
    expect(codesOf(r.issues)).toEqual(['error:bad-encoding']);
    expect(r.issues[0].file).toBe('onderzoek.qdpx:project.qde');
  });

  it('reports a .qde with a DOCTYPE', async () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Project name="&xxe;"/>';
    const r = await importQdpx(xml);
    expect(r.project).toBeNull();
    expect(codesOf(r.issues)).toEqual(['error:xml-doctype']);
    expect(r.issues[0].file).toBe('onderzoek.qdpx:project.qde');
  });

  it('reports a .qdc CodeBook passed as project', async () => {
    const r = await importQdpx(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0">${CODES_XML.replace(/<\/?CodeBook>/g, '')}</CodeBook>`);
    expect(r.documents).toEqual([]);
    expect(codesOf(r.issues)).toEqual(['error:not-refi']);
    expect(r.issues[0].message).toContain('<CodeBook>');
  });
});

// ---------------------------------------------------------------------------------------------
// Selections and codings

describe('readQdpx: selections and codings', () => {
  it('skips a selection outside the text and still reads the others', async () => {
    const bad = 'EEEEEEEE-2222-4000-8000-000000000001';
    const xml = simpleProject([
      selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }], { guid: bad, start: 8, end: 5000 }),
      selXml(T_SIMPLE, 'fruitpap', [{ code: C_EEN, user: U_ANNA }]),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['warning:selection-outside-text']);
    expect(r.issues[0].message).toContain(bad);
    expect(r.issues[0].message).toContain('8–5000');
    expect(r.issues[0].message).toContain('"Gesprek"');
    expect(r.issues[0].message).toMatch(/^1 selection do not fit/);
    expect(r.counts['selections-skipped']).toBe(1);
    expect(r.counts.codings).toBe(1);
    expect(r.documents).toHaveLength(1);
    expect(pieces(r.documents[0]).map((p) => [p.code, p.text])).toEqual([[k(C_EEN), 'fruitpap']]);
  });

  it('skips a zero-length selection with a warning', async () => {
    const xml = simpleProject([
      selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }], { start: 8, end: 8 }),
      selXml(T_SIMPLE, 'gedaan', [{ code: C_EEN, user: U_ANNA }]),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['warning:selection-empty']);
    expect(r.issues[0].message).toContain('1 selection of zero length');
    expect(r.counts['selections-skipped']).toBe(1);
    expect(r.counts.codings).toBe(1);
    expect(pieces(r.documents[0]).map((p) => p.text)).toEqual(['gedaan']);
  });

  it('keeps overlapping selections as separate codings', async () => {
    const a = 'FFFFFFFF-3333-4000-8000-000000000001';
    const b = 'FFFFFFFF-3333-4000-8000-000000000002';
    const xml = simpleProject([
      selXml(T_SIMPLE, 'Goed gedaan met', [{ code: C_FEEDBACK, user: U_ANNA, guid: a }]),
      selXml(T_SIMPLE, 'gedaan met de fruitpap', [{ code: C_FEEDBACK, user: U_ANNA, guid: b }]),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(r.issues).toEqual([]);
    expect(r.counts.codings).toBe(2);
    expect(pieces(r.documents[0])).toEqual([
      { excerpt: 1, code: k(C_FEEDBACK), coder: 'Anna', text: 'Goed gedaan met', ref: a },
      { excerpt: 1, code: k(C_FEEDBACK), coder: 'Anna', text: 'gedaan met de fruitpap', ref: b },
    ]);
  });

  it('counts a selection without coding, without a warning', async () => {
    const xml = simpleProject([
      `<PlainTextSelection guid="${g('EEEEEEEE')}" startPosition="8" endPosition="12"/>`,
      selXml(T_SIMPLE, 'gedaan', [{ code: C_EEN, user: U_ANNA }]),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(r.issues).toEqual([]);
    expect(r.counts['selections-uncoded']).toBe(1);
    expect(r.counts['selections-skipped']).toBeUndefined();
    expect(r.counts.selections).toBe(2);
    expect(r.counts.codings).toBe(1);
  });

  it('skips a coding of an undefined code', async () => {
    const ghost = 'ABCDEF00-0000-4000-8000-00000000dead';
    const xml = simpleProject([
      selXml(T_SIMPLE, 'Goed gedaan', [{ code: ghost, user: U_ANNA }, { code: C_FEEDBACK, user: U_ANNA }]),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['warning:undefined-code']);
    expect(r.issues[0].message).toContain(ghost);
    expect(r.issues[0].message).toMatch(/^1 coding refer/);
    expect(r.counts['codings-undefined-code']).toBe(1);
    expect(r.counts.codings).toBe(1);
    expect(pieces(r.documents[0]).map((p) => [p.code, p.text])).toEqual([[k(C_FEEDBACK), 'Goed gedaan']]);
  });

  it('refuses a project with a code guid defined twice', async () => {
    const codes = `
  <CodeBook><Codes>
    <Code guid="${C_FEEDBACK}" name="Feedback" isCodable="true"/>
    <Code guid="${C_FEEDBACK.toLowerCase()}" name="Feedback (kopie)" isCodable="true"/>
  </Codes></CodeBook>`;
    const xml = simpleProject(selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }]), { codes });
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['error:duplicate-guid']);
    expect(r.issues[0].message).toContain(C_FEEDBACK.toLowerCase());
    expect(r.issues[0].message).toContain('Feedback (kopie)');
    expect(r.issues[0].line).toBe(xml.split('\n').findIndex((l) => l.includes('Feedback (kopie)')) + 1);
    expect(r.documents).toEqual([]);
    expect(r.project).not.toBeNull();
  });

  it('skips the second of two selections with the same guid', async () => {
    const dup = 'EEEEEEEE-4444-4000-8000-000000000001';
    const xml = simpleProject([
      selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }], { guid: dup }),
      selXml(T_SIMPLE, 'fruitpap', [{ code: C_EEN, user: U_ANNA }], { guid: dup }),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['warning:duplicate-guid']);
    expect(r.issues[0].message).toContain(dup);
    expect(r.issues[0].message).toContain('PlainTextSelection');
    expect(r.counts['selections-skipped']).toBe(1);
    expect(r.counts.codings).toBe(1);
    expect(pieces(r.documents[0]).map((p) => p.text)).toEqual(['Goed']);
  });

  it('skips the second of two codings with the same guid', async () => {
    const dup = 'FFFFFFFF-7777-4000-8000-000000000001';
    const xml = simpleProject([
      selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA, guid: dup }]),
      selXml(T_SIMPLE, 'fruitpap', [{ code: C_EEN, user: U_ANNA, guid: dup }]),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['warning:duplicate-guid']);
    expect(r.issues[0].message).toContain(`<Coding> guid ${dup}`);
    expect(r.counts['codings-skipped']).toBe(1);
    expect(r.counts.codings).toBe(1);
    expect(pieces(r.documents[0]).map((p) => p.text)).toEqual(['Goed']);
  });

  it('refuses the second of two sources with the same guid', async () => {
    const xml = simpleProject(selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }]), {
      extraSources: `
    <TextSource guid="${S1}" name="Kopie"><PlainTextContent>Mentor: kopie</PlainTextContent></TextSource>`,
    });
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['error:duplicate-guid']);
    expect(r.issues[0].message).toContain(S1);
    expect(r.issues[0].message).toContain('"Kopie"');
    expect(r.documents.map((d) => d.id)).toEqual(['Gesprek']);
  });

  it('renames the second of two sources with the same name', async () => {
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Gesprek" creatingUser="${U_ANNA}"><PlainTextContent>Mentor: een</PlainTextContent></TextSource>
    <TextSource guid="${S2}" name="Gesprek" creatingUser="${U_ANNA}"><PlainTextContent>Mentor: twee</PlainTextContent></TextSource>
  </Sources>`);
    const r = await importQdpx(xml);
    expect(codesOf(r.issues)).toEqual(['warning:duplicate-document-name']);
    expect(r.documents.map((d) => [d.id, d.excerpts.map((x) => x.text)])).toEqual([['Gesprek', ['een']], ['Gesprek (2)', ['twee']]]);
  });

  it('reads variable values on a source and warns about a case value of an undefined variable', async () => {
    const V_GHOST = 'BBBBBBBB-0000-4000-8000-00000000dead';
    const xml = projectXml(`
  <Variables><Variable guid="${V_ROL}" name="Rol" typeOfVariable="Text"/></Variables>
  <Cases>
    <Case guid="CCCCCCCC-0000-4000-8000-000000000009" name="Opvang Zon">
      <VariableValue><VariableRef targetGUID="${V_GHOST}"/><TextValue>x</TextValue></VariableValue>
      <SourceRef targetGUID="${S1}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="${S1}" name="Gesprek" creatingUser="${U_ANNA}">
      <PlainTextContent>Mentor: hallo</PlainTextContent>
      <VariableValue><VariableRef targetGUID="${V_ROL}"/><TextValue> kinderbegeleider </TextValue></VariableValue>
    </TextSource>
  </Sources>`);
    const r = await importQdpx(xml);
    expect(codesOf(r.issues)).toEqual(['warning:undefined-variable']);
    expect(r.issues[0].message).toContain(V_GHOST);
    expect(r.documents[0].attributes).toEqual({ case: 'Opvang Zon', Rol: 'kinderbegeleider' });
  });

  it('attributes a coding with no user anywhere to coder "default" and warns about unknown users', async () => {
    const stranger = '33333333-3333-4333-8333-333333333333';
    const xml = simpleProject([
      selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK }]),
      selXml(T_SIMPLE, 'fruitpap', [{ code: C_EEN, user: stranger }]),
    ].join('\n'));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['warning:unknown-user']);
    expect(r.issues[0].message).toContain(stranger);
    expect(r.documents.map((d) => d.coder)).toEqual(['default']);
    expect(pieces(r.documents[0]).map((p) => p.text)).toEqual(['Goed', 'fruitpap']);
  });
});

// ---------------------------------------------------------------------------------------------
// Sources

describe('readQdpx: sources', () => {
  it('refuses a source with invalid UTF-8 and names it', async () => {
    const bytes = Buffer.concat([Buffer.from('Mentor: Goed gedaan, caf'), Buffer.from([0xe9]), Buffer.from(' is dicht.\n')]);
    const S_BAD = 'DDDDDDDD-5555-4000-8000-000000000001';
    const xml = simpleProject(selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }]), {
      extraSources: `
    <TextSource guid="${S_BAD}" name="Windows-export" plainTextPath="internal://${S_BAD}.txt">
      <PlainTextSelection guid="${g('EEEEEEEE')}" startPosition="8" endPosition="12"><Coding guid="${g('FFFFFFFF')}"><CodeRef targetGUID="${C_FEEDBACK}"/></Coding></PlainTextSelection>
    </TextSource>`,
    });
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE, [`${S_BAD}.txt`]: bytes });
    expect(codesOf(r.issues)).toEqual(['error:bad-encoding']);
    expect(r.issues[0].message).toContain('"Windows-export"');
    expect(r.issues[0].message).toContain(S_BAD);
    expect(r.issues[0].file).toBe(`onderzoek.qdpx:sources/${S_BAD}.txt`);
    expect(r.issues[0].line).toBe(1);
    expect(r.counts['sources-unreadable']).toBe(1);
    expect(r.counts['sources-text']).toBe(1);
    expect(r.documents.map((d) => d.id)).toEqual(['Gesprek']);
  });

  it('skips a PDF source with its selections and counts them', async () => {
    const S_PDF = 'DDDDDDDD-6666-4000-8000-000000000001';
    const pdfSel = () => `<PDFSelection guid="${g('EEEEEEEE')}" page="1" firstX="1" firstY="1" secondX="9" secondY="9"><Coding guid="${g('FFFFFFFF')}"><CodeRef targetGUID="${C_FEEDBACK}"/></Coding></PDFSelection>`;
    const xml = simpleProject(selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }]), {
      extraSources: `
    <PDFSource guid="${S_PDF}" name="Portfolio" path="internal://${S_PDF}.pdf">
      ${pdfSel()}
      ${pdfSel()}
    </PDFSource>`,
    });
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE, [`${S_PDF}.pdf`]: Buffer.from('%PDF-1.4\n') });
    expect(codesOf(r.issues)).toEqual(['warning:skipped-source']);
    expect(r.issues[0].message).toContain('1 PDF source (2 selections) skipped');
    expect(r.counts['sources-skipped-pdf']).toBe(1);
    expect(r.counts['selections-skipped-pdf']).toBe(2);
    expect(r.counts.codings).toBe(1);
    expect(r.documents.map((d) => d.id)).toEqual(['Gesprek']);
  });

  it('reports an internal:// source whose file is missing', async () => {
    const xml = simpleProject(selXml(T_SIMPLE, 'Goed', [{ code: C_FEEDBACK, user: U_ANNA }]));
    const r = await importQdpx(xml, { 'ander.txt': T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['error:missing-source-file']);
    expect(r.issues[0].message).toContain('"Gesprek"');
    expect(r.issues[0].message).toContain(S1);
    expect(r.issues[0].message).toContain(`internal://${S1}.txt`);
    expect(r.issues[0].line).toBe(xml.split('\n').findIndex((l) => l.includes(`TextSource guid="${S1}"`)) + 1);
    expect(r.counts['sources-unreadable']).toBe(1);
    expect(r.documents).toEqual([]);
  });

  it('reports an absolute:// source that does not exist', async () => {
    const missing = join(root, 'bestaat-niet.txt');
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Extern" plainTextPath="absolute://${missing}"/>
  </Sources>`);
    const r = await importQdpx(xml, {}, undefined, true);
    expect(codesOf(r.issues)).toEqual(['error:missing-source-file']);
    expect(r.issues[0].message).toContain('"Extern"');
    expect(r.issues[0].message).toContain(missing);
    expect(r.documents).toEqual([]);
  });

  it('reads absolute:// and relative:// sources from disk, with a warning', async () => {
    const dir = await fs.mkdtemp(join(root, 'bron-'));
    await fs.writeFile(join(dir, 'gesprek 1.txt'), T_SIMPLE);
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Absoluut" plainTextPath="absolute://${join(dir, 'gesprek%201.txt')}" creatingUser="${U_ANNA}">
      ${selXml(T_SIMPLE, 'fruitpap', [{ code: C_FEEDBACK }])}
    </TextSource>
    <TextSource guid="${S2}" name="Relatief" plainTextPath="relative://gesprek%201.txt" creatingUser="${U_BRAM}">
      ${selXml(T_SIMPLE, 'morgen', [{ code: C_EEN, user: U_BRAM }])}
    </TextSource>
  </Sources>`, { basePath: dir });
    const r = await importQdpx(xml, {}, undefined, true);
    expect(codesOf(r.issues)).toEqual(['warning:external-source', 'warning:external-source']);
    expect(r.issues[0].message).toContain(join(dir, 'gesprek 1.txt'));
    expect(r.documents.map((d) => [d.id, d.coder, pieces(d).map((p) => p.text)])).toEqual([
      ['Absoluut', 'default', ['fruitpap']],
      ['Relatief', 'Bram', ['morgen']],
    ]);
  });

  it('refuses absolute:// and relative:// sources unless reading outside the archive is allowed', async () => {
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Geheim" plainTextPath="absolute:///etc/passwd"/>
  </Sources>`);
    const r = await importQdpx(xml);
    expect(codesOf(r.issues)).toEqual(['error:external-source-refused']);
    expect(r.issues[0].message).toContain('"Geheim"');
    expect(r.issues[0].hint).toContain('--allow-external-sources');
    expect(r.documents).toEqual([]);
    expect([...r.texts.values()]).toEqual([]);
  });

  it('reports a relative:// source when the project has no basePath', async () => {
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Relatief" plainTextPath="relative://gesprek.txt"/>
  </Sources>`);
    const r = await importQdpx(xml, {}, undefined, true);
    expect(codesOf(r.issues)).toEqual(['error:missing-source-file']);
    expect(r.issues[0].message).toContain('no basePath');
  });

  it('a malformed %-escape in an absolute:// path becomes an issue, not a thrown URIError', async () => {
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Procent" plainTextPath="absolute:///tmp/100%.txt"/>
  </Sources>`);
    const r = await importQdpx(xml, {}, undefined, true);
    expect(codesOf(r.issues)).toEqual(['error:missing-source-file']);
    expect(r.issues[0].message).toContain('"Procent"');
  });

  it('reports a text source with neither path nor content', async () => {
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Leeg"/>
  </Sources>`);
    const r = await importQdpx(xml);
    expect(codesOf(r.issues)).toEqual(['error:missing-source-text']);
    expect(r.issues[0].message).toContain('"Leeg"');
  });

  it('keeps an uncoded source as a document of its creating user', async () => {
    const xml = projectXml(`  <Sources>
    <TextSource guid="${S1}" name="Ongecodeerd" plainTextPath="internal://${S1}.txt" creatingUser="${U_BRAM}"/>
  </Sources>`);
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(r.issues).toEqual([]);
    expect(r.documents.map((d) => [d.id, d.coder, d.excerpts.length, pieces(d).length])).toEqual([['Ongecodeerd', 'Bram', 2, 0]]);
  });
});

// ---------------------------------------------------------------------------------------------
// Offset rules

describe('readQdpx: offset rules', () => {
  it('detects UTF-16 offsets in a project that claims MAXQDA and lands on the right words', async () => {
    const T = [
      'Mentor: Goed gedaan 👍 je blijft rustig bij de baby.',
      '',
      'Cursist: Dank je 😊 ik probeer het morgen opnieuw.',
      '',
      'Mentor: Top 👏 dan kijken we samen naar de slaaprituelen.',
      '',
    ].join('\r\n');
    const words: [string, string][] = [['rustig', C_FEEDBACK], ['probeer', C_UITSTELLEN], ['morgen', C_UITSTELLEN], ['samen', C_EEN], ['slaaprituelen', C_EEN]];
    const sels = words.map(([w, code]) => {
      const u = u16span(T, w);
      return selXml(T, w, [{ code, user: U_ANNA }], { start: u.start, end: u.end });
    });
    const xml = simpleProject(sels.join('\n'), { origin: 'MAXQDA 24' });
    const r = await importQdpx(xml, { [`${S1}.txt`]: T });
    expect(codesOf(r.issues)).toEqual(['warning:offset-rule']);
    expect(r.issues[0].message).toContain('UTF-16 code units (NVivo for Windows) (5 of 5 on word boundaries)');
    expect(r.issues[0].message).toContain('"MAXQDA 24"');
    expect(r.offsetRule).toMatchObject({ expected: 'code-points', chosen: 'utf16', switched: true, total: 5 });
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0].lineEnding).toBe('crlf');
    expect(pieces(r.documents[0]).map((p) => [p.excerpt, p.code, p.text])).toEqual([
      [1, k(C_FEEDBACK), 'rustig'],
      [2, k(C_UITSTELLEN), 'probeer'],
      [2, k(C_UITSTELLEN), 'morgen'],
      [3, k(C_EEN), 'samen'],
      [3, k(C_EEN), 'slaaprituelen'],
    ]);
  });

  it('keeps NVivo for Windows offsets as UTF-16 without a warning', async () => {
    const T = 'Mentor: Goed gedaan 👍 je blijft rustig.\n\nCursist: Dank je 😊 ik probeer het.\n';
    const sels = ['rustig', 'Dank', 'probeer'].map((w) => {
      const u = u16span(T, w);
      return selXml(T, w, [{ code: C_FEEDBACK, user: U_ANNA }], { start: u.start, end: u.end });
    });
    const r = await importQdpx(simpleProject(sels.join('\n'), { origin: 'NVivo for Windows 12.6' }), { [`${S1}.txt`]: T });
    expect(r.issues).toEqual([]);
    expect(r.offsetRule).toMatchObject({ expected: 'utf16', chosen: 'utf16', switched: false });
    expect(pieces(r.documents[0]).map((p) => p.text)).toEqual(['rustig', 'Dank', 'probeer']);
  });

  it('warns about selections that start or end mid-word but keeps them', async () => {
    const xml = simpleProject(selXml(T_SIMPLE, '', [{ code: C_FEEDBACK, user: U_ANNA }], { start: 10, end: 19 }));
    const r = await importQdpx(xml, { [`${S1}.txt`]: T_SIMPLE });
    expect(codesOf(r.issues)).toEqual(['warning:selection-mid-word']);
    expect(r.issues[0].message).toContain('"ed gedaan"');
    expect(r.counts['selections-misaligned']).toBe(1);
    expect(pieces(r.documents[0]).map((p) => p.text)).toEqual(['ed gedaan']);
  });
});
