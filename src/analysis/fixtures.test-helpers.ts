/** Small in-memory corpora for analysis tests. */
import type { Document, Excerpt } from '../model/types.js';
import { CodeIndex, parseCodebook } from '../model/codebook.js';
import { BUILTIN_FRAMEWORK_IDS, loadBuiltinFramework } from '../model/framework.js';

export const CODEBOOK = `
codes:
  - id: feedback
    label: Feedback
    levers: [L3]
    memoq: [emotionele-ondersteuning]
    children:
      - id: feedback-uitstellen
        label: Negatieve feedback uitstellen
  - id: voordoen
    label: Voordoen
    levers: [L6]
  - id: duiding
    label: Duiding geven
    levers: [L6, L3]
  - id: startprofiel
    label: Startprofiel
    levers: [L1]
`;

export function testIndex(): CodeIndex {
  const fws = new Map(BUILTIN_FRAMEWORK_IDS.map((id) => [id, loadBuiltinFramework(id)] as const));
  const { codebook, issues } = parseCodebook(CODEBOOK, 'codebook.yaml', fws);
  if (issues.length) throw new Error(JSON.stringify(issues));
  return new CodeIndex(codebook, fws);
}

/** [label, role, number?, codes[], text?] */
export type Para = [string, string, number | undefined, string[], string?];

export function doc(id: string, attrs: Record<string, string>, paras: Para[], coder = 'A'): Document {
  const excerpts: Excerpt[] = paras.map(([label, role, number, codes, text], i) => ({
    id: `${id}/p${i + 1}`,
    documentId: id,
    ordinal: i + 1,
    text: text ?? `tekst ${i + 1}`,
    start: 0,
    end: 0,
    line: i * 2 + 1,
    speaker: { label, role, ...(number !== undefined ? { number } : {}) },
    attributes: { ...attrs },
    codings: codes.map((c) => ({ codeId: c, coder, start: 0, end: 0 })),
  }));
  return { id, path: `${id}.txt`, format: 'transcript', coder, attributes: attrs, text: '', lineEnding: 'lf', excerpts, hasFullText: true };
}
