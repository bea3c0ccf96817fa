import { describe, expect, it } from 'vitest';
import { stableGuid } from './guid.js';
import { writeQdc } from './qdc-write.js';
import type { RefiCode, RefiSet } from './refi-model.js';

const G = (name: string): string => stableGuid('test', name);

const codes: RefiCode[] = [
  { guid: G('levers'), name: 'Hefbomen', isCodable: false, description: 'De zeven hefbomen', line: 0 },
  { guid: G('feedback'), name: 'Feedback geven – ‘één’ keer', parent: G('levers'), isCodable: true, color: '#ff8800', line: 0 },
  { guid: G('peer'), name: 'Peer & "buddy"', parent: G('feedback'), isCodable: true, line: 0 },
  { guid: G('memoq'), name: 'MeMoQ', isCodable: true, line: 0 },
];

const sets: RefiSet[] = [
  { guid: G('set'), name: 'Kern', description: 'Kernset', memberCodes: [G('feedback'), G('memoq')], memberSources: [G('src')], line: 0 },
];

describe('writeQdc', () => {
  it('writes the codebook root with namespace and origin, codes nested by parent', () => {
    expect(writeQdc(codes, { origin: 'hefboom 0.1.0' })).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
          ' xsi:schemaLocation="urn:QDA-XML:codebook:1.0 http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"' +
          ' origin="hefboom 0.1.0">',
        '  <Codes>',
        `    <Code guid="${G('levers')}" name="Hefbomen" isCodable="false">`,
        '      <Description>De zeven hefbomen</Description>',
        `      <Code guid="${G('feedback')}" name="Feedback geven – ‘één’ keer" isCodable="true" color="#ff8800">`,
        `        <Code guid="${G('peer')}" name="Peer &amp; &quot;buddy&quot;" isCodable="true"/>`,
        '      </Code>',
        '    </Code>',
        `    <Code guid="${G('memoq')}" name="MeMoQ" isCodable="true"/>`,
        '  </Codes>',
        '</CodeBook>',
        '',
      ].join('\n'),
    );
  });

  it('writes sets after the codes, with MemberCode@guid and without sources', () => {
    const xml = writeQdc(codes, { sets });
    expect(xml).not.toContain('origin=');
    expect(xml.indexOf('</Codes>')).toBeLessThan(xml.indexOf('<Sets>'));
    expect(xml).toContain(
      [
        '  <Sets>',
        `    <Set guid="${G('set')}" name="Kern">`,
        '      <Description>Kernset</Description>',
        `      <MemberCode guid="${G('feedback')}"/>`,
        `      <MemberCode guid="${G('memoq')}"/>`,
        '    </Set>',
        '  </Sets>',
        '</CodeBook>',
      ].join('\n'),
    );
    expect(xml).not.toContain(G('src'));
    expect(xml).not.toContain('targetGUID');
  });

  it('leaves out an empty Sets list and is deterministic', () => {
    expect(writeQdc(codes, { sets: [] })).toBe(writeQdc(codes));
    expect(writeQdc(codes)).not.toContain('<Sets');
  });

  it('repairs ids that are not GUIDs the same way in codes and sets', () => {
    const odd: RefiCode[] = [
      { guid: 'c1', name: 'Een', isCodable: true, line: 0 },
      { guid: 'c2', name: 'Twee', parent: 'c1', isCodable: true, color: 'blauw', line: 0 },
    ];
    const xml = writeQdc(odd, { sets: [{ guid: 's', name: 'S', memberCodes: ['c2'], memberSources: [], line: 0 }] });
    const c2 = stableGuid('hefboom:guid', 'c2');
    expect(xml).toContain(`<Code guid="${c2}" name="Twee" isCodable="true"/>`);
    expect(xml).toContain(`<MemberCode guid="${c2}"/>`);
    expect(xml).not.toMatch(/guid="(c1|c2|s)"|blauw/);
  });
});
