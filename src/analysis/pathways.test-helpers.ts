/** Small learner registers for the pathway analysis tests, built from readable person records. */
import { parseDay } from '../io/cells.js';
import { ESF_PHASES, EXIT_KIND, INITIATIVE, OUTCOMES, type CodedColumn, type Outcome, type PathwayRegister, type PhaseDef, type ProfileColumn, type ProfileField, type ReasonDef } from '../model/pathways.js';

export interface PersonSpec {
  id: string;
  partnership?: string;
  cohort?: string;
  /** Phase id → ISO date. */
  phases?: Record<string, string>;
  exit?: { phase?: string; date?: string; initiative?: 'own' | 'advised'; kind?: 'pause' | 'definitive'; reasons?: string[] };
  outcome?: Outcome;
  profile?: Partial<Record<ProfileField, string | number | null>>;
  attributes?: Record<string, string>;
}

export const TEST_REASONS: ReasonDef[] = [
  { id: 'taal-te-laag', label: { nl: 'Taal te laag', en: 'Language too low' }, kind: 'instap', levers: ['L4'], aliases: [] },
  { id: 'gezondheid', label: { nl: 'Gezondheid', en: 'Health' }, kind: 'uitval', levers: ['L4'], aliases: [] },
  { id: 'combinatie-gezin', label: { nl: 'Combinatie met gezin', en: 'Combining with family' }, kind: 'uitval', levers: ['L4'], aliases: [] },
  { id: 'verkeerde-verwachtingen', label: { nl: 'Verkeerde verwachtingen', en: 'Wrong expectations' }, kind: 'uitval', levers: ['L1', 'L5'], aliases: [] },
];

function coded(values: (string | null | undefined)[]): CodedColumn {
  const distinct: string[] = [];
  const codes = new Int32Array(values.length);
  values.forEach((v, i) => {
    if (v === null || v === undefined || v === '') { codes[i] = -1; return; }
    let k = distinct.indexOf(v);
    if (k < 0) { k = distinct.length; distinct.push(v); }
    codes[i] = k;
  });
  return { values: distinct, codes };
}

const day = (iso: string | undefined) => (iso ? (parseDay(iso) ?? NaN) : NaN);

export function testRegister(people: PersonSpec[], opts: { dataEnd?: string; phases?: readonly PhaseDef[]; reasons?: ReasonDef[]; numbers?: ProfileField[] } = {}): PathwayRegister {
  const phases = [...(opts.phases ?? ESF_PHASES)];
  const reasons = opts.reasons ?? TEST_REASONS;
  const n = people.length;
  const reasonStart = new Int32Array(n + 1);
  const reasonCodes: number[] = [];
  people.forEach((p, i) => {
    for (const r of p.exit?.reasons ?? []) {
      const k = reasons.findIndex((x) => x.id === r);
      if (k < 0) throw new Error(`test reason ${r} unknown`);
      reasonCodes.push(k);
    }
    reasonStart[i + 1] = reasonCodes.length;
  });
  const profile: Partial<Record<ProfileField, ProfileColumn>> = {};
  const fields = new Set(people.flatMap((p) => Object.keys(p.profile ?? {}))) as Set<ProfileField>;
  for (const f of fields) {
    profile[f] = opts.numbers?.includes(f)
      ? { kind: 'number', column: f, values: Float64Array.from(people, (p) => (typeof p.profile?.[f] === 'number' ? (p.profile[f] as number) : NaN)) }
      : { kind: 'category', column: f, data: coded(people.map((p) => (p.profile?.[f] ?? null) as string | null)) };
  }
  const attributes: Record<string, CodedColumn> = {};
  for (const a of new Set(people.flatMap((p) => Object.keys(p.attributes ?? {})))) attributes[a] = coded(people.map((p) => p.attributes?.[a]));
  const phaseDay = phases.map((ph) => Float64Array.from(people, (p) => day(p.phases?.[ph.id])));
  let latest = -Infinity;
  for (const col of phaseDay) for (const d of col) if (d > latest) latest = d;
  for (const p of people) if (p.exit?.date) latest = Math.max(latest, day(p.exit.date));
  return {
    file: 'test.csv',
    name: 'test',
    phases,
    startPhase: phases.findIndex((p) => p.id === 'opleiding'),
    qualificationPhase: phases.findIndex((p) => p.id === 'kwalificatie'),
    reasons,
    persons: n,
    ids: people.map((p) => p.id),
    lines: Int32Array.from(people, (_, i) => i + 2),
    partnership: coded(people.map((p) => p.partnership)),
    cohort: coded(people.map((p) => p.cohort)),
    phaseDay,
    exitPhase: Int32Array.from(people, (p) => (p.exit?.phase ? phases.findIndex((x) => x.id === p.exit!.phase) : -1)),
    exitDay: Float64Array.from(people, (p) => day(p.exit?.date)),
    exitInitiative: Uint8Array.from(people, (p) => (p.exit?.initiative === 'own' ? INITIATIVE.own : p.exit?.initiative === 'advised' ? INITIATIVE.advised : INITIATIVE.unknown)),
    exitKind: Uint8Array.from(people, (p) => (p.exit?.kind === 'pause' ? EXIT_KIND.pause : p.exit?.kind === 'definitive' ? EXIT_KIND.definitive : EXIT_KIND.unknown)),
    reasonStart,
    reasonCodes: Int32Array.from(reasonCodes),
    outcome: Int8Array.from(people, (p) => (p.outcome ? OUTCOMES.indexOf(p.outcome) : -1)),
    profile,
    attributes,
    dataEnd: opts.dataEnd ? day(opts.dataEnd) : latest,
    rows: n,
    skipped: 0,
  };
}
