/**
 * Open answers of a survey as documents, so that `quotes`, `words` and `kwic` work on them as on
 * transcripts: one document per open (text) item, one excerpt per non-empty answer, the respondent as
 * speaker. Attributes carry the survey, the item and the respondent's join keys and attributes, so
 * `--where werkgever=…` or `--by trajectory` select answers like paragraphs of an interview.
 */
import type { Attributes, Document, Speaker } from '../model/types.js';
import type { SurveyData } from '../model/survey.js';
import { createRoleTable, UNKNOWN_ROLE, type RoleTable } from '../model/roles.js';
import { isoDay } from './cells.js';
import { passagesDocument, type PassageDraft } from './span-text.js';

/** `source_type` of every survey excerpt (for `--where source_type=open-antwoord`). */
export const OPEN_ANSWER_SOURCE_TYPE = 'open-antwoord';
/** Respondent attributes that may name the respondent's role, in order of preference. */
const ROLE_ATTRIBUTES = ['functie', 'rol', 'role'];

export interface SurveyDocumentOptions {
  /** The project's role table (with its roles.yaml); default the built-in roles. */
  roles?: RoleTable;
  /** Coder of the documents; there are no codings, but every document has a coder. */
  coder?: string;
}

/** Document id of an open item: `<survey>:<item>` (a colon cannot occur in file-derived ids). */
export function surveyDocumentId(survey: string, itemId: string): string {
  return `${survey}:${itemId}`;
}

export function surveyDocuments(data: SurveyData, opts: SurveyDocumentOptions = {}): Document[] {
  const roles = opts.roles ?? createRoleTable();
  const coder = opts.coder ?? 'default';
  const def = data.definition;
  const n = data.respondents.length;
  const roleAttribute = Object.keys(data.attributes).find((a) => ROLE_ATTRIBUTES.includes(a.toLowerCase()));
  const speakers = new Array<Speaker>(n);
  for (let r = 0; r < n; r++) {
    const written = roleAttribute ? data.attributes[roleAttribute][r] : null;
    const role = written ? roles.resolve(written)?.role ?? UNKNOWN_ROLE : UNKNOWN_ROLE;
    speakers[r] = { label: data.respondents[r], role };
  }

  const docs: Document[] = [];
  for (const item of def.items) {
    const col = data.columns[item.id];
    if (item.type !== 'text' || col?.type !== 'text') continue;
    const docAttributes: Attributes = { survey: data.name, survey_kind: data.kind, item: item.id, source_type: OPEN_ANSWER_SOURCE_TYPE };
    const drafts: PassageDraft[] = [];
    for (let r = 0; r < n; r++) {
      const text = col.texts[r];
      if (text === null) continue;
      drafts.push({ text, line: data.lines[r], speaker: { ...speakers[r] }, attributes: respondentAttributes(data, r, docAttributes), codings: [] });
    }
    if (!drafts.length) continue;
    docs.push(passagesDocument({ id: surveyDocumentId(data.name, item.id), coder, path: data.file, format: 'survey', attributes: docAttributes }, drafts));
  }
  return docs;
}

/** The document's attributes plus the respondent's: id, join keys, date and attribute columns. */
function respondentAttributes(data: SurveyData, r: number, base: Attributes): Attributes {
  const a: Attributes = {};
  for (const [field, values] of Object.entries(data.keys)) if (values[r] !== null) a[field] = values[r]!;
  if (data.dates && !Number.isNaN(data.dates[r])) a.date = isoDay(data.dates[r]);
  // Attribute names as written in the definition, lower-cased like segment-table attributes.
  for (const [name, values] of Object.entries(data.attributes)) if (values[r] !== null) a[name.toLowerCase().replace(/\s+/g, '_')] = values[r]!;
  // Survey, item and source_type are set last: a respondent column must not relabel the source.
  return Object.assign(a, base, { respondent: data.respondents[r] });
}
