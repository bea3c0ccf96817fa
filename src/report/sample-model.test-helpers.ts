/**
 * A hand-built ReportModel for renderer tests: every section kind, every block type and every chart
 * kind, with made-up but plausible figures. `hostile: true` puts markup-like text (XSS_STRINGS) in a
 * quote, a code label, a table cell, a title, a site and a provenance, to prove renderers escape it.
 */
import type { ReportBlock, ReportModel, ReportQuote, ReportSection } from './model.js';
import type { Table } from './table.js';

export const XSS_SCRIPT = '<script>alert(1)</script>';
export const XSS_IMG = '<img src=x onerror=alert(1)>';
export const XSS_STRINGS = [XSS_SCRIPT, XSS_IMG] as const;

export const SAMPLE_LEVERS: readonly [string, string][] = [
  ['L1', 'Visie op werkplekleren'],
  ['L2', 'Continuïteit in mentorschap'],
  ['L3', 'Warm en veilig leerklimaat'],
  ['L4', 'Kenmerken van de instroom'],
  ['L5', 'Samenwerking met opleidingen'],
  ['L6', 'Strategieën van mentoren'],
  ['L7', 'Pedagogische kwaliteit'],
];

export const SAMPLE_DIMENSIONS: readonly [string, string][] = [
  ['welbevinden', 'Welbevinden'],
  ['betrokkenheid', 'Betrokkenheid'],
  ['emotionele-ondersteuning', 'Emotionele ondersteuning'],
  ['educatieve-ondersteuning', 'Educatieve ondersteuning'],
  ['omgeving', 'Omgeving en organisatie'],
  ['gezinnen-diversiteit', 'Gezinnen, diversiteit en samenleving'],
];

const ROLES: readonly [string, string][] = [
  ['kinderbegeleider', 'Kinderbegeleider'],
  ['mentor', 'Mentor'],
  ['cursist', 'Cursist'],
  ['verantwoordelijke', 'Verantwoordelijke'],
];

const SITES = ['KO1', 'KO2', 'KO3', 'Kinderdagverblijf De Vlinder'];

const CODES: readonly [string, string, string, string][] = [
  // id, label, lever, MeMoQ dimension
  ['startprofiel', 'Startprofiel opmaken', 'L1', 'welbevinden'],
  ['vaste-mentor', 'Vaste mentor', 'L2', 'betrokkenheid'],
  ['fouten-mogen', 'Fouten mogen maken', 'L3', 'emotionele-ondersteuning'],
  ['taalondersteuning', 'Taalondersteuning', 'L4', 'educatieve-ondersteuning'],
  ['stagebegeleiding', 'Stagebegeleiding school', 'L5', 'omgeving'],
  ['voordoen', 'Voordoen en toelichten', 'L6', 'educatieve-ondersteuning'],
  ['benoemen', 'Benoemen tijdens de maaltijd', 'L7', 'gezinnen-diversiteit'],
];

const SENTENCES = [
  'We spreken bij de start af wat ze al kan en wat ze wil leren.',
  'Ik doe het eerst voor, daarna mag ze het zelf proberen.',
  'Ik durf niet altijd te vragen waarom iets zo moet.',
  'Tijdens het middagmaal benoemt de mentor wat er op tafel komt.',
  'De school belt pas als er een probleem is met de stage.',
  'Als ik een fout maak, praten we erover zonder dat het zwaar wordt.',
  'Het is fijn dat het altijd dezelfde collega is die me opvolgt.',
];

function table(title: string, columns: Table['columns'], rows: Table['rows'], notes: string[], flags?: Table['flags']): Table {
  return { title, columns, rows, notes, ...(flags ? { flags } : {}) };
}

function quote(i: number, hostile: boolean): ReportQuote {
  const [codeId, codeLabel, lever, dim] = CODES[i % CODES.length];
  const [role, roleLabel] = ROLES[i % ROLES.length];
  const site = i % 5 === 4 ? null : SITES[i % SITES.length];
  const doc = `ko${(i % 4) + 1}-interview`;
  const text = hostile && i === 0
    ? `Ze zei letterlijk ${XSS_SCRIPT} en daarna ${XSS_IMG} — zo stond het in de chat.`
    : `${SENTENCES[i % SENTENCES.length]} (${i + 1})`;
  return {
    id: `${doc}/${i + 1}`,
    text,
    provenance: hostile && i === 1 ? `${doc}.txt:${XSS_IMG}` : `${doc}.txt:${10 + i * 2}`,
    document: doc,
    speaker: { label: `${roleLabel} ${(i % 3) + 1}`, role, roleLabel },
    site: hostile && i === 2 ? XSS_SCRIPT : site,
    sourceType: i % 2 === 0 ? 'interview' : 'focusgroep',
    codes: [{ id: codeId, label: hostile && i === 0 ? `Label ${XSS_IMG}` : codeLabel }],
    levers: i % 3 === 0 ? [lever, SAMPLE_LEVERS[(i + 2) % 7][0]] : [lever],
    memoq: [dim],
  };
}

export interface SampleModelOptions {
  lang?: 'nl' | 'en';
  /** Put XSS_STRINGS in a quote, a code label, a table cell, titles, a site and a provenance. */
  hostile?: boolean;
  /** Number of Explore quotes (default 12). */
  exploreQuotes?: number;
  date?: string | null;
}

/** The sample report model; pure, so two calls give equal models. */
export function sampleModel(opts: SampleModelOptions = {}): ReportModel {
  const hostile = opts.hostile ?? false;
  const nl = (opts.lang ?? 'nl') === 'nl';
  const n = opts.exploreQuotes ?? 12;
  const quotes = Array.from({ length: n }, (_, i) => quote(i, hostile));
  const leverCounts = SAMPLE_LEVERS.map(([id, label], i) => ({ id, label, n: [14, 9, 21, 6, 3, 17, 11][i] }));

  const overview: ReportSection = {
    id: 'overview', kind: 'overview', title: nl ? 'Overzicht' : 'Overview', children: [],
    blocks: [
      { type: 'text', paragraphs: [nl ? 'Dit rapport vat het gecodeerde materiaal samen per hefboom en per MeMoQ-dimensie.' : 'This report summarises the coded material by lever and by MeMoQ dimension.'] },
      { type: 'figures', items: [
        { label: nl ? 'Documenten' : 'Documents', value: '9' },
        { label: nl ? 'Fragmenten' : 'Excerpts', value: '85', note: nl ? '72 gecodeerd' : '72 coded' },
        { label: nl ? 'Locaties' : 'Sites', value: '4' },
      ] },
      { type: 'chart', id: 'overview-levers-chart', tableId: 'overview-levers', chart: {
        kind: 'bar', title: hostile ? `Fragmenten per hefboom ${XSS_SCRIPT}` : (nl ? 'Fragmenten per hefboom' : 'Excerpts per lever'),
        alt: nl ? 'Staafdiagram: L3 telt de meeste fragmenten (21), L5 de minste (3).' : 'Bar chart: L3 has the most excerpts (21), L5 the fewest (3).',
        x: nl ? 'Fragmenten' : 'Excerpts', y: nl ? 'Hefboom' : 'Lever',
        data: leverCounts.map((l) => ({ label: `${l.id} ${l.label}`, value: l.n })),
      } },
      { type: 'table', id: 'overview-levers', table: table(nl ? 'Fragmenten per hefboom' : 'Excerpts per lever',
        [{ key: 'lever', label: nl ? 'Hefboom' : 'Lever' }, { key: 'n', label: nl ? 'Fragmenten' : 'Excerpts', type: 'number' }, { key: 'pct', label: '%', type: 'percent' }],
        leverCounts.map((l) => ({ lever: `${l.id} ${l.label}`, n: l.n, pct: (100 * l.n) / 85 })),
        [nl ? 'Eenheid: fragmenten; noemer: alle 85 fragmenten; een fragment kan bij meer hefbomen horen.' : 'Unit: excerpts; denominator: all 85 excerpts; an excerpt can count under several levers.'],
        { 4: nl ? 'dunne stem: minder dan 5 fragmenten' : 'thin voice: fewer than 5 excerpts' }) },
      { type: 'chart', id: 'overview-roles-levers-chart', tableId: 'overview-roles-levers', chart: {
        kind: 'heatmap', title: nl ? 'Rol × hefboom' : 'Role × lever', alt: nl ? 'Warmtekaart van fragmenten per rol en hefboom; mentoren spreken het meest over L6.' : 'Heat map of excerpts by role and lever; mentors speak most about L6.',
        rows: nl ? 'Rol' : 'Role', cols: nl ? 'Hefboom' : 'Lever', value: nl ? 'Fragmenten' : 'Excerpts',
        rowOrder: ROLES.map(([, l]) => l), colOrder: SAMPLE_LEVERS.map(([id]) => id),
        data: ROLES.flatMap(([, roleLabel], r) => SAMPLE_LEVERS.map(([id], c) => ({ row: roleLabel, col: id, value: (r * 7 + c * 3) % 9 }))),
      } },
      { type: 'table', id: 'overview-roles-levers', table: table(nl ? 'Fragmenten per rol en hefboom' : 'Excerpts by role and lever',
        [{ key: 'role', label: nl ? 'Rol' : 'Role' }, ...SAMPLE_LEVERS.map(([id]) => ({ key: id, label: id, type: 'number' as const }))],
        ROLES.map(([, roleLabel], r) => ({ role: roleLabel, ...Object.fromEntries(SAMPLE_LEVERS.map(([id], c) => [id, (r * 7 + c * 3) % 9])) })),
        [nl ? 'Eenheid: fragmenten.' : 'Unit: excerpts.']) },
    ],
  };

  const leverChildren: ReportSection[] = SAMPLE_LEVERS.map(([id, label], i) => {
    const [codeId, codeLabel] = CODES[i];
    const blocks: ReportBlock[] = [
      { type: 'table', id: `lever-${id}-codes`, table: table(nl ? 'Codes bij deze hefboom' : 'Codes under this lever',
        [{ key: 'code', label: 'Code' }, { key: 'label', label: 'Label' }, { key: 'n', label: nl ? 'Fragmenten' : 'Excerpts', type: 'number' }],
        [{ code: codeId, label: hostile && i === 2 ? `Cel ${XSS_IMG} ${XSS_SCRIPT}` : codeLabel, n: leverCounts[i].n }], []) },
      { type: 'table', id: `lever-${id}-roles`, table: table(nl ? 'Fragmenten per rol' : 'Excerpts by role',
        [{ key: 'role', label: nl ? 'Rol' : 'Role' }, { key: 'n', label: 'n', type: 'number' }, { key: 'pct', label: '%', type: 'percent' }],
        ROLES.map(([, roleLabel], r) => ({ role: roleLabel, n: (i + r) % 4, pct: r === 3 ? null : (25 * ((i + r) % 4)) })),
        [nl ? 'Eenheid: fragmenten; noemer: de fragmenten van de rol.' : 'Unit: excerpts; denominator: the role\'s excerpts.']) },
      { type: 'chart', id: `lever-${id}-roles-chart`, tableId: `lever-${id}-roles`, chart: {
        kind: 'bar', title: nl ? `${id}: aandeel per rol` : `${id}: share by role`, alt: nl ? `Aandeel van de fragmenten per rol voor ${id}.` : `Share of excerpts by role for ${id}.`,
        x: '%', y: nl ? 'Rol' : 'Role', percent: true,
        data: ROLES.flatMap(([, roleLabel], r) => [
          { label: roleLabel, value: 25 * ((i + r) % 4), group: nl ? 'jaar 1' : 'year 1' },
          { label: roleLabel, value: 20 * ((i + r + 1) % 4), group: nl ? 'jaar 2' : 'year 2' },
        ]),
      } },
      { type: 'quotes', title: nl ? 'Voorbeeldcitaten' : 'Exemplar quotes', quotes: quotes.filter((q) => q.levers.includes(id)).slice(0, 3) },
      { type: 'checklist', title: nl ? 'Tips' : 'Tips', items: [
        { id: `${id}.1`, text: nl ? 'Maak samen een startprofiel op.' : 'Draw up a starting profile together.', sites: i % 2 === 0 ? ['KO1', 'KO3'] : [] },
        { id: `${id}.2`, text: hostile && i === 0 ? `Tip met ${XSS_SCRIPT}` : (nl ? 'Plan vaste momenten voor feedback.' : 'Plan fixed moments for feedback.'), sites: [] },
      ] },
    ];
    if (leverCounts[i].n < 5) blocks.unshift({ type: 'text', paragraphs: [nl ? 'Weinig fragmenten: lees de cijfers met voorzichtigheid.' : 'Few excerpts: read the figures with care.'] });
    return { id: `lever-${id}`, kind: 'lever', title: hostile && i === 0 ? `${id} ${label} ${XSS_IMG}` : `${id} ${label}`, blocks, children: [] };
  });

  const memoqChildren: ReportSection[] = SAMPLE_DIMENSIONS.map(([id, label], i) => ({
    id: `memoq-${id}`, kind: 'memoq', title: label, children: [],
    blocks: [
      { type: 'figures', items: [{ label: nl ? 'Fragmenten' : 'Excerpts', value: String(4 + i * 3) }] },
      { type: 'table', id: `memoq-${id}-codes`, table: table(nl ? 'Codes bij deze dimensie' : 'Codes under this dimension',
        [{ key: 'code', label: 'Code' }, { key: 'n', label: 'n', type: 'number' }], CODES.filter((c) => c[3] === id).map((c) => ({ code: c[1], n: 3 + i })), []) },
      { type: 'quotes', quotes: quotes.filter((q) => q.memoq.includes(id)).slice(0, 2) },
    ],
  }));

  const perspectives: ReportSection = {
    id: 'perspectives', kind: 'perspectives', title: nl ? 'Perspectieven' : 'Perspectives', children: [],
    blocks: [
      { type: 'table', id: 'perspectives-roles', table: table(nl ? 'Hefbomen per rol (% van de fragmenten van de rol)' : 'Levers by role (% of the role\'s excerpts)',
        [{ key: 'lever', label: nl ? 'Hefboom' : 'Lever' }, ...ROLES.map(([r, l]) => ({ key: r, label: l, type: 'percent' as const }))],
        SAMPLE_LEVERS.map(([id], c) => ({ lever: id, ...Object.fromEntries(ROLES.map(([r], k) => [r, ((c + 1) * (k + 2) * 7) % 60])) })),
        [nl ? 'Noemer: de fragmenten van elke rol.' : 'Denominator: each role\'s excerpts.']) },
      { type: 'chart', id: 'perspectives-roles-chart', tableId: 'perspectives-roles', chart: {
        kind: 'heatmap', title: nl ? 'Hefbomen per rol' : 'Levers by role', alt: nl ? 'Warmtekaart: aandeel van elke hefboom in de fragmenten van elke rol.' : 'Heat map: the share of each lever in each role\'s excerpts.',
        rows: nl ? 'Hefboom' : 'Lever', cols: nl ? 'Rol' : 'Role', value: '%',
        data: SAMPLE_LEVERS.flatMap(([id], c) => ROLES.map(([, l], k) => ({ row: id, col: l, value: ((c + 1) * (k + 2) * 7) % 60 }))),
      } },
    ],
  };

  const agreement: ReportSection = {
    id: 'agreement', kind: 'agreement', title: nl ? 'Overeenstemming tussen codeurs' : 'Agreement between coders', children: [],
    blocks: [
      { type: 'text', paragraphs: [nl ? 'Twee codeurs codeerden twee documenten onafhankelijk.' : 'Two coders coded two documents independently.'] },
      { type: 'table', id: 'agreement-codes', table: table('κ per code', [{ key: 'code', label: 'Code' }, { key: 'kappa', label: 'κ', type: 'number' }, { key: 'n', label: 'n', type: 'number' }],
        CODES.slice(0, 4).map(([id], i) => ({ code: id, kappa: i === 3 ? Number.NaN : 0.42 + i * 0.137, n: 12 })), [nl ? 'Eenheid: fragmenten.' : 'Unit: excerpts.']) },
    ],
  };

  const likertLabels = nl ? ['helemaal oneens', 'oneens', 'neutraal', 'eens', 'helemaal eens'] : ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'];
  const likertItems = nl ? ['De coach luisterde goed', 'Ik pas het geleerde toe', 'Het traject was nuttig'] : ['The coach listened well', 'I apply what I learnt', 'The trajectory was useful'];
  const likertShares = [[0.05, 0.1, 0.15, 0.4, 0.3], [0.1, 0.2, 0.3, 0.25, 0.15], [0.02, 0.08, 0.1, 0.5, 0.3]];
  const impact: ReportSection = {
    id: 'impact', kind: 'impact', title: 'Impact', children: [],
    blocks: [
      { type: 'figures', items: [{ label: nl ? 'Respons' : 'Response rate', value: '41,3 %', note: '124 / 300' }] },
      { type: 'chart', id: 'impact-likert-chart', tableId: 'impact-likert', chart: {
        kind: 'diverging', title: nl ? 'Antwoorden van medewerkers' : 'Staff answers', labels: likertLabels,
        alt: nl ? 'Gestapelde balken per item; links oneens, rechts eens.' : 'Stacked bars per item; disagreement left, agreement right.',
        data: likertItems.flatMap((item, r) => likertLabels.map((label, k) => ({ item, label, share: likertShares[r][k], count: Math.round(likertShares[r][k] * 120) }))),
      } },
      { type: 'table', id: 'impact-likert', table: table(nl ? 'Antwoorden per item' : 'Answers by item',
        [{ key: 'item', label: 'Item' }, ...likertLabels.map((l, k) => ({ key: `a${k}`, label: l, type: 'percent' as const }))],
        likertItems.map((item, r) => ({ item, ...Object.fromEntries(likertLabels.map((_, k) => [`a${k}`, likertShares[r][k] * 100])) })),
        [nl ? 'Noemer: geldige antwoorden per item.' : 'Denominator: valid answers per item.']) },
    ],
  };

  const hours = Array.from({ length: 80 }, (_, i) => 20 + ((i * 37) % 60));
  const audit: ReportSection = {
    id: 'audit', kind: 'audit', title: nl ? 'Registratie-audit' : 'Registration audit', children: [],
    blocks: [
      { type: 'chart', id: 'crm-hours-chart', tableId: 'crm-hours', chart: {
        kind: 'histogram', title: nl ? 'Coachingsuren per traject' : 'Coaching hours per trajectory', x: nl ? 'Coachingsuren' : 'Coaching hours',
        alt: nl ? 'Verdeling van coachingsuren over 80 trajecten; norm 53.' : 'Distribution of coaching hours over 80 trajectories; norm 53.',
        values: hours, norm: 53, band: [40, 66],
      } },
      { type: 'table', id: 'crm-hours', table: table(nl ? 'Coachingsuren' : 'Coaching hours',
        [{ key: 'stat', label: nl ? 'Maat' : 'Statistic' }, { key: 'value', label: nl ? 'Waarde' : 'Value', type: 'number' }],
        [{ stat: 'n', value: 80 }, { stat: nl ? 'mediaan' : 'median', value: 49.5 }, { stat: nl ? 'binnen de band' : 'within the band', value: '<5' }],
        [nl ? 'Eenheid: trajecten.' : 'Unit: trajectories.']) },
    ],
  };

  const explore: ReportSection = { id: 'explore', kind: 'explore', title: nl ? 'Verkennen' : 'Explore', blocks: [], children: [] };
  const method: ReportSection = {
    id: 'method', kind: 'method', title: nl ? 'Methode en herkomst' : 'Method and provenance', children: [],
    blocks: [
      { type: 'table', id: 'method-inputs', table: table(nl ? 'Invoer' : 'Inputs',
        [{ key: 'path', label: nl ? 'Pad' : 'Path' }, { key: 'sha256', label: 'SHA-256' }, { key: 'bytes', label: 'Bytes', type: 'number' }],
        [{ path: 'transcripts/ko1-interview.txt', sha256: 'a'.repeat(64), bytes: 4211 }, { path: hostile ? `transcripts/${XSS_IMG}.txt` : 'codebook.yaml', sha256: 'b'.repeat(64), bytes: 988 }], []) },
    ],
  };

  const sites = [...SITES, ...(hostile ? [XSS_SCRIPT] : [])];
  return {
    hefboom: '0.1.0',
    command: 'report',
    title: hostile ? `Rapport ${XSS_SCRIPT}` : (nl ? 'Werkplekleren in de kinderopvang' : 'Workplace learning in childcare'),
    lang: nl ? 'nl' : 'en',
    date: opts.date ?? null,
    project: { name: hostile ? `Project ${XSS_IMG}` : 'Werkplekleren kinderopvang 2022-2023' },
    sections: [
      overview,
      { id: 'levers', kind: 'lever', title: nl ? 'De zeven hefbomen' : 'The seven levers', blocks: [], children: leverChildren },
      { id: 'memoq', kind: 'memoq', title: nl ? 'MeMoQ-dimensies' : 'MeMoQ dimensions', blocks: [], children: memoqChildren },
      perspectives, agreement, impact, audit, explore, method,
    ],
    explore: {
      quotes,
      total: n + 5,
      limit: n,
      truncated: true,
      facets: {
        levers: SAMPLE_LEVERS.map(([id]) => id),
        memoq: SAMPLE_DIMENSIONS.map(([id]) => id),
        codes: CODES.map(([id, label], i) => ({ id, label: hostile && i === 0 ? `Label ${XSS_IMG}` : label })),
        roles: ROLES.map(([id, label]) => ({ id, label })),
        sites,
      },
    },
    metrics: { levers: Object.fromEntries(leverCounts.map((l) => [l.id, { excerpts: l.n }])), corpus: { excerpts: 85, documents: 9 } },
    provenance: {
      software: { name: 'hefboom', version: '0.1.0' },
      inputs: [{ path: 'transcripts/ko1-interview.txt', kind: 'transcript', sha256: 'a'.repeat(64), bytes: 4211 }],
      codebook: { path: 'codebook.yaml', sha256: 'b'.repeat(64), codes: 7 },
      counts: { documents: 9, excerpts: 85 },
      warnings: 0,
      suppressBelow: 0,
      units: { 'overview-levers': 'excerpts; denominator: all excerpts' },
    },
  };
}
