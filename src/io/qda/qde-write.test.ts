import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stableGuid } from './guid.js';
import { writeQde } from './qde-write.js';
import { emptyRefiProject, type RefiProject } from './refi-model.js';

// src/io/qda -> repo root; the samples live beside the repo only on the build machine.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const projectXsd = path.resolve(repoRoot, '../shared/qda-samples/Project-mrt2019.xsd');

const G = (name: string): string => stableGuid('test', name);
const U1 = '088B08AC-D5CD-4ADB-8B71-B4F3459C177F';
const U2 = G('user2');

function sampleProject(): RefiProject {
  const p = emptyRefiProject();
  p.name = 'Werkplekleren & "hefbomen"';
  p.origin = 'hefboom 0.1.0';
  p.basePath = '/data/project';
  p.creatingUserGUID = U1;
  p.users = [
    { guid: U1, name: 'Anna', id: 'AN' },
    { guid: U2, name: 'Bram' },
  ];
  p.codes = [
    { guid: G('levers'), name: 'Hefbomen', isCodable: false, description: 'Seven levers', line: 0 },
    { guid: G('feedback'), name: 'Feedback geven – ‘één’ keer', parent: G('levers'), isCodable: true, color: '#FF8800', line: 0 },
    { guid: G('reflect'), name: 'Reflectie <intern>', parent: G('levers'), isCodable: true, color: '#0a0', line: 0 },
    { guid: G('peer'), name: 'Peer feedback', parent: G('feedback'), isCodable: true, description: 'Tussen collega’s', line: 0 },
    { guid: G('memoq'), name: 'MeMoQ', isCodable: true, line: 0 },
  ];
  p.variables = [{ guid: G('var-role'), name: 'Rol', typeOfVariable: 'Text', description: 'Functie' }];
  p.cases = [
    {
      guid: G('case1'),
      name: 'Kinderdagverblijf 1',
      codeRefs: [G('memoq')],
      variableValues: [{ variableGuid: G('var-role'), value: 'begeleider' }],
      sourceRefs: [G('src1')],
      line: 0,
    },
  ];
  p.sources = [
    {
      guid: G('src1'),
      name: 'Interview 1.txt',
      kind: 'text',
      element: 'TextSource',
      plainTextPath: 'internal://src1.txt',
      creatingUser: U1,
      creationDateTime: '2024-03-01T10:00:00Z',
      description: 'Eerste interview',
      selections: [
        {
          guid: G('sel1'),
          name: '',
          start: 0,
          end: 12,
          creatingUser: U1,
          creationDateTime: '2024-03-01T10:05:00Z',
          description: 'Opening',
          codings: [
            { guid: G('cod1'), codeGuid: G('feedback'), creatingUser: U1, creationDateTime: '2024-03-01T10:05:00Z', line: 0 },
            { guid: G('cod2'), codeGuid: G('peer'), creatingUser: U2, creationDateTime: '2024-03-02T09:00:00Z', line: 0 },
          ],
          noteRefs: [G('note1')],
          element: 'PlainTextSelection',
          line: 0,
        },
      ],
      codings: [{ guid: G('cod3'), codeGuid: G('memoq'), creatingUser: U2, line: 0 }],
      noteRefs: [],
      variableValues: [{ variableGuid: G('var-role'), value: 'leidinggevende' }],
      line: 0,
    },
    {
      guid: G('src2'),
      name: 'Interview 2',
      kind: 'text',
      element: 'TextSource',
      plainTextContent: 'Regel één\r\nRegel <twee> & drie',
      selections: [
        {
          guid: G('sel2'),
          start: 11,
          end: 20,
          creatingUser: U2,
          codings: [{ guid: G('cod4'), codeGuid: G('reflect'), creatingUser: U2, line: 0 }],
          noteRefs: [],
          element: 'PlainTextSelection',
          line: 0,
        },
      ],
      codings: [],
      noteRefs: [],
      variableValues: [],
      line: 0,
    },
    {
      // Not a text source: must be left out, and so must references to it.
      guid: G('pic'),
      name: 'Foto.jpg',
      kind: 'picture',
      element: 'PictureSource',
      path: 'internal://pic.jpg',
      selections: [],
      codings: [],
      noteRefs: [],
      variableValues: [],
      line: 0,
    },
  ];
  p.cases[0].sourceRefs.push(G('pic'));
  p.notes = [{ guid: G('note1'), name: 'Memo', text: 'Let op: "feedback" ≠ kritiek', creatingUser: U1, line: 0 }];
  p.sets = [
    {
      guid: G('set1'),
      name: 'Kernset',
      description: 'Belangrijkste',
      memberCodes: [G('feedback'), G('memoq')],
      memberSources: [G('src1'), G('pic')],
      line: 0,
    },
  ];
  p.description = 'Testproject';
  p.ignored = { Graphs: 1 };
  return p;
}

/** Names of the elements in document order (start tags only). */
function tagOrder(xml: string): string[] {
  return [...xml.matchAll(/<([A-Za-z][\w:]*)[\s/>]/g)].map((m) => m[1]);
}

/** Top-level children of <Project>, from the two-space indentation. */
function projectChildren(xml: string): string[] {
  return [...xml.matchAll(/^ {2}<([A-Za-z]\w*)/gm)].map((m) => m[1]);
}

describe('writeQde', () => {
  const xml = writeQde(sampleProject());

  it('writes the declaration, namespaces and project attributes in schema order', () => {
    const lines = xml.split('\n');
    expect(lines[0]).toBe('<?xml version="1.0" encoding="utf-8"?>');
    expect(lines[1]).toBe(
      '<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
        ' xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"' +
        ` name="Werkplekleren &amp; &quot;hefbomen&quot;" origin="hefboom 0.1.0" creatingUserGUID="${U1}" basePath="/data/project">`,
    );
    expect(xml.endsWith('</Project>\n')).toBe(true);
  });

  it('puts the Project children in schema order', () => {
    expect(projectChildren(xml)).toEqual(['Users', 'CodeBook', 'Variables', 'Cases', 'Sources', 'Notes', 'Sets', 'Description']);
  });

  it('is deterministic and writes no current time', () => {
    expect(writeQde(sampleProject())).toBe(xml);
    const dates = [...xml.matchAll(/\d{4}-\d{2}-\d{2}T[\d:]+Z/g)].map((m) => m[0]);
    expect(new Set(dates)).toEqual(new Set(['2024-03-01T10:00:00Z', '2024-03-01T10:05:00Z', '2024-03-02T09:00:00Z']));
    expect(xml).not.toMatch(/modifiedDateTime|Project[^>]*creationDateTime/);
  });

  it('writes users', () => {
    expect(xml).toContain(`    <User guid="${U1}" name="Anna" id="AN"/>\n    <User guid="${U2}" name="Bram"/>`);
  });

  it('nests codes by parent in input order, with accents and escaping', () => {
    const book = xml.slice(xml.indexOf('<CodeBook>'), xml.indexOf('</CodeBook>'));
    expect(book).toBe(
      [
        '<CodeBook>',
        '    <Codes>',
        `      <Code guid="${G('levers')}" name="Hefbomen" isCodable="false">`,
        '        <Description>Seven levers</Description>',
        `        <Code guid="${G('feedback')}" name="Feedback geven – ‘één’ keer" isCodable="true" color="#FF8800">`,
        `          <Code guid="${G('peer')}" name="Peer feedback" isCodable="true">`,
        '            <Description>Tussen collega’s</Description>',
        '          </Code>',
        '        </Code>',
        `        <Code guid="${G('reflect')}" name="Reflectie &lt;intern&gt;" isCodable="true" color="#0a0"/>`,
        '      </Code>',
        `      <Code guid="${G('memoq')}" name="MeMoQ" isCodable="true"/>`,
        '    </Codes>',
        '  ',
      ].join('\n'),
    );
  });

  it('writes variables and cases with typed values', () => {
    expect(xml).toContain(`<Variable guid="${G('var-role')}" name="Rol" typeOfVariable="Text">\n      <Description>Functie</Description>`);
    const cases = xml.slice(xml.indexOf('<Cases>'), xml.indexOf('</Cases>'));
    expect(tagOrder(cases)).toEqual(['Cases', 'Case', 'CodeRef', 'VariableValue', 'VariableRef', 'TextValue', 'SourceRef']);
    expect(cases).toContain('<TextValue>begeleider</TextValue>');
    expect(cases).toContain(`<SourceRef targetGUID="${G('src1')}"/>`);
    expect(cases).not.toContain(G('pic'));
  });

  it('writes text sources with selections, codings by two users, a source coding and a value', () => {
    const sources = xml.slice(xml.indexOf('<Sources>'), xml.indexOf('</Sources>'));
    expect(tagOrder(sources)).toEqual([
      'Sources',
      'TextSource', 'Description',
      'PlainTextSelection', 'Description', 'Coding', 'CodeRef', 'Coding', 'CodeRef', 'NoteRef',
      'Coding', 'CodeRef',
      'VariableValue', 'VariableRef', 'TextValue',
      'TextSource', 'PlainTextContent',
      'PlainTextSelection', 'Coding', 'CodeRef',
    ]);
    expect(sources).toContain(
      `<TextSource guid="${G('src1')}" name="Interview 1.txt" plainTextPath="internal://src1.txt" creatingUser="${U1}" creationDateTime="2024-03-01T10:00:00Z">`,
    );
    expect(sources).toContain(
      `<PlainTextSelection guid="${G('sel1')}" name="" startPosition="0" endPosition="12" creatingUser="${U1}" creationDateTime="2024-03-01T10:05:00Z">`,
    );
    expect(sources).toContain(`<Coding guid="${G('cod2')}" creatingUser="${U2}" creationDateTime="2024-03-02T09:00:00Z">\n          <CodeRef targetGUID="${G('peer')}"/>`);
    expect(sources).toContain(`<Coding guid="${G('cod3')}" creatingUser="${U2}">\n        <CodeRef targetGUID="${G('memoq')}"/>`);
    // CR survives as a reference; markup is escaped; no whitespace added inside the content.
    expect(sources).toContain('<PlainTextContent>Regel één&#13;\nRegel &lt;twee&gt; &amp; drie</PlainTextContent>');
    // The selection without a name gets no name attribute.
    expect(sources).toContain(`<PlainTextSelection guid="${G('sel2')}" startPosition="11" endPosition="20" creatingUser="${U2}">`);
    expect(xml).not.toContain('PictureSource');
  });

  it('writes notes and sets', () => {
    expect(xml).toContain(
      `<Note guid="${G('note1')}" name="Memo" creatingUser="${U1}">\n      <PlainTextContent>Let op: &quot;feedback&quot; ≠ kritiek</PlainTextContent>\n    </Note>`,
    );
    const sets = xml.slice(xml.indexOf('<Sets>'), xml.indexOf('</Sets>'));
    expect(tagOrder(sets)).toEqual(['Sets', 'Set', 'Description', 'MemberCode', 'MemberCode', 'MemberSource']);
    expect(sets).not.toContain(G('pic'));
  });

  it('omits containers that would be empty', () => {
    const p = emptyRefiProject();
    p.name = 'Leeg';
    expect(writeQde(p)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
        ' xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" name="Leeg"/>\n',
    );
  });

  it('repairs values the schema would reject', () => {
    const p = sampleProject();
    p.codes[4].guid = 'code-7';
    p.codes[4].color = 'red';
    p.sources[0].selections[0].codings[0].codeGuid = 'code-7';
    p.sources[0].creationDateTime = '2024-03-01 10:00:00';
    p.sources[1].selections[0].creationDateTime = 'gisteren';
    p.variables.push({ guid: G('n'), name: 'Aantal', typeOfVariable: 'float' });
    p.cases[0].variableValues.push({ variableGuid: G('n'), value: '3,5' }, { variableGuid: G('n'), value: 'veel' }, { variableGuid: G('n'), value: ' ' });
    const out = writeQde(p);
    const fixed = stableGuid('hefboom:guid', 'code-7');
    expect(out).toContain(`<Code guid="${fixed}" name="MeMoQ" isCodable="true"/>`);
    expect(out).toContain(`<CodeRef targetGUID="${fixed}"/>`);
    expect(out).not.toContain('code-7');
    expect(out).toContain('creationDateTime="2024-03-01T10:00:00"');
    expect(out).not.toContain('gisteren');
    expect(out).toContain('typeOfVariable="Float"');
    expect(out).toContain('<FloatValue>3.5</FloatValue>');
    expect(out).toContain('<TextValue>veel</TextValue>');
    expect(out).toContain(`<VariableRef targetGUID="${G('n')}"/>\n      </VariableValue>`);
  });

  it('does not lose codes caught in a parent cycle', () => {
    const p = emptyRefiProject();
    p.codes = [
      { guid: G('a'), name: 'A', parent: G('b'), isCodable: true, line: 0 },
      { guid: G('b'), name: 'B', parent: G('a'), isCodable: true, line: 0 },
      { guid: G('c'), name: 'C', parent: G('c'), isCodable: true, line: 0 },
    ];
    const out = writeQde(p);
    expect(out.match(/<Code /g)?.length).toBe(3);
    expect(out.indexOf('name="A"')).toBeLessThan(out.indexOf('name="B"'));
  });
});

describe('writeQde against Project-mrt2019.xsd (xmllint)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Runs xmllint on `xml`; undefined when xmllint or the schema is not available here. */
  function validate(xml: string): { status: number | null; stderr: string } | undefined {
    if (!existsSync(projectXsd)) return undefined;
    const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return undefined;
    const dir = mkdtempSync(path.join(tmpdir(), 'hefboom-qde-'));
    dirs.push(dir);
    const file = path.join(dir, 'project.qde');
    writeFileSync(file, xml, 'utf8');
    const r = spawnSync('xmllint', ['--noout', '--schema', projectXsd, file], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  }

  it('validates the sample project', (ctx) => {
    const r = validate(writeQde(sampleProject()));
    if (!r) return ctx.skip('xmllint or ../shared/qda-samples/Project-mrt2019.xsd not available');
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('validates a project whose values needed repair', (ctx) => {
    const p = sampleProject();
    p.codes[0].guid = 'levers';
    for (const c of p.codes) if (c.parent === G('levers')) c.parent = 'levers';
    p.codes[1].color = 'oranje';
    p.sources[0].creationDateTime = '1 maart';
    p.variables.push({ guid: 'v-2', name: 'Jaren', typeOfVariable: 'integer' });
    p.sources[0].variableValues.push({ variableGuid: 'v-2', value: 'twaalf' }, { variableGuid: 'v-2', value: '12' });
    p.notes[0].text = 'control \u0001 char and lone \uD800 surrogate';
    const r = validate(writeQde(p));
    if (!r) return ctx.skip('xmllint or ../shared/qda-samples/Project-mrt2019.xsd not available');
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('fails a deliberately broken document (so the check above can fail)', (ctx) => {
    const broken = writeQde(sampleProject()).replace(`guid="${G('memoq')}"`, 'guid="not-a-guid"');
    expect(broken).toContain('not-a-guid');
    const r = validate(broken);
    if (!r) return ctx.skip('xmllint or ../shared/qda-samples/Project-mrt2019.xsd not available');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/not-a-guid|GUIDType|pattern/);
  });
});
