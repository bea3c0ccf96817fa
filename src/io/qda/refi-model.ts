/**
 * The parts of a REFI-QDA project (QDA-XML 1.0, `urn:QDA-XML:project:1.0`) that hefboom reads and
 * writes, as plain data. The `.qde` reader fills it from XML, the writer turns it back into XML, and
 * the `.qdpx` importer maps it to canonical documents and a codebook. Elements hefboom does not use
 * (Graphs, Links, rich-text paths) are counted, not kept.
 *
 * The reader does not keep the creation dates of selections and codings (hefboom does not use them,
 * and on a project with 100,000 codings they cost memory); sources keep theirs.
 *
 * Offsets are stored as written in the file; which unit they count (code points, UTF-16 code units,
 * with or without CR) is decided later against the source text (see offset-rule.ts).
 */

export interface RefiUser {
  guid: string;
  name: string;
  /** Short id some programs write (`id="CP"`). */
  id?: string;
}

export interface RefiCode {
  guid: string;
  name: string;
  /** Parent code guid (nesting in the XML). */
  parent?: string;
  color?: string;
  /** `isCodable="false"` marks a folder that cannot be applied. */
  isCodable: boolean;
  description?: string;
  /** 1-based line of the element in the .qde, for messages. */
  line: number;
}

export type RefiSourceKind = 'text' | 'pdf' | 'picture' | 'audio' | 'video';

export interface RefiCoding {
  guid: string;
  /** `CodeRef@targetGUID`. */
  codeGuid: string;
  creatingUser?: string;
  creationDateTime?: string;
  line: number;
}

export interface RefiSelection {
  guid: string;
  name?: string;
  /** PlainTextSelection offsets as written; undefined for non-text selections. */
  start?: number;
  end?: number;
  creatingUser?: string;
  creationDateTime?: string;
  description?: string;
  codings: RefiCoding[];
  noteRefs: string[];
  /** Element name (PlainTextSelection, PDFSelection, PictureSelection, AudioSelection, …). */
  element: string;
  line: number;
}

export interface RefiSource {
  guid: string;
  name: string;
  kind: RefiSourceKind;
  /** Element name as written (TextSource, PDFSource, …). */
  element: string;
  plainTextPath?: string;
  richTextPath?: string;
  /** Inline `<PlainTextContent>`. */
  plainTextContent?: string;
  /** `path` of media sources (for the skip list). */
  path?: string;
  creatingUser?: string;
  creationDateTime?: string;
  description?: string;
  selections: RefiSelection[];
  /** `<Coding>` directly on the source (the whole source is coded). */
  codings: RefiCoding[];
  noteRefs: string[];
  variableValues: RefiVariableValue[];
  line: number;
}

export interface RefiVariable {
  guid: string;
  name: string;
  /** Text, Boolean, Integer, Float, Date, DateTime. */
  typeOfVariable: string;
  description?: string;
}

export interface RefiVariableValue {
  /** `VariableRef@targetGUID`. */
  variableGuid: string;
  value: string;
}

export interface RefiCase {
  guid: string;
  name?: string;
  description?: string;
  /** `CodeRef`s of the case (NVivo ties a case to a code). */
  codeRefs: string[];
  variableValues: RefiVariableValue[];
  /** `SourceRef@targetGUID`: the documents of this case. */
  sourceRefs: string[];
  line: number;
}

export interface RefiSet {
  guid: string;
  name: string;
  description?: string;
  memberSources: string[];
  memberCodes: string[];
  line: number;
}

export interface RefiNote {
  guid: string;
  name?: string;
  text: string;
  creatingUser?: string;
  line: number;
}

export interface RefiProject {
  name?: string;
  origin?: string;
  basePath?: string;
  creatingUserGUID?: string;
  users: RefiUser[];
  codes: RefiCode[];
  variables: RefiVariable[];
  cases: RefiCase[];
  sources: RefiSource[];
  notes: RefiNote[];
  sets: RefiSet[];
  description?: string;
  /** Elements read but not used (Graphs, Links, …) by name, for the import report. */
  ignored: Record<string, number>;
}

/** An empty project, for writers that fill one in. */
export function emptyRefiProject(): RefiProject {
  return { users: [], codes: [], variables: [], cases: [], sources: [], notes: [], sets: [], ignored: {} };
}
