/**
 * The CRM mapping YAML (README "CRM mapping"): which export column holds which canonical field, the
 * units of hour columns, the export's spellings of status / location type / yes-no, the fields that
 * must be filled in, and the trajectory norms (about 53 hours and 9 contact moments, seed 004).
 * Validation names the line of every problem; the export itself is read by crm.ts.
 */
import type { InputIssue } from '../model/types.js';
import { CONTACT_FIELDS, CRM_FIELDS, type TrajectoryStatus } from '../model/crm.js';
import { closest } from '../model/issues.js';
import { parseYaml, readSideFile, unknownKeyIssue, type YamlSource } from './yaml.js';

export type MappedField = (typeof CRM_FIELDS)[number] | (typeof CONTACT_FIELDS)[number];
export const MAPPABLE_FIELDS: readonly MappedField[] = [...CRM_FIELDS, ...CONTACT_FIELDS];

export const MAPPING_KEYS = ['fields', 'attributes', 'units', 'values', 'required', 'norms'] as const;
/** Fields whose cells may carry an hour/minute unit. */
export const UNIT_FIELDS = ['hours', 'contact_duration'] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];
export type TimeUnit = 'hours' | 'minutes';

/** Spellings of the two time units, in the mapping and as cell suffixes ("3,5 uur", "90 min"). */
export const HOUR_SPELLINGS = ['uur', 'uren', 'u', 'h', 'hour', 'hours', 'hrs'];
export const MINUTE_SPELLINGS = ['minuten', 'minuut', 'min', 'minutes', 'minute', 'mins'];

export const STATUS_VALUES: readonly TrajectoryStatus[] = ['lopend', 'afgerond', 'gestopt'];
/** Default export spellings of each status (compared lower-cased). */
export const DEFAULT_STATUS_SPELLINGS: Record<TrajectoryStatus, string[]> = {
  lopend: ['lopend', 'in uitvoering', 'actief'],
  afgerond: ['afgerond', 'beëindigd', 'beeindigd', 'afgesloten'],
  gestopt: ['gestopt', 'vroegtijdig gestopt', 'stopgezet', 'geannuleerd'],
};
export const DEFAULT_LOCATION_TYPES = ['gezinsopvang', 'groepsopvang'];

/** Required fields when the mapping gives no `required:` (intersected with the mapped fields). */
export const DEFAULT_REQUIRED: readonly MappedField[] = ['trajectory', 'location', 'location_type', 'employer', 'coach', 'type', 'start', 'end', 'hours', 'status'];

export interface CrmNorms {
  /** Expected coaching hours per trajectory. */
  hours: number;
  /** Expected number of contact moments per trajectory. */
  contacts: number;
  /** Relative band around the norms counted as "on norm" (0.2 = ±20 %). */
  tolerance: number;
}
export const DEFAULT_NORMS: CrmNorms = { hours: 53, contacts: 9, tolerance: 0.2 };

export interface CrmMapping {
  /** Display path of the mapping file. */
  file: string;
  /** Canonical field → export column name. */
  fields: Partial<Record<MappedField, string>>;
  /** 1-based line of each field in the mapping (for messages about it). */
  fieldLines: Partial<Record<MappedField, number>>;
  /** Extra export columns kept as trajectory attributes. */
  attributes: string[];
  /** Declared unit of bare numbers in hour columns; when declared, cells may carry a unit suffix. */
  units: Partial<Record<UnitField, TimeUnit>>;
  /** Lower-cased export spelling → canonical status (defaults included). */
  status: Map<string, TrajectoryStatus>;
  /** Lower-cased export spelling → canonical location type (defaults included). */
  locationType: Map<string, string>;
  /** Extra yes/no spellings; they win over parseYesNo's defaults, which stay recognised. */
  yes: string[];
  no: string[];
  /** `required:` as written (validated); undefined = the default list. */
  required?: MappedField[];
  norms: CrmNorms;
}

/** The norms a mapping sets (defaults filled in). */
export function crmNorms(mapping: CrmMapping | undefined): CrmNorms {
  return mapping ? { ...mapping.norms } : { ...DEFAULT_NORMS };
}

/** Required fields that the mapping also maps (what completeness is measured on). */
export function requiredFields(mapping: CrmMapping): MappedField[] {
  return (mapping.required ?? DEFAULT_REQUIRED).filter((f) => mapping.fields[f] !== undefined);
}

/** A unit as users spell it in the mapping, or undefined. */
export function timeUnitOf(spelling: string): TimeUnit | undefined {
  const s = spelling.trim().toLowerCase();
  if (HOUR_SPELLINGS.includes(s)) return 'hours';
  if (MINUTE_SPELLINGS.includes(s)) return 'minutes';
  return undefined;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read and validate a mapping file. Never throws; `mapping` is absent when there are errors. */
export function loadCrmMapping(abs: string, display: string): { mapping?: CrmMapping; issues: InputIssue[] } {
  const read = readSideFile(abs, display, 'the CRM mapping', 'check `mapping:` in the `crm:` entry of hefboom.yaml');
  if (read.issue) return { issues: [read.issue] };
  const text = read.text;
  const y = parseYaml(text, display);
  if (y.issues.length) return { issues: y.issues };
  return parseCrmMapping(y, display);
}

/** Validate a parsed mapping (exported for tests that build mappings from text). */
export function parseCrmMapping(y: YamlSource, file: string): { mapping?: CrmMapping; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const err = (path: (string | number)[], code: string, message: string, hint?: string, field?: string) =>
    issues.push({ severity: 'error', file, line: y.lineOf(path), field, code, message, hint });
  const v = y.value;
  if (!isMap(v)) {
    err([], 'bad-value', 'the CRM mapping must be a YAML mapping with at least `fields:`', 'start from the example under "CRM mapping" in the README');
    return { issues };
  }
  for (const k of Object.keys(v)) if (!(MAPPING_KEYS as readonly string[]).includes(k)) issues.push(unknownKeyIssue(file, y, [k], k, MAPPING_KEYS, 'in the CRM mapping'));

  const mapping: CrmMapping = {
    file, fields: {}, fieldLines: {}, attributes: [], units: {}, status: new Map(), locationType: new Map(), yes: [], no: [], norms: { ...DEFAULT_NORMS },
  };

  // fields
  if (v.fields === undefined || v.fields === null) err([], 'missing-key', 'the CRM mapping has no `fields:`', 'map at least `trajectory:` to the column holding the trajectory id, e.g. `fields: { trajectory: Traject-ID }`');
  else if (!isMap(v.fields)) err(['fields'], 'bad-value', '`fields:` must map canonical field names to column names', 'e.g. `fields: { trajectory: Traject-ID, start: Startdatum }`');
  else {
    for (const [k, col] of Object.entries(v.fields)) {
      if (!(MAPPABLE_FIELDS as readonly string[]).includes(k)) {
        issues.push(unknownKeyIssue(file, y, ['fields', k], k, MAPPABLE_FIELDS, 'under `fields:` (not a canonical CRM field)'));
        continue;
      }
      if (typeof col !== 'string' && typeof col !== 'number') {
        err(['fields', k], 'bad-value', `\`${k}\` under \`fields:\` must be a column name`, `e.g. \`${k}: Kolomnaam\`; leave the field out when the export has no such column`, k);
        continue;
      }
      const name = String(col).trim();
      if (!name) {
        err(['fields', k], 'bad-value', `\`${k}\` under \`fields:\` names no column`, 'give the column header as it appears in the export, or remove the line', k);
        continue;
      }
      mapping.fields[k as MappedField] = name;
      mapping.fieldLines[k as MappedField] = y.keyLineOf(['fields', k]);
    }
    if (mapping.fields.trajectory === undefined && !issues.some((i) => i.field === 'trajectory')) {
      err(['fields'], 'missing-key', '`fields:` does not map `trajectory` (the trajectory id column)', 'add `trajectory: <column with the trajectory id>`: rows are grouped and surveys joined on it');
    }
  }

  // attributes
  if (v.attributes !== undefined && v.attributes !== null) {
    const list = Array.isArray(v.attributes) ? v.attributes : [v.attributes];
    list.forEach((a, i) => {
      if (typeof a !== 'string' && typeof a !== 'number') err(['attributes', i], 'bad-value', '`attributes:` must be a list of column names', 'e.g. `attributes: [Regio, Provincie]`');
      else if (String(a).trim()) mapping.attributes.push(String(a).trim());
    });
  }

  // units
  if (v.units !== undefined && v.units !== null) {
    if (!isMap(v.units)) err(['units'], 'bad-value', '`units:` must map hours / contact_duration to a unit', 'e.g. `units: { hours: uur, contact_duration: minuten }`');
    else for (const [k, u] of Object.entries(v.units)) {
      if (!(UNIT_FIELDS as readonly string[]).includes(k)) {
        issues.push(unknownKeyIssue(file, y, ['units', k], k, UNIT_FIELDS, 'under `units:` (only hour columns take a unit)'));
        continue;
      }
      const unit = typeof u === 'string' ? timeUnitOf(u) : undefined;
      if (!unit) err(['units', k], 'bad-value', `unknown unit "${String(u)}" for \`${k}\``, `hours: ${HOUR_SPELLINGS.join(', ')}; minutes: ${MINUTE_SPELLINGS.join(', ')}`, k);
      else mapping.units[k as UnitField] = unit;
    }
  }

  readValues(v.values, y, file, mapping, issues);

  // required
  if (v.required !== undefined && v.required !== null) {
    if (!Array.isArray(v.required)) err(['required'], 'bad-value', '`required:` must be a list of canonical fields', `e.g. \`required: [${DEFAULT_REQUIRED.slice(0, 4).join(', ')}]\``);
    else {
      const req: MappedField[] = [];
      v.required.forEach((f, i) => {
        const name = String(f);
        if (!(MAPPABLE_FIELDS as readonly string[]).includes(name)) {
          const near = closest(name, MAPPABLE_FIELDS, 1);
          err(['required', i], 'unknown-field', `\`required:\` names "${name}", which is not a canonical CRM field`, near.length ? `did you mean "${near[0]}"? fields: ${MAPPABLE_FIELDS.join(', ')}` : `fields: ${MAPPABLE_FIELDS.join(', ')}`, name);
        } else if (mapping.fields[name as MappedField] === undefined && isMap(v.fields)) {
          issues.push({ severity: 'warning', file, line: y.lineOf(['required', i]), field: name, code: 'required-not-mapped', message: `\`required:\` names "${name}", but \`fields:\` does not map it; it is not checked`, hint: `map it under \`fields:\` (\`${name}: <column>\`) or remove it from \`required:\`` });
        } else if (!req.includes(name as MappedField)) req.push(name as MappedField);
      });
      mapping.required = req;
    }
  }

  // norms
  if (v.norms !== undefined && v.norms !== null) {
    const keys = ['hours', 'contacts', 'tolerance'] as const;
    if (!isMap(v.norms)) err(['norms'], 'bad-value', '`norms:` must be a mapping', 'e.g. `norms: { hours: 53, contacts: 9, tolerance: 0.2 }`');
    else for (const [k, n] of Object.entries(v.norms)) {
      if (!(keys as readonly string[]).includes(k)) {
        issues.push(unknownKeyIssue(file, y, ['norms', k], k, keys, 'under `norms:`'));
        continue;
      }
      const ok = typeof n === 'number' && Number.isFinite(n) && n > 0 && (k !== 'tolerance' || n < 1);
      if (!ok) err(['norms', k], 'bad-value', `\`${k}\` under \`norms:\` must be a number ${k === 'tolerance' ? 'between 0 and 1 (0.2 = ±20 %)' : 'greater than 0'}, not ${JSON.stringify(n)}`, `default: ${k}: ${DEFAULT_NORMS[k as keyof CrmNorms]}`, k);
      else mapping.norms[k as keyof CrmNorms] = n;
    }
  }

  return issues.some((i) => i.severity === 'error') ? { issues } : { mapping, issues };
}

/** `values:` — status and location-type spellings, yes/no spellings. */
function readValues(values: unknown, y: YamlSource, file: string, mapping: CrmMapping, issues: InputIssue[]): void {
  for (const s of STATUS_VALUES) for (const sp of DEFAULT_STATUS_SPELLINGS[s]) mapping.status.set(sp, s);
  for (const t of DEFAULT_LOCATION_TYPES) mapping.locationType.set(t, t);
  if (values === undefined || values === null) return;
  const err = (path: (string | number)[], message: string, hint?: string) => issues.push({ severity: 'error', file, line: y.lineOf(path), code: 'bad-value', message, hint });
  if (!isMap(values)) {
    err(['values'], '`values:` must be a mapping with status, location_type, yes and/or no', 'see "CRM mapping" in the README');
    return;
  }
  const keys = ['status', 'location_type', 'yes', 'no'];
  /** A list of spellings (a single string counts as a list of one). */
  const spellings = (path: (string | number)[], val: unknown): string[] | undefined => {
    const list = Array.isArray(val) ? val : [val];
    if (list.some((x) => typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')) {
      err(path, 'spellings must be a list of texts', 'e.g. [Afgerond, Beëindigd]');
      return undefined;
    }
    return list.map((x) => String(x).trim()).filter((x) => x !== '');
  };
  for (const [k, val] of Object.entries(values)) {
    if (!keys.includes(k)) {
      issues.push(unknownKeyIssue(file, y, ['values', k], k, keys, 'under `values:`'));
      continue;
    }
    if (k === 'yes' || k === 'no') {
      const list = spellings(['values', k], val);
      if (list) mapping[k] = list;
      continue;
    }
    if (!isMap(val)) {
      err(['values', k], `\`values.${k}\` must map each canonical value to its spellings in the export`, k === 'status' ? 'e.g. `status: { afgerond: [Afgerond, Beëindigd] }`' : 'e.g. `location_type: { gezinsopvang: [GO, Gezinsopvang] }`');
      continue;
    }
    for (const [canon, list] of Object.entries(val)) {
      if (k === 'status' && !(STATUS_VALUES as readonly string[]).includes(canon)) {
        issues.push(unknownKeyIssue(file, y, ['values', k, canon], canon, STATUS_VALUES, 'under `values.status:` (the canonical statuses)'));
        continue;
      }
      const sp = spellings(['values', k, canon], list);
      if (!sp) continue;
      const target = k === 'status' ? mapping.status : mapping.locationType;
      if (k === 'location_type') target.set(canon.toLowerCase(), canon);
      for (const s of sp) {
        const prior = target.get(s.toLowerCase());
        const defaultOnly = k === 'status' && prior !== undefined && DEFAULT_STATUS_SPELLINGS[prior as TrajectoryStatus].includes(s.toLowerCase());
        if (prior !== undefined && prior !== canon && !defaultOnly) {
          err(['values', k, canon], `the spelling "${s}" is given for both "${prior}" and "${canon}"`, 'give every export spelling under one value only');
        }
        target.set(s.toLowerCase(), canon as TrajectoryStatus);
      }
    }
  }
  const both = mapping.yes.filter((s) => mapping.no.some((n) => n.toLowerCase() === s.toLowerCase()));
  if (both.length) err(['values', 'no'], `"${both[0]}" is listed under both \`yes\` and \`no\``, 'keep each spelling in one list');
}

/** Warnings for contact-moment fields in a mapping used for one row per trajectory (they are ignored). */
export function unitIssues(mapping: CrmMapping, unit: 'trajectory' | 'contact'): InputIssue[] {
  if (unit === 'contact') return [];
  return CONTACT_FIELDS.filter((f) => mapping.fields[f] !== undefined).map((f) => ({
    severity: 'warning' as const, file: mapping.file, line: mapping.fieldLines[f], field: f, code: 'contact-field-ignored',
    message: `\`${f}\` describes a contact moment, but this export has one row per trajectory (\`unit: trajectory\`); the column is not read`,
    hint: 'set `unit: contact` in the `crm:` entry when every row is one contact moment, or remove the field from the mapping',
  }));
}
