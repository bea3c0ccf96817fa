/**
 * Written feedback of internship evaluations as documents, so that the qualitative commands
 * (`tally`, `quotes`, `words`, `kwic`, `cooccur`) work on it as on transcripts: one document per
 * feedback column of a `stage:` entry, one excerpt per piece of feedback (a non-empty cell, once per
 * evaluation when the long layout repeats it on every row), coded `sterkte` or `groeikans` by the
 * column's kind (seed 002 L326–328: strengths and growth points are what mentor and school discuss).
 *
 * The writer is the speaker: role `mentor` (the workplace mentor or stagebegeleider writes the
 * feedback) unless the feedback entry names another role; the mentor column, when mapped, is the
 * speaker's label. Attributes carry the school, placement, moment, profile, template, mentor and the
 * trainee, so `--where moment=eind` or `--across profile` select feedback like paragraphs of an
 * interview.
 */
import type { Attributes, Document, SourceFormat } from '../model/types.js';
import type { FeedbackKind, StageData } from '../model/stage.js';
import { createRoleTable, type RoleTable } from '../model/roles.js';
import { passagesDocument, type PassageDraft } from './span-text.js';

/** `source_type` of every feedback excerpt (`--where source_type=stagefeedback`). */
export const STAGE_FEEDBACK_SOURCE_TYPE = 'stagefeedback';

/** Document format of stage feedback (a SourceFormat, like `survey` for open answers). */
export const STAGE_FORMAT: SourceFormat = 'stage';

/** The codes feedback excerpts carry; a project's codebook needs them (or gets them added, see below). */
export const STAGE_FEEDBACK_CODES: readonly { id: FeedbackKind; label: string; description: string }[] = [
  { id: 'sterkte', label: 'Sterkte', description: 'Written feedback on an internship evaluation that names a strength of the trainee (stage feedback column of kind sterkte).' },
  { id: 'groeikans', label: 'Groeikans', description: 'Written feedback on an internship evaluation that names a growth point of the trainee (stage feedback column of kind groeikans).' },
];

export interface StageDocumentOptions {
  /** The project's role table (with its roles.yaml); default the built-in roles. */
  roles?: RoleTable;
  /** Coder of the codings; default `default`. */
  coder?: string;
  /**
   * Code id per feedback kind, when the codebook spells them otherwise (an alias resolved by the
   * workspace); default the kind itself (`sterkte`, `groeikans`).
   */
  codeIds?: Partial<Record<FeedbackKind, string>>;
}

/** Document id of a feedback column: `<stage entry>:<kind>`, numbered when two columns share a kind. */
export function stageDocumentIds(data: StageData): string[] {
  const kinds = data.definition.feedback.map((f) => f.kind);
  const seen = new Map<string, number>();
  return kinds.map((kind) => {
    const several = kinds.filter((k) => k === kind).length > 1;
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    return several ? `${data.name}:${kind}-${n}` : `${data.name}:${kind}`;
  });
}

/** Attribute names of feedback excerpts for the definition's fields (English keys in the data). */
const ATTRIBUTE_NAMES: Record<string, string> = { school: 'school', placement: 'placement', mentor: 'mentor', profile: 'profile', template: 'template' };

export function stageDocuments(data: StageData, opts: StageDocumentOptions = {}): Document[] {
  const roles = opts.roles ?? createRoleTable();
  const coder = opts.coder ?? 'default';
  const ids = stageDocumentIds(data);
  const mentors = data.attributes.mentor;
  const docs: Document[] = [];
  data.definition.feedback.forEach((fb, k) => {
    const role = roles.resolve(fb.role)?.role ?? fb.role;
    const codeId = opts.codeIds?.[fb.kind] ?? fb.kind;
    const base: Attributes = { stage: data.name, feedback: fb.kind, column: fb.column, source_type: STAGE_FEEDBACK_SOURCE_TYPE };
    const drafts: PassageDraft[] = [];
    for (const f of data.feedback) {
      if (f.source !== k) continue;
      const e = f.evaluation;
      const a: Attributes = {};
      for (const [name, values] of Object.entries(data.attributes)) {
        const v = values[e];
        if (v !== null) a[ATTRIBUTE_NAMES[name] ?? name.toLowerCase().replace(/\s+/g, '_')] = v;
      }
      a.trainee = data.trainees[data.trainee[e]];
      a.moment = data.definition.moments[data.moment[e]].id;
      if (f.indicator !== undefined) a.indicator = f.indicator;
      // The entry, the kind and source_type are set last: a data column must not relabel the source.
      Object.assign(a, base);
      const mentor = mentors?.[e] ?? '';
      drafts.push({ text: f.text, line: f.line, speaker: { label: mentor, role }, attributes: a, codings: [{ codeId }] });
    }
    if (!drafts.length) return;
    docs.push(passagesDocument({ id: ids[k], coder, path: data.file, format: STAGE_FORMAT, attributes: base }, drafts));
  });
  return docs;
}
