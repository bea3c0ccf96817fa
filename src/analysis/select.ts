/**
 * Selecting excerpts: the filters shared by `tally` and `quotes` (`--code`, `--lever`, `--memoq`,
 * `--fw`, `--role`, `--where k=v`, `--grep`). A code filter matches the code and its descendants, a
 * framework filter every code mapped (or inherited) there, as in the roll-up of DESIGN.md §3.
 */
import type { Document, Excerpt } from '../model/types.js';
import type { CodeIndex } from '../model/codebook.js';
import { attributeOf } from './attributes.js';
import { fold } from '../model/issues.js';

export interface Selection {
  codes?: string[];
  /** framework id → node ids (any depth; a lever matches its tips too). */
  nodes?: { framework: string; node: string }[];
  roles?: string[];
  /** key → accepted values (OR within a key, AND across keys). */
  where?: { key: string; values: string[] }[];
  grep?: RegExp;
}

export function isEmptySelection(s: Selection): boolean {
  return !s.codes?.length && !s.nodes?.length && !s.roles?.length && !s.where?.length && !s.grep;
}

/** Codings of an excerpt that match the code/framework part of the selection (all when none is set). */
export function matchingCodings(x: Excerpt, s: Selection, index: CodeIndex) {
  if (!s.codes?.length && !s.nodes?.length) return x.codings;
  return x.codings.filter((c) =>
    (s.codes ?? []).some((code) => index.codesFor(c.codeId).includes(code) || c.codeId === code) ||
    (s.nodes ?? []).some((n) => nodeMatches(index, c.codeId, n.framework, n.node)));
}

function nodeMatches(index: CodeIndex, codeId: string, framework: string, node: string): boolean {
  if (index.nodesFor(codeId, framework).includes(node)) return true;
  return index.exactNodesFor(codeId, framework).some((n) => n === node || n.startsWith(`${node}.`));
}

export function selects(x: Excerpt, doc: Pick<Document, 'id' | 'coder' | 'format' | 'path'>, s: Selection, index: CodeIndex): boolean {
  if (s.roles?.length && !s.roles.includes(x.speaker.role)) return false;
  if (s.where?.length) {
    for (const w of s.where) {
      const v = fold(attributeOf(x, doc, w.key));
      if (!w.values.some((want) => fold(want) === v)) return false;
    }
  }
  if (s.grep && !s.grep.test(x.text)) return false;
  if ((s.codes?.length || s.nodes?.length) && matchingCodings(x, s, index).length === 0) return false;
  return true;
}
