import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readQde } from './qde-read.js';

const U_ANNA = '11111111-1111-4111-8111-111111111111';
const U_BRAM = '22222222-2222-4222-8222-222222222222';
const C_FEEDBACK = 'AAAAAAAA-0000-4000-8000-000000000001';
const C_UITSTELLEN = 'AAAAAAAA-0000-4000-8000-000000000002';
const C_EEN = 'AAAAAAAA-0000-4000-8000-000000000003';
const C_FOLDER = 'AAAAAAAA-0000-4000-8000-000000000004';
const C_REFLECTIE = 'AAAAAAAA-0000-4000-8000-000000000005';
const V_ROL = 'BBBBBBBB-0000-4000-8000-000000000001';
const V_JAREN = 'BBBBBBBB-0000-4000-8000-000000000002';
const CASE_NAMED = 'CCCCCCCC-0000-4000-8000-000000000001';
const CASE_UNNAMED = 'CCCCCCCC-0000-4000-8000-000000000002';
const S_TEXT = 'DDDDDDDD-0000-4000-8000-000000000001';
const S_PDF = 'DDDDDDDD-0000-4000-8000-000000000002';
const SEL_1 = 'EEEEEEEE-0000-4000-8000-000000000001';
const SEL_PDF = 'EEEEEEEE-0000-4000-8000-000000000002';
const COD_1 = 'FFFFFFFF-0000-4000-8000-000000000001';
const COD_2 = 'FFFFFFFF-0000-4000-8000-000000000002';
const COD_SRC = 'FFFFFFFF-0000-4000-8000-000000000003';
const COD_PDF = 'FFFFFFFF-0000-4000-8000-000000000004';
const NOTE_1 = '99999999-0000-4000-8000-000000000001';
const SET_1 = '88888888-0000-4000-8000-000000000001';

const FULL_QDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Werkplekleren kinderopvang" origin="MAXQDA 24" basePath="/data/opvang" creatingUserGUID="${U_ANNA}">
  <Users>
    <User guid="${U_ANNA}" name="Anna Peeters" id="AP"/>
    <User guid="${U_BRAM}" name="Bram"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="${C_FEEDBACK}" name="Feedback" isCodable="true" color="#FF8800">
        <Description>Mentor geeft feedback aan de cursist</Description>
        <Code guid="${C_UITSTELLEN}" name="Feedback uitstellen" isCodable="true"/>
      </Code>
      <Code guid="${C_EEN}" name="Één-op-één begeleiding" isCodable="true" color="#00AA55"/>
      <Code guid="${C_FOLDER}" name="Hefbomen" isCodable="false">
        <Code guid="${C_REFLECTIE}" name="Reflectie &amp; &lt;terugblik&gt;" isCodable="true"/>
      </Code>
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="${V_ROL}" name="Rol" typeOfVariable="Text">
      <Description>Functie van de geïnterviewde</Description>
    </Variable>
    <Variable guid="${V_JAREN}" name="Jaren ervaring" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="${CASE_NAMED}" name="Kinderdagverblijf De Vlinder">
      <Description>Opvang in Gent</Description>
      <CodeRef targetGUID="${C_EEN}"/>
      <VariableValue>
        <VariableRef targetGUID="${V_ROL}"/>
        <TextValue>mentor</TextValue>
      </VariableValue>
      <VariableValue>
        <VariableRef targetGUID="${V_JAREN}"/>
        <IntegerValue>12</IntegerValue>
      </VariableValue>
      <SourceRef targetGUID="${S_TEXT}"/>
    </Case>
    <Case guid="${CASE_UNNAMED}">
      <VariableValue>
        <VariableRef targetGUID="${V_ROL}"/>
        <TextValue>cursist</TextValue>
      </VariableValue>
      <SourceRef targetGUID="${S_PDF}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="${S_TEXT}" name="Interview Mentor 1" plainTextPath="internal://${S_TEXT}.txt" richTextPath="internal://${S_TEXT}.docx" creatingUser="${U_ANNA}" creationDateTime="2024-03-01T10:00:00Z">
      <Description>Eerste gesprek</Description>
      <PlainTextSelection guid="${SEL_1}" name="goed gedaan" startPosition="8" endPosition="19" creatingUser="${U_BRAM}" creationDateTime="2024-03-02T09:00:00Z">
        <Description>Mooi voorbeeld van uitgestelde feedback</Description>
        <Coding guid="${COD_1}" creatingUser="${U_ANNA}" creationDateTime="2024-03-02T09:01:00Z">
          <CodeRef targetGUID="${C_UITSTELLEN}"/>
        </Coding>
        <Coding guid="${COD_2}">
          <CodeRef targetGUID="${C_EEN}"/>
        </Coding>
        <NoteRef targetGUID="${NOTE_1}"/>
      </PlainTextSelection>
      <Coding guid="${COD_SRC}" creatingUser="${U_BRAM}">
        <CodeRef targetGUID="${C_FEEDBACK}"/>
      </Coding>
    </TextSource>
    <PDFSource guid="${S_PDF}" name="Portfolio cursist" path="internal://${S_PDF}.pdf">
      <PDFSelection guid="${SEL_PDF}" page="1" firstX="10" firstY="20" secondX="100" secondY="200">
        <Coding guid="${COD_PDF}">
          <CodeRef targetGUID="${C_FEEDBACK}"/>
        </Coding>
      </PDFSelection>
    </PDFSource>
  </Sources>
  <Notes>
    <Note guid="${NOTE_1}" name="Memo bij feedback" creatingUser="${U_BRAM}">
      <PlainTextContent>De mentor wacht tot na de maaltijd.</PlainTextContent>
    </Note>
  </Notes>
  <Links>
    <Link guid="77777777-0000-4000-8000-000000000001" name="verwijst naar" originGUID="${SEL_1}" targetGUID="${C_FEEDBACK}"/>
    <Link guid="77777777-0000-4000-8000-000000000002" name="tweede" originGUID="${SEL_1}" targetGUID="${C_EEN}"/>
  </Links>
  <Sets>
    <Set guid="${SET_1}" name="Eerste ronde">
      <Description>Gesprekken voor de zomer</Description>
      <MemberSource targetGUID="${S_TEXT}"/>
      <MemberCode targetGUID="${C_FEEDBACK}"/>
    </Set>
  </Sets>
  <Graphs>
    <Graph guid="66666666-0000-4000-8000-000000000001" name="Netwerk">
      <Vertex guid="66666666-0000-4000-8000-000000000002" representedGUID="${C_FEEDBACK}" firstX="0" firstY="0"/>
    </Graph>
  </Graphs>
  <Description>Actieonderzoek werkplekleren</Description>
</Project>
`;

/** 1-based line of the first line containing `needle` in `xml`. */
const lineOf = (xml: string, needle: string): number => {
  const i = xml.split('\n').findIndex((l) => l.includes(needle));
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return i + 1;
};

describe('readQde: a full project', () => {
  const r = readQde(FULL_QDE, 'test.qdpx:project.qde');
  const p = r.project!;

  it('parses without issues and names the root', () => {
    expect(r.issues).toEqual([]);
    expect(r.root).toBe('Project');
    expect(p).not.toBeNull();
  });

  it('reads the project attributes and description', () => {
    expect(p.name).toBe('Werkplekleren kinderopvang');
    expect(p.origin).toBe('MAXQDA 24');
    expect(p.basePath).toBe('/data/opvang');
    expect(p.creatingUserGUID).toBe(U_ANNA);
    expect(p.description).toBe('Actieonderzoek werkplekleren');
  });

  it('reads users with and without id', () => {
    expect(p.users).toEqual([
      { guid: U_ANNA, name: 'Anna Peeters', id: 'AP' },
      { guid: U_BRAM, name: 'Bram' },
    ]);
  });

  it('reads the code tree: nesting, colours, descriptions, folders, accents, entities', () => {
    expect(p.codes).toEqual([
      { guid: C_FEEDBACK, name: 'Feedback', isCodable: true, color: '#FF8800', description: 'Mentor geeft feedback aan de cursist', line: lineOf(FULL_QDE, `guid="${C_FEEDBACK}" name=`) },
      { guid: C_UITSTELLEN, name: 'Feedback uitstellen', isCodable: true, parent: C_FEEDBACK, line: lineOf(FULL_QDE, `guid="${C_UITSTELLEN}"`) },
      { guid: C_EEN, name: 'Één-op-één begeleiding', isCodable: true, color: '#00AA55', line: lineOf(FULL_QDE, `Code guid="${C_EEN}"`) },
      { guid: C_FOLDER, name: 'Hefbomen', isCodable: false, line: lineOf(FULL_QDE, `guid="${C_FOLDER}"`) },
      { guid: C_REFLECTIE, name: 'Reflectie & <terugblik>', isCodable: true, parent: C_FOLDER, line: lineOf(FULL_QDE, `guid="${C_REFLECTIE}"`) },
    ]);
  });

  it('reads variables with type and description', () => {
    expect(p.variables).toEqual([
      { guid: V_ROL, name: 'Rol', typeOfVariable: 'Text', description: 'Functie van de geïnterviewde' },
      { guid: V_JAREN, name: 'Jaren ervaring', typeOfVariable: 'Integer' },
    ]);
  });

  it('reads named and unnamed cases with their values, code refs and sources', () => {
    expect(p.cases).toHaveLength(2);
    expect(p.cases[0]).toEqual({
      guid: CASE_NAMED, name: 'Kinderdagverblijf De Vlinder', description: 'Opvang in Gent',
      codeRefs: [C_EEN],
      variableValues: [{ variableGuid: V_ROL, value: 'mentor' }, { variableGuid: V_JAREN, value: '12' }],
      sourceRefs: [S_TEXT], line: lineOf(FULL_QDE, `Case guid="${CASE_NAMED}"`),
    });
    expect(p.cases[1].name).toBeUndefined();
    expect(p.cases[1]).toMatchObject({
      guid: CASE_UNNAMED, codeRefs: [], variableValues: [{ variableGuid: V_ROL, value: 'cursist' }], sourceRefs: [S_PDF],
    });
    expect(p.cases[1].description).toBeUndefined();
  });

  it('reads sets with member sources and codes', () => {
    expect(p.sets).toEqual([{
      guid: SET_1, name: 'Eerste ronde', description: 'Gesprekken voor de zomer',
      memberSources: [S_TEXT], memberCodes: [C_FEEDBACK], line: lineOf(FULL_QDE, `Set guid="${SET_1}"`),
    }]);
  });

  it('reads notes with their text', () => {
    expect(p.notes).toEqual([{
      guid: NOTE_1, name: 'Memo bij feedback', text: 'De mentor wacht tot na de maaltijd.', creatingUser: U_BRAM,
      line: lineOf(FULL_QDE, `Note guid="${NOTE_1}"`),
    }]);
  });

  it('reads the text source, its selection with two codings, note ref and description, and its source coding', () => {
    expect(p.sources).toHaveLength(2);
    const s = p.sources[0];
    expect(s).toMatchObject({
      guid: S_TEXT, name: 'Interview Mentor 1', kind: 'text', element: 'TextSource',
      plainTextPath: `internal://${S_TEXT}.txt`, richTextPath: `internal://${S_TEXT}.docx`,
      creatingUser: U_ANNA, creationDateTime: '2024-03-01T10:00:00Z', description: 'Eerste gesprek',
      noteRefs: [], variableValues: [], line: lineOf(FULL_QDE, `TextSource guid="${S_TEXT}"`),
    });
    expect(s.plainTextContent).toBeUndefined();
    expect(s.path).toBeUndefined();
    expect(s.selections).toEqual([{
      guid: SEL_1, element: 'PlainTextSelection', name: 'goed gedaan', start: 8, end: 19,
      // Creation dates of selections and codings are not kept (unused; memory on large projects).
      creatingUser: U_BRAM,
      description: 'Mooi voorbeeld van uitgestelde feedback',
      codings: [
        { guid: COD_1, codeGuid: C_UITSTELLEN, creatingUser: U_ANNA, line: lineOf(FULL_QDE, `Coding guid="${COD_1}"`) },
        { guid: COD_2, codeGuid: C_EEN, creatingUser: undefined, line: lineOf(FULL_QDE, `Coding guid="${COD_2}"`) },
      ],
      noteRefs: [NOTE_1],
      line: lineOf(FULL_QDE, `PlainTextSelection guid="${SEL_1}"`),
    }]);
    expect(s.codings).toEqual([
      { guid: COD_SRC, codeGuid: C_FEEDBACK, creatingUser: U_BRAM, line: lineOf(FULL_QDE, `Coding guid="${COD_SRC}"`) },
    ]);
  });

  it('reads the PDF source and its PDF selection (no offsets)', () => {
    const s = p.sources[1];
    expect(s).toMatchObject({ guid: S_PDF, name: 'Portfolio cursist', kind: 'pdf', element: 'PDFSource', path: `internal://${S_PDF}.pdf`, codings: [] });
    expect(s.selections).toHaveLength(1);
    const sel = s.selections[0];
    expect(sel).toMatchObject({ guid: SEL_PDF, element: 'PDFSelection', codings: [{ guid: COD_PDF, codeGuid: C_FEEDBACK }] });
    expect(sel.start).toBeUndefined();
    expect(sel.end).toBeUndefined();
  });

  it('counts Links and Graphs as ignored, once per container, without reading their children', () => {
    expect(p.ignored).toEqual({ Links: 1, Graphs: 1 });
    // The Vertex inside the graph is not read as anything.
    expect(p.codes).toHaveLength(5);
  });
});

describe('readQde: namespaces and code books', () => {
  it('reads a root with a namespace prefix', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<qda:Project xmlns:qda="urn:QDA-XML:project:1.0" qda:name="Prefixed" origin="NVivo for Windows 12.6">
  <qda:Users><qda:User guid="${U_ANNA}" name="Anna"/></qda:Users>
  <qda:CodeBook><qda:Codes>
    <qda:Code guid="${C_FEEDBACK}" name="Feedback" isCodable="true">
      <qda:Code guid="${C_UITSTELLEN}" name="Feedback uitstellen" isCodable="true"/>
    </qda:Code>
  </qda:Codes></qda:CodeBook>
  <qda:Sources>
    <qda:TextSource guid="${S_TEXT}" name="Interview">
      <qda:PlainTextContent>Mentor: goed gedaan</qda:PlainTextContent>
      <qda:PlainTextSelection guid="${SEL_1}" startPosition="8" endPosition="19">
        <qda:Coding guid="${COD_1}"><qda:CodeRef targetGUID="${C_UITSTELLEN}"/></qda:Coding>
      </qda:PlainTextSelection>
    </qda:TextSource>
  </qda:Sources>
</qda:Project>`;
    const r = readQde(xml, 'p.qde');
    expect(r.issues).toEqual([]);
    expect(r.root).toBe('Project');
    const p = r.project!;
    expect(p.name).toBe('Prefixed');
    expect(p.origin).toBe('NVivo for Windows 12.6');
    expect(p.users).toEqual([{ guid: U_ANNA, name: 'Anna' }]);
    expect(p.codes.map((c) => [c.name, c.parent])).toEqual([['Feedback', undefined], ['Feedback uitstellen', C_FEEDBACK]]);
    expect(p.sources).toHaveLength(1);
    expect(p.sources[0].plainTextContent).toBe('Mentor: goed gedaan');
    expect(p.sources[0].selections.map((s) => [s.start, s.end, s.codings.map((c) => c.codeGuid)])).toEqual([[8, 19, [C_UITSTELLEN]]]);
  });

  it('reads the codes of a .qdc CodeBook', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder 3.5">
  <Codes>
    <Code guid="${C_FOLDER}" name="Hefbomen" isCodable="false">
      <Code guid="${C_FEEDBACK}" name="Feedback" isCodable="true" color="#123456">
        <Description>Terugkoppeling</Description>
      </Code>
    </Code>
    <Code guid="${C_EEN}" name="Één-op-één begeleiding" isCodable="true"/>
  </Codes>
</CodeBook>`;
    const r = readQde(xml, 'codes.qdc');
    expect(r.issues).toEqual([]);
    expect(r.root).toBe('CodeBook');
    expect(r.project!.origin).toBe('QualCoder 3.5');
    expect(r.project!.codes).toEqual([
      { guid: C_FOLDER, name: 'Hefbomen', isCodable: false, line: 4 },
      { guid: C_FEEDBACK, name: 'Feedback', isCodable: true, color: '#123456', parent: C_FOLDER, description: 'Terugkoppeling', line: 5 },
      { guid: C_EEN, name: 'Één-op-één begeleiding', isCodable: true, line: 9 },
    ]);
    expect(r.project!.sources).toEqual([]);
  });
});

describe('readQde: safety and errors', () => {
  const passwd = (() => {
    try { return readFileSync('/etc/passwd', 'utf8'); } catch { return 'root:x:0:0:root:/root:/bin/bash\n'; }
  })();

  it('refuses a DOCTYPE with an external entity and leaks nothing', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project name="Lek">
  <CodeBook><Codes><Code guid="${C_FEEDBACK}" name="&xxe;" isCodable="true"/></Codes></CodeBook>
</Project>`;
    const r = readQde(xml, 'evil.qde');
    expect(r.project).toBeNull();
    expect(r.issues).toHaveLength(1);
    const [i] = r.issues;
    expect(i.code).toBe('xml-doctype');
    expect(i.severity).toBe('error');
    expect(i.file).toBe('evil.qde');
    expect(i.line).toBe(2);
    expect(i.message).toContain('DOCTYPE');
    // Nothing of /etc/passwd: check every line of it that is long enough to mean something.
    for (const l of passwd.split('\n').filter((x) => x.length >= 8)) expect(i.message).not.toContain(l);
    expect(i.message).not.toContain('root:');
    expect(JSON.stringify(r)).not.toContain('root:x:');
  });

  it('refuses a billion-laughs DOCTYPE', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project name="&lol9;"/>`;
    const r = readQde(xml, 'lol.qde');
    expect(r.project).toBeNull();
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['xml-doctype', 'error']]);
    expect(r.issues[0].message).not.toContain('lollol');
    expect(r.issues[0].message.length).toBeLessThan(500);
  });

  it('reports an undefined entity without DOCTYPE as xml-syntax with a line', () => {
    const xml = `<?xml version="1.0"?>
<Project name="x">
  <Users>
    <User guid="${U_ANNA}" name="&foo;"/>
  </Users>
</Project>`;
    const r = readQde(xml, 'ent.qde');
    expect(r.project).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'xml-syntax', severity: 'error', file: 'ent.qde', line: 4 });
    expect(r.issues[0].message).toMatch(/^not well-formed XML: /);
    expect(r.issues[0].message).toMatch(/entity/i);
  });

  // The position is in `line`; the message must not repeat saxes's raw "line:column:" prefix.
  it('an xml-syntax message carries no raw "line:column:" prefix from saxes', () => {
    const r = readQde('<Project>\n<User name="&foo;"/>\n</Project>', 'ent.qde');
    expect(r.issues[0].message).toBe('not well-formed XML: undefined entity.');
  });

  it('reports an unclosed tag as xml-syntax with a line', () => {
    const xml = `<?xml version="1.0"?>
<Project name="x">
  <Users>
    <User guid="${U_ANNA}" name="Anna">
  </Users>
</Project>`;
    const r = readQde(xml, 'bad.qde');
    expect(r.project).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'xml-syntax', severity: 'error', file: 'bad.qde' });
    // The mismatched close tag is on line 5.
    expect(r.issues[0].line).toBe(5);
  });

  it('reports a document that stops before its root closes as xml-syntax with a line', () => {
    const r = readQde('<Project name="x">\n  <Users>\n', 'cut.qde');
    expect(r.project).toBeNull();
    expect(r.issues.map((i) => i.code)).toEqual(['xml-syntax']);
    expect(typeof r.issues[0].line).toBe('number');
    expect(r.issues[0].line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a root that is not Project or CodeBook', () => {
    const r = readQde('<?xml version="1.0"?>\n<Foo><Bar/></Foo>', 'foo.qde');
    expect(r.project).toBeNull();
    expect(r.root).toBe('Foo');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'not-refi', severity: 'error', file: 'foo.qde', line: 2 });
    expect(r.issues[0].message).toContain('<Foo>');
  });

  it('reports an empty file', () => {
    const r = readQde('', 'empty.qde');
    expect(r.project).toBeNull();
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['xml-syntax', 'error']]);
  });

  it('warns about a non-numeric offset and leaves it undefined', () => {
    const xml = `<Project>
  <Sources>
    <TextSource guid="${S_TEXT}" name="t">
      <PlainTextSelection guid="${SEL_1}" startPosition="-3" endPosition="abc"/>
    </TextSource>
  </Sources>
</Project>`;
    const r = readQde(xml, 'o.qde');
    expect(r.issues.map((i) => [i.code, i.severity, i.field, i.line])).toEqual([
      ['bad-offset', 'warning', 'startPosition', 4],
      ['bad-offset', 'warning', 'endPosition', 4],
    ]);
    expect(r.issues[0].message).toContain(SEL_1);
    const sel = r.project!.sources[0].selections[0];
    expect(sel.start).toBeUndefined();
    expect(sel.end).toBeUndefined();
  });
});
