/**
 * The built-in reason codebook of learner registers (DESIGN.md §5 `pathways:`): why a candidate did
 * not enter the integrated trajectory after screening (kind `instap`, seed 001 L1953-1971) and why a
 * learner stopped during training (kind `uitval`, the eight categories of seed 001 L4298-4360).
 *
 * Lever mapping (L1–L7, src/frameworks/levers.yaml). Nearly every reason describes the person who
 * comes in — language level, health, family situation, money — and so points to L4 "kenmerken van de
 * instroom": screening and tailored support are where a partnership can act on them (seed 001 §3.1
 * maps the target group, the barriers and the screening to L4). Two choices differ:
 * - `verkeerde-verwachtingen` (underestimating the job or the training, the placement showing that
 *   childcare does not suit the person) points to L1 and L5: the seed links wrong expectations to how
 *   concrete the picture of workplace learning is before the start (the trial placement, a vision of
 *   what the learner will do) and to the order of modules agreed between school and workplace
 *   ("practical modules first reduce dropout from wrong expectations", L2997-3003).
 * - `andere` (behaviour, re-orientation, motivation, attitude, unreachable, mobility, residence
 *   papers) is a mixed bag with no single lever, so it maps to none.
 *
 * Aliases are spellings seen in registers; matching folds case and accents and treats `-`, `_`, `/`
 * and runs of spaces alike (see src/io/pathway-mapping.ts). The same spelling may name one `instap`
 * and one `uitval` reason ("gezondheid", "zwangerschap"): the reader then picks by the phase the
 * person left in (before the start of training: `instap`).
 */
import type { ReasonDef } from './pathways.js';

export const BUILTIN_REASONS: readonly ReasonDef[] = [
  // Non-entry after screening (seed 001 L1953-1971).
  {
    id: 'taal-te-laag', kind: 'instap', levers: ['L4'],
    label: { nl: 'Taalniveau te laag', en: 'Dutch language level too low' },
    aliases: ['taal te laag', 'taalniveau onvoldoende', 'onvoldoende taalniveau', 'nederlands te zwak', 'nt2 te laag', 'taal'],
  },
  {
    id: 'sterk-genoeg-regulier', kind: 'instap', levers: ['L4'],
    label: { nl: 'Sterk genoeg voor het reguliere traject', en: 'Strong enough for the regular track' },
    aliases: ['sterk genoeg', 'regulier traject', 'regulier', 'doorverwezen naar regulier', 'reguliere opleiding'],
  },
  {
    id: 'niet-sterk-genoeg', kind: 'instap', levers: ['L4'],
    label: { nl: 'Niet sterk genoeg (maatwerktraject)', en: 'Not strong enough (tailored track)' },
    aliases: ['net niet sterk genoeg', 'maatwerk', 'maatwerktraject', 'individueel maatwerk', 'doorverwezen naar maatwerk'],
  },
  {
    id: 'andere-interesse', kind: 'instap', levers: ['L4'],
    label: { nl: 'Andere interesses', en: 'Other interests' },
    aliases: ['andere interesses', 'interesse bso', 'liever buitenschoolse opvang', 'buitenschoolse opvang', 'geen interesse'],
  },
  {
    id: 'financiele-gezinsdrempels', kind: 'instap', levers: ['L4'],
    label: { nl: 'Financiële of familiale drempels', en: 'Financial or family barriers' },
    aliases: ['financiele drempels', 'familiale drempels', 'financieel', 'financiële of familiale drempels', 'gezinsdrempels'],
  },
  {
    id: 'mentale-gezondheid', kind: 'instap', levers: ['L4'],
    label: { nl: 'Mentale gezondheid', en: 'Mental health' },
    aliases: ['mentale problemen', 'psychisch', 'te weinig draagkracht', 'draagkracht'],
  },
  {
    id: 'gezondheid', kind: 'instap', levers: ['L4'],
    label: { nl: 'Gezondheid', en: 'Health' },
    aliases: ['gezondheidsproblemen', 'medisch', 'ziekte'],
  },
  {
    id: 'zwangerschap-voor-start', kind: 'instap', levers: ['L4'],
    label: { nl: 'Zwanger voor de start', en: 'Pregnant before the start' },
    aliases: ['zwangerschap', 'zwanger'],
  },
  // Dropout during training (seed 001 L4298-4360).
  {
    id: 'competenties-taal', kind: 'uitval', levers: ['L4'],
    label: { nl: 'Onvoldoende competenties of taalniveau', en: 'Insufficient competences or language level' },
    aliases: ['competenties/taal', 'competenties', 'taal', 'taalniveau', 'onvoldoende competenties', 'niet geslaagd', 'modules niet gehaald', 'leervermogen'],
  },
  {
    id: 'gezondheid-uitval', kind: 'uitval', levers: ['L4'],
    label: { nl: 'Gezondheidsproblemen', en: 'Health problems' },
    aliases: ['gezondheid', 'gezondheidsproblemen', 'medisch', 'ziekte', 'psychisch', 'ongeval'],
  },
  {
    id: 'zwangerschap', kind: 'uitval', levers: ['L4'],
    label: { nl: 'Zwangerschap', en: 'Pregnancy' },
    aliases: ['zwanger'],
  },
  {
    id: 'financieel-tewerkstelling', kind: 'uitval', levers: ['L4'],
    label: { nl: 'Financiële problemen of tewerkstelling', en: 'Financial problems or employment' },
    aliases: ['financieel', 'financiele problemen', 'tewerkstelling', 'gaan werken', 'werk gevonden', 'reiskosten'],
  },
  {
    id: 'verkeerde-verwachtingen', kind: 'uitval', levers: ['L1', 'L5'],
    label: { nl: 'Verkeerde verwachtingen of onderschatting', en: 'Wrong expectations or underestimation' },
    aliases: ['verkeerde verwachting', 'onderschatting', 'onderschatting job', 'kinderopvang past niet', 'job past niet'],
  },
  {
    id: 'combinatie-gezin', kind: 'uitval', levers: ['L4'],
    label: { nl: 'Moeilijk te combineren met gezin', en: 'Hard to combine with family' },
    aliases: ['combinatie met gezin', 'combinatie gezin', 'gezin', 'combinatie thuissituatie', 'onvoldoende steun thuis'],
  },
  {
    id: 'veranderingen-thuissituatie', kind: 'uitval', levers: ['L4'],
    label: { nl: 'Veranderingen in de thuissituatie', en: 'Changes in the home situation' },
    aliases: ['thuissituatie', 'verandering thuissituatie', 'zorgen thuissituatie', 'scheiding', 'verhuis', 'geen opvang eigen kinderen'],
  },
  {
    id: 'andere', kind: 'uitval', levers: [],
    label: { nl: 'Andere reden', en: 'Other reason' },
    aliases: ['anders', 'andere reden', 'overige', 'gedrag', 'heroriëntatie', 'heroriëntering', 'motivatie', 'attitude', 'arbeidsattitude', 'onbereikbaar', 'niet bereikbaar', 'mobiliteit', 'verblijfsdocumenten', 'verblijfspapieren'],
  },
];
