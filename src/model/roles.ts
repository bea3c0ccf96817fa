/**
 * Speaker roles: the built-in Dutch role table with synonyms, extendable by a project's `roles.yaml`,
 * and the rule that decides whether a label such as `Mentor 3`, `M3` or `Sofie` names a speaker
 * (DESIGN.md §4).
 */
import type { InputIssue, Speaker } from './types.js';
import { fold } from './issues.js';
import { parseYaml, unknownKeyIssue } from '../io/yaml.js';

export interface RoleDef {
  id: string;
  label: { nl: string; en: string };
  /** Full spellings, matched case- and accent-insensitively. */
  synonyms: string[];
  /** Short forms used with or without a number (`M3`, `KB`). */
  abbreviations: string[];
}

export const UNKNOWN_ROLE = 'onbekend';

export const BUILTIN_ROLES: RoleDef[] = [
  {
    id: 'kinderbegeleider',
    label: { nl: 'Kinderbegeleider', en: 'Childcare worker' },
    synonyms: ['kinderbegeleider', 'kindbegeleider', 'kinderbegeleidster', 'vaste medewerker', 'kinderverzorgster', 'kinderverzorger', 'begeleider kinderopvang'],
    abbreviations: ['KB'],
  },
  {
    id: 'verantwoordelijke',
    label: { nl: 'Verantwoordelijke', en: 'Manager' },
    synonyms: ['verantwoordelijke', 'leidinggevende', 'teamverantwoordelijke', 'teamleider', 'coördinator', 'manager', 'directeur', 'directie'],
    abbreviations: ['V', 'VA'],
  },
  {
    id: 'mentor',
    label: { nl: 'Mentor', en: 'Mentor' },
    synonyms: ['mentor', 'stagementor', 'werkplekmentor', 'interne mentor', 'praktijkmentor'],
    abbreviations: ['M'],
  },
  {
    id: 'externe-mentor',
    label: { nl: 'Externe mentor', en: 'External mentor' },
    synonyms: ['externe mentor', 'externe werkplekmentor'],
    abbreviations: ['EM'],
  },
  {
    id: 'cursist',
    label: { nl: 'Cursist', en: 'Learner' },
    synonyms: ['cursist', 'cursiste', 'stagiair', 'stagiaire', 'leerling', 'zij-instromer', 'zij instromer', 'medewerker in opleiding', 'student', 'lerende'],
    abbreviations: ['C', 'S'],
  },
  {
    id: 'leerkracht',
    label: { nl: 'Leerkracht', en: 'Teacher' },
    synonyms: ['leerkracht', 'leerkracht cvo', 'praktijkleerkracht', 'stageleerkracht', 'docent', 'stagebegeleider', 'lesgever', 'trajectbegeleider'],
    abbreviations: ['LK'],
  },
  {
    id: 'pedagogisch-coach',
    label: { nl: 'Pedagogisch coach', en: 'Pedagogical coach' },
    synonyms: ['pedagogisch coach', 'pedagogische coach', 'coach', 'pedagogisch ondersteuner', 'pedagogisch medewerker'],
    abbreviations: ['PC'],
  },
  {
    id: 'regionaal-ondersteuner',
    label: { nl: 'Regionaal ondersteuner', en: 'Regional supporter' },
    synonyms: ['regionaal ondersteuner', 'regionale ondersteuner', 'regionaal ondersteuningsmedewerker'],
    abbreviations: ['RO'],
  },
  {
    id: 'pluscoach',
    label: { nl: 'Pluscoach', en: 'Plus coach' },
    synonyms: ['pluscoach', 'plus-coach'],
    abbreviations: [],
  },
  {
    id: 'onthaalouder',
    label: { nl: 'Onthaalouder', en: 'Childminder' },
    synonyms: ['onthaalouder', 'onthaalmoeder', 'onthaalvader', 'gezinsopvang'],
    abbreviations: ['OO'],
  },
  {
    id: 'ouder',
    label: { nl: 'Ouder', en: 'Parent' },
    synonyms: ['ouder', 'moeder', 'vader', 'mama', 'papa'],
    abbreviations: [],
  },
  {
    id: 'onderzoeker',
    label: { nl: 'Onderzoeker', en: 'Researcher' },
    synonyms: ['onderzoeker', 'onderzoekster', 'interviewer', 'facilitator', 'moderator'],
    abbreviations: ['O', 'I', 'INT'],
  },
  {
    id: UNKNOWN_ROLE,
    label: { nl: 'Onbekend', en: 'Unknown' },
    synonyms: ['onbekend'],
    abbreviations: [],
  },
];

export interface RoleTable {
  roles: RoleDef[];
  /** Resolve a written label to a role and number; null when it names no role. */
  resolve(label: string): { role: string; number?: number } | null;
  isRole(id: string): boolean;
  label(id: string, lang?: 'nl' | 'en'): string;
}

const NUMBER_SUFFIX = /^(.*?)[\s-]*(\d{1,4})$/u;

function normaliseLabel(label: string): string {
  return fold(label).replace(/[\s_]+/g, ' ').trim();
}

/** Build a role table from the built-in roles plus extra definitions (new roles or extra synonyms). */
export function createRoleTable(extra: RoleDef[] = []): RoleTable {
  const roles: RoleDef[] = BUILTIN_ROLES.map((r) => ({ ...r, synonyms: [...r.synonyms], abbreviations: [...r.abbreviations] }));
  for (const e of extra) {
    const existing = roles.find((r) => r.id === e.id);
    if (existing) {
      existing.synonyms.push(...e.synonyms);
      existing.abbreviations.push(...e.abbreviations);
    } else roles.push({ ...e, synonyms: [e.id.replace(/-/g, ' '), ...e.synonyms] });
  }
  const bySynonym = new Map<string, string>();
  const byAbbrev = new Map<string, string>();
  for (const r of roles) {
    bySynonym.set(normaliseLabel(r.id.replace(/-/g, ' ')), r.id);
    for (const s of r.synonyms) bySynonym.set(normaliseLabel(s), r.id);
    // Abbreviations are case-sensitive upper case: "M3" is a mentor, "m3" in running text is not.
    for (const a of r.abbreviations) byAbbrev.set(a, r.id);
  }
  const resolve = (label: string) => {
    const trimmed = label.trim();
    if (!trimmed) return null;
    const full = bySynonym.get(normaliseLabel(trimmed));
    if (full) return { role: full };
    const abbr = byAbbrev.get(trimmed);
    if (abbr) return { role: abbr };
    const m = NUMBER_SUFFIX.exec(trimmed);
    if (m && m[1]) {
      const number = Number(m[2]);
      const base = m[1].trim();
      const byName = bySynonym.get(normaliseLabel(base));
      if (byName) return { role: byName, number };
      const byShort = byAbbrev.get(base);
      if (byShort) return { role: byShort, number };
    }
    return null;
  };
  return {
    roles,
    resolve,
    isRole: (id) => roles.some((r) => r.id === id),
    label: (id, lang = 'nl') => roles.find((r) => r.id === id)?.label[lang] ?? id,
  };
}

/** How a paragraph's `Label:` is accepted as a speaker (DESIGN.md §4). */
export interface SpeakerRules {
  roles: RoleTable;
  /** Named speakers: name → role id (`Sofie: kinderbegeleider`), from the project and front matter. */
  speakers: Record<string, string>;
  /** `speaker_labels: any`: every label is a speaker; unknown ones get role `onbekend`. */
  anyLabel: boolean;
}

/**
 * Resolve a label to a speaker, or null when the label is not accepted (the paragraph is then a
 * field note). Named speakers win over role names, so `speakers: {Coach: mentor}` can override.
 */
export function resolveSpeaker(label: string, rules: SpeakerRules): Speaker | null {
  const trimmed = label.trim();
  const wanted = normaliseLabel(trimmed);
  for (const [name, role] of Object.entries(rules.speakers)) {
    if (normaliseLabel(name) === wanted) return { label: trimmed, role: rules.roles.resolve(role)?.role ?? role, name };
  }
  const r = rules.roles.resolve(trimmed);
  if (r) return { label: trimmed, role: r.role, ...(r.number !== undefined ? { number: r.number } : {}) };
  if (rules.anyLabel && trimmed) return { label: trimmed, role: UNKNOWN_ROLE };
  return null;
}

/**
 * Parse a project's `roles.yaml`:
 * ```yaml
 * roles:
 *   - id: logistiek-medewerker
 *     label: { nl: Logistiek medewerker, en: Logistics staff }
 *     synonyms: [logistiek, keukenmedewerker]
 *   - id: mentor            # an existing role: adds synonyms
 *     synonyms: [meter]
 * ```
 */
export function parseRolesYaml(text: string, file: string): { roles: RoleDef[]; issues: InputIssue[] } {
  const y = parseYaml(text, file);
  const issues = [...y.issues];
  const roles: RoleDef[] = [];
  if (issues.length) return { roles, issues };
  const root = y.value as { roles?: unknown } | null;
  const list = root && typeof root === 'object' && Array.isArray(root.roles) ? root.roles : null;
  if (!list) {
    issues.push({ severity: 'error', file, line: y.lineOf([]) ?? 1, code: 'roles-shape', message: 'expected a list under `roles:`', hint: 'see the README section "roles.yaml"' });
    return { roles, issues };
  }
  const allowed = ['id', 'label', 'synonyms', 'abbreviations'];
  list.forEach((item: unknown, i: number) => {
    const line = y.lineOf(['roles', i]);
    if (!item || typeof item !== 'object' || typeof (item as { id?: unknown }).id !== 'string') {
      issues.push({ severity: 'error', file, line, code: 'roles-shape', message: `role ${i + 1} has no \`id:\``, hint: 'give every role an id such as `id: logistiek-medewerker`' });
      return;
    }
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        issues.push(unknownKeyIssue(file, y, ['roles', i, k], k, allowed, `in role "${o.id}"`));
      }
    }
    const id = String(o.id).trim();
    const lab = o.label;
    const label = typeof lab === 'string' ? { nl: lab, en: lab } : { nl: String((lab as { nl?: unknown })?.nl ?? id), en: String((lab as { en?: unknown })?.en ?? (lab as { nl?: unknown })?.nl ?? id) };
    const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
    roles.push({ id, label, synonyms: strings(o.synonyms), abbreviations: strings(o.abbreviations) });
  });
  return { roles, issues };
}
