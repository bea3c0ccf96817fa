/**
 * `hefboom export qdpx`: a project as a REFI-QDA project that NVivo, ATLAS.ti, MAXQDA and QualCoder
 * can open. Coders become Users; the codebook becomes the CodeBook (lever and MeMoQ mappings written
 * into each code's Description and as code Sets, since REFI has no place for them); direct framework
 * tags (`#L3`) become codes under one folder per framework; each document becomes an internal UTF-8
 * text source with code-point selections; document attributes become Variables on unnamed Cases
 * (one per document, as MAXQDA writes document variables).
 *
 * GUIDs are derived from ids (or kept from the REFI guid a code carries as alias), so exporting the
 * same project twice gives the same file.
 */
import type { Code, Codebook, Document } from '../../model/types.js';
import { CodeIndex, parseFrameworkRef } from '../../model/codebook.js';
import type { RefiCase, RefiCode, RefiCoding, RefiProject, RefiSelection, RefiSet, RefiSource, RefiVariable } from './refi-model.js';
import { emptyRefiProject } from './refi-model.js';
import { isGuid, stableGuid } from './guid.js';
import { MARK, markerLine } from './hefboom-marker.js';

export interface ExportInput {
  name: string;
  /** `hefboom 0.1.0`. */
  origin: string;
  codebook: Codebook;
  index: CodeIndex;
  /** Every coder's version of every document, in project order. */
  documents: Document[];
  lang: 'nl' | 'en';
}

export interface ExportResult {
  project: RefiProject;
  /** Archive entry name (`sources/<guid>.txt`) → text. */
  sources: Map<string, string>;
  counts: { documents: number; coders: number; codes: number; selections: number; codings: number };
}


export function buildRefiProject(input: ExportInput): ExportResult {
  const p = emptyRefiProject();
  p.name = input.name;
  p.origin = input.origin;

  // Users: one per coder.
  const coders = [...new Set(input.documents.map((d) => d.coder))].sort((a, b) => a.localeCompare(b));
  const userGuid = new Map(coders.map((c) => [c, stableGuid('hefboom-user', c)]));
  p.users = coders.map((c) => ({ guid: userGuid.get(c)!, name: c }));
  if (coders.length) p.creatingUserGUID = userGuid.get(coders[0]);

  // Codes: the codebook, then one folder per framework for direct tags that are used.
  const codeGuid = new Map<string, string>();
  const guidOf = (c: Code) => c.aliases.find((a) => isGuid(a))?.toLowerCase() ?? stableGuid('hefboom-code', c.id);
  const usedGuids = new Set<string>();
  for (const c of input.codebook.codes) {
    let g = guidOf(c);
    if (usedGuids.has(g)) g = stableGuid('hefboom-code', c.id);
    usedGuids.add(g);
    codeGuid.set(c.id, g);
  }
  for (const c of input.codebook.codes) {
    // The marker line carries what REFI has no place for; `import` reads it back (embedded-marker.ts).
    const description = [c.description?.trim() ? c.description : undefined, markerLine({ id: c.id, frameworks: c.frameworks })].filter(Boolean).join('\n\n');
    p.codes.push({
      guid: codeGuid.get(c.id)!, name: c.label, isCodable: true, line: 0,
      ...(c.parent && codeGuid.has(c.parent) ? { parent: codeGuid.get(c.parent) } : {}),
      ...(c.color ? { color: c.color } : {}),
      ...(description ? { description } : {}),
    });
  }
  const fwFolders = new Map<string, RefiCode>();
  const codeFor = (codeId: string): string | undefined => {
    const known = codeGuid.get(codeId);
    if (known) return known;
    const ref = parseFrameworkRef(codeId);
    if (!ref) {
      // An implicit code (ad-hoc project without codebook): exported as a top-level code.
      const g = stableGuid('hefboom-code', codeId);
      codeGuid.set(codeId, g);
      p.codes.push({ guid: g, name: codeId, isCodable: true, line: 0 });
      return g;
    }
    let folder = fwFolders.get(ref.framework);
    if (!folder) {
      const fw = input.index.framework(ref.framework);
      folder = { guid: stableGuid('hefboom-framework', ref.framework), name: `${fw?.label[input.lang] ?? ref.framework} (${ref.framework})`, isCodable: false, line: 0, description: markerLine({ folder: ref.framework }) };
      fwFolders.set(ref.framework, folder);
      p.codes.push(folder);
    }
    const g = stableGuid('hefboom-node', codeId);
    codeGuid.set(codeId, g);
    p.codes.push({ guid: g, name: `${ref.node} ${input.index.labelOf(codeId, input.lang)}`.trim(), isCodable: true, parent: folder.guid, line: 0, description: markerLine({ tag: codeId }) });
    return g;
  };

  // Sources, selections and codings.
  const sourceGuid = new Map<string, string>();
  const sources = new Map<string, string>();
  const byId = new Map<string, Document[]>();
  for (const d of input.documents) {
    const list = byId.get(d.id);
    if (list) list.push(d); else byId.set(d.id, [d]);
  }
  const variables = new Map<string, RefiVariable>();
  let selections = 0;
  let codings = 0;
  for (const [id, versions] of byId) {
    const base = versions[0];
    const guid = stableGuid('hefboom-source', id);
    sourceGuid.set(id, guid);
    sources.set(`sources/${guid}.txt`, base.text);
    const source: RefiSource = {
      guid, name: id, kind: 'text', element: 'TextSource', plainTextPath: `internal://${guid}.txt`,
      creatingUser: userGuid.get(base.coder), selections: [], codings: [], noteRefs: [], variableValues: [], line: 0,
    };
    for (const d of versions) {
      const user = userGuid.get(d.coder);
      // One selection per coded span; a reference that crosses paragraphs is one selection again.
      const spans = new Map<string, { start: number; end: number; codeIds: string[]; memo?: string }>();
      d.excerpts.forEach((x, i) => {
        const target = d === base ? x : base.excerpts[i];
        for (const c of x.codings) {
          // Another coder's copy may differ in white space: place spans by paragraph and relative offset.
          const shift = target ? target.start - x.start : 0;
          // The whole reference when this piece is part of one (same text for every coder then).
          const whole = c.refSpan && shift === 0;
          const s = whole ? c.refSpan!.start : Math.max(target?.start ?? c.start, Math.min(c.start + shift, target?.end ?? c.end));
          const e = whole ? c.refSpan!.end : Math.max(s, Math.min(c.end + shift, target?.end ?? c.end));
          const key = c.ref !== undefined ? `ref:${c.ref}:${c.codeId}` : `span:${s}:${e}`;
          const span = spans.get(key);
          if (span) {
            span.start = Math.min(span.start, s);
            span.end = Math.max(span.end, e);
            if (!span.codeIds.includes(c.codeId)) span.codeIds.push(c.codeId);
          } else spans.set(key, { start: s, end: e, codeIds: [c.codeId], ...(c.memo ? { memo: c.memo } : {}) });
        }
      });
      // Spans with the same extent become one selection with several codings.
      const bySpan = new Map<string, { start: number; end: number; codeIds: string[]; memo?: string }>();
      for (const s of spans.values()) {
        const k = `${s.start}:${s.end}`;
        const have = bySpan.get(k);
        if (have) { for (const c of s.codeIds) if (!have.codeIds.includes(c)) have.codeIds.push(c); } else bySpan.set(k, { ...s, codeIds: [...s.codeIds] });
      }
      const ordered = [...bySpan.values()].sort((a, b) => a.start - b.start || a.end - b.end);
      for (const s of ordered) {
        const selGuid = stableGuid('hefboom-selection', id, d.coder, String(s.start), String(s.end));
        const sel: RefiSelection = {
          guid: selGuid, element: 'PlainTextSelection', name: '', start: s.start, end: s.end, creatingUser: user,
          codings: [], noteRefs: [], line: 0, ...(s.memo ? { description: s.memo } : {}),
        };
        for (const codeId of s.codeIds) {
          const cg = codeFor(codeId);
          if (!cg) continue;
          const coding: RefiCoding = { guid: stableGuid('hefboom-coding', selGuid, codeId), codeGuid: cg, creatingUser: user, line: 0 };
          sel.codings.push(coding);
          codings++;
        }
        source.selections.push(sel);
        selections++;
      }
    }
    p.sources.push(source);
    // Attributes as variables on an unnamed case for this document.
    const values = Object.entries(base.attributes).filter(([, v]) => v !== '');
    if (values.length) {
      const kase: RefiCase = { guid: stableGuid('hefboom-case', id), codeRefs: [], variableValues: [], sourceRefs: [guid], line: 0 };
      for (const [k, v] of values) {
        let variable = variables.get(k);
        if (!variable) variables.set(k, (variable = { guid: stableGuid('hefboom-variable', k), name: k, typeOfVariable: 'Text' }));
        kase.variableValues.push({ variableGuid: variable.guid, value: v });
      }
      p.cases.push(kase);
    }
  }
  p.variables = [...variables.values()];

  // Framework mappings as code sets: one set per node, members are the codes mapped there.
  const sets = new Map<string, RefiSet>();
  for (const c of input.codebook.codes) {
    for (const [fw, nodes] of Object.entries(c.frameworks)) {
      for (const node of nodes) {
        const key = `${fw}:${node}`;
        let set = sets.get(key);
        if (!set) sets.set(key, (set = { guid: stableGuid('hefboom-set', key), name: `${MARK} ${fw} ${node}: ${input.index.labelOf(`fw:${fw}:${node}`, input.lang)}`, memberCodes: [], memberSources: [], line: 0 }));
        set.memberCodes.push(codeGuid.get(c.id)!);
      }
    }
  }
  p.sets = [...sets.values()];
  return { project: p, sources, counts: { documents: byId.size, coders: coders.length, codes: p.codes.length, selections, codings } };
}

/** Codebook alone, for `export qdc`. */
export function buildRefiCodes(codebook: Codebook, index: CodeIndex, lang: 'nl' | 'en'): { codes: RefiCode[]; sets: RefiSet[] } {
  const r = buildRefiProject({ name: '', origin: '', codebook, index, documents: [], lang });
  return { codes: r.project.codes, sets: r.project.sets };
}
