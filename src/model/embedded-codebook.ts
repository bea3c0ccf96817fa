/**
 * Codes that arrive with the data: a REFI-QDA codebook, the tag paths of a Taguette export, the
 * categories of a QualCoder report. They are merged into the project's codebook so every command
 * works on imported data: a code the codebook already knows (by its key as alias, by id, or by
 * name) maps to that code; any other code is added with a generated id, its name as label and its
 * key as alias, under its (mapped) parent.
 */
import type { Code, Codebook } from './types.js';
import { fold } from './issues.js';

/** A code as a QDA file describes it. */
export interface EmbeddedCode {
  /** What the reader resolves codings by: the REFI guid, or the tag/name exactly as written. */
  key: string;
  /** Display name as written (accents intact). */
  name: string;
  /** Key of the parent code, if any. */
  parentKey?: string;
  description?: string;
  color?: string;
  /** false for folders that cannot be applied (`isCodable="false"`). */
  isCodable?: boolean;
  /** Further names the code is known by (e.g. the full path `A::B`). */
  aliases?: string[];
  /** Preferred id (a hefboom export's own id, kept in a marker line). */
  id?: string;
  /** Framework mappings carried by the file (hefboom marker line). */
  frameworks?: Record<string, string[]>;
  /** The code stands for a framework node tag (`fw:levers:L3`): codings map to it, no code is made. */
  tag?: string;
  /** A folder that only groups framework-tag codes: no code is made. */
  folder?: boolean;
}

export interface MergeResult {
  codebook: Codebook;
  /** Embedded key → code id in the merged codebook. */
  idOf: Map<string, string>;
  /** Codes that were added (generated), in embedded order. */
  added: Code[];
  /** Embedded codes that mapped onto an existing code (key → id). */
  matched: Map<string, string>;
}

const ID_OK = /^\p{L}[\p{L}\p{N}\-_./]*$/u;

/**
 * A code id from a name: lower case, accents kept, runs of other characters become `-`; a name that
 * does not start with a letter gets a `c-` prefix ("1. Oltás típusa" → `c-1-oltás-típusa`).
 */
export function slugForCode(name: string): string {
  let s = name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, '-').replace(/^-+|-+$/g, '');
  if (!s) s = 'code';
  if (!/^\p{L}/u.test(s)) s = `c-${s}`;
  return s;
}

/**
 * Merge embedded codes into a codebook. Pure: the input codebook is not changed. Ids are short
 * slugs; a slug shared by several codes is qualified by its parent's slug (`cs_as_programming/
 * programming`), then numbered, so ids do not depend on which duplicate comes first.
 */
export function mergeEmbeddedCodes(base: Codebook, embedded: EmbeddedCode[], knownFrameworks: ReadonlySet<string> = new Set(['levers', 'memoq'])): MergeResult {
  const codes: Code[] = base.codes.map((c) => ({ ...c, aliases: [...c.aliases] }));
  const byId = new Map(codes.map((c) => [c.id, c]));
  const byAlias = new Map<string, Code>();
  const byName = new Map<string, Code[]>();
  const putName = (k: string, c: Code) => {
    const key = fold(k).replace(/\s+/g, ' ').trim();
    const list = byName.get(key);
    if (list) { if (!list.includes(c)) list.push(c); } else byName.set(key, [c]);
  };
  for (const c of codes) {
    for (const a of c.aliases) if (!byAlias.has(a)) byAlias.set(a, c);
    putName(c.id, c);
    putName(c.label, c);
    for (const a of c.aliases) putName(a, c);
  }
  const idOf = new Map<string, string>();
  const matched = new Map<string, string>();
  const pending: EmbeddedCode[] = [];
  for (const e of embedded) {
    if (idOf.has(e.key)) continue;
    if (e.tag) { idOf.set(e.key, e.tag); continue; }
    if (e.folder) continue;
    const hit = byAlias.get(e.key) ?? byId.get(e.key) ?? uniqueByName(byName, e.name);
    if (hit) { idOf.set(e.key, hit.id); matched.set(e.key, hit.id); } else pending.push(e);
  }

  // Generated ids: slug, then parent-qualified where a slug is shared, then numbered.
  const byKey = new Map<string, EmbeddedCode>();
  for (const e of embedded) if (!byKey.has(e.key)) byKey.set(e.key, e);
  const slugOf = (e: EmbeddedCode) => (e.id && ID_OK.test(e.id) ? e.id : slugForCode(e.name));
  const count = new Map<string, number>();
  for (const e of pending) count.set(slugOf(e), (count.get(slugOf(e)) ?? 0) + 1);
  const added: Code[] = [];
  const sourceOf = new Map<Code, EmbeddedCode>();
  const taken = new Set(codes.map((c) => c.id));
  for (const e of pending) {
    let id = slugOf(e);
    if (!(e.id && id === e.id) && ((count.get(id) ?? 0) > 1 || taken.has(id))) {
      const parent = e.parentKey ? byKey.get(e.parentKey) : undefined;
      if (parent) id = `${slugForCode(parent.name)}/${id}`;
    }
    let n = 2;
    const stem = id;
    while (taken.has(id) || !ID_OK.test(id)) id = `${stem}-${n++}`;
    taken.add(id);
    const aliases = [e.key, ...(e.aliases ?? [])].filter((a, i, all) => a !== id && all.indexOf(a) === i);
    const code: Code = { id, label: e.name, frameworks: {}, keywords: [], aliases };
    if (e.description) code.description = e.description;
    for (const [fw, nodes] of Object.entries(e.frameworks ?? {})) if (knownFrameworks.has(fw) && nodes.length) code.frameworks[fw] = [...nodes];
    if (e.color && /^#?[0-9a-f]{6}$/i.test(e.color)) code.color = (e.color.startsWith('#') ? e.color : `#${e.color}`).toLowerCase();
    idOf.set(e.key, id);
    added.push(code);
    sourceOf.set(code, e);
  }
  // Parents once every id is known.
  for (const code of added) {
    const e = sourceOf.get(code)!;
    const parentId = e.parentKey ? idOf.get(e.parentKey) : undefined;
    if (parentId) code.parent = parentId;
  }
  return { codebook: { ...base, codes: [...codes, ...added] }, idOf, added, matched };
}

function uniqueByName(byName: Map<string, Code[]>, name: string): Code | undefined {
  const list = byName.get(fold(name).replace(/\s+/g, ' ').trim());
  return list && list.length === 1 ? list[0] : undefined;
}
