/**
 * Writes a REFI-QDA codebook exchange file (`.qdc`, Codebook.xsd, `urn:QDA-XML:codebook:1.0`).
 * Same code nesting and repairs as the project writer; the codebook schema differs in that a
 * Set only lists codes, as `<MemberCode guid="…"/>` (not `targetGUID`).
 */
import type { RefiCode, RefiSet } from './refi-model.js';
import { XSI_NAMESPACE, codeTree, el, renderXmlDocument, textEl, toGuid, type XmlNode } from './qde-write.js';

export const QDC_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
export const QDC_SCHEMA_LOCATION =
  'urn:QDA-XML:codebook:1.0 http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd';

export interface QdcOptions {
  /** Written as `CodeBook@origin` (the exporting program). */
  origin?: string;
  /** Code sets; their source members are not part of a codebook and are left out. */
  sets?: RefiSet[];
}

/**
 * The codebook as a complete `.qdc` document. The schema requires at least one Code, so a
 * codebook without codes is written (as `<Codes/>`) but will not validate.
 */
export function writeQdc(codes: RefiCode[], opts: QdcOptions = {}): string {
  const children: XmlNode[] = [el('Codes', [], codeTree(codes))];
  const sets = opts.sets ?? [];
  if (sets.length) children.push(el('Sets', [], sets.map(setNode)));
  const root = el(
    'CodeBook',
    [
      ['xmlns', QDC_NAMESPACE],
      ['xmlns:xsi', XSI_NAMESPACE],
      ['xsi:schemaLocation', QDC_SCHEMA_LOCATION],
      ['origin', opts.origin],
    ],
    children,
  );
  return renderXmlDocument(root);
}

function setNode(s: RefiSet): XmlNode {
  const kids: XmlNode[] = [];
  if (s.description !== undefined) kids.push(textEl('Description', s.description));
  for (const g of s.memberCodes) kids.push(el('MemberCode', [['guid', toGuid(g)]]));
  return el(
    'Set',
    [
      ['guid', toGuid(s.guid)],
      ['name', s.name],
    ],
    kids,
  );
}
