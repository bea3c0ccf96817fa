/** A small hand-built report model for the Markdown, CSV and XLSX renderer tests. */
import type { ReportModel, ReportQuote } from './model.js';

export function quote(over: Partial<ReportQuote> = {}): ReportQuote {
  return {
    id: 'ko1/12',
    text: 'Hier leren ze de job door hem te doen.',
    provenance: 'transcripts/ko1.txt:12',
    document: 'ko1',
    speaker: { label: 'Sofie', role: 'kinderbegeleider', roleLabel: 'Kinderbegeleider' },
    site: 'KO1',
    sourceType: 'interview',
    codes: [{ id: 'meedraaien', label: 'Meedraaien' }],
    levers: ['L1'],
    memoq: [],
    ...over,
  };
}

export function smallModel(lang: 'nl' | 'en' = 'nl'): ReportModel {
  return {
    hefboom: '9.9.9',
    command: 'report',
    title: 'Proefproject',
    lang,
    date: null,
    project: { name: 'Proefproject' },
    sections: [
      {
        id: 'overview', kind: 'overview', title: 'Overzicht', children: [],
        blocks: [
          { type: 'text', paragraphs: ['# geen kop', 'Twee *sterren* en <b>vet</b> [link](http://x)'] },
          { type: 'figures', items: [{ label: 'fragmenten', value: '85', note: 'alinea\'s' }] },
          { type: 'table', id: 'overview-levers', table: { title: 'Per hefboom', columns: [{ key: 'id', label: 'id' }, { key: 'n', label: 'n', type: 'number' }], rows: [{ id: 'L1', n: 5 }, { id: 'L2', n: 10 }], notes: ['Eenheid: fragmenten.'] } },
          { type: 'chart', id: 'overview-levers-chart', tableId: 'overview-levers', chart: { kind: 'bar', title: 'Fragmenten per hefboom', alt: 'Het meest L2 (10).', x: 'hefboom', y: 'n', data: [{ label: 'L1', value: 5 }, { label: 'L2', value: 10 }] } },
        ],
      },
      {
        id: 'levers', kind: 'lever', title: 'De zeven hefbomen', blocks: [],
        children: [{
          id: 'lever-L1', kind: 'lever', title: 'L1 Visie', children: [],
          blocks: [
            { type: 'table', id: 'lever-L1-codes', table: { columns: [{ key: 'code', label: 'code' }, { key: 'label', label: 'omschrijving' }], rows: [{ code: '=HYPERLINK("http://x")', label: '+cmd' }, { code: '-0.5', label: '@SUM(A1)' }], notes: [] } },
            { type: 'quotes', title: 'Voorbeeldcitaten', quotes: [quote(), quote({ id: 'ko2/3', text: '> geen citaat\nregel twee <script>alert(1)</script>', provenance: 'transcripts/ko2.txt:3', speaker: { label: 'M2', role: 'mentor', roleLabel: 'Mentor' }, site: null })] },
            { type: 'checklist', title: 'Tips', items: [{ id: 'L1.1', text: 'Visie op papier', sites: ['KO1', 'KO3'] }, { id: 'L1.2', text: 'Startprofiel', sites: [] }] },
          ],
        }],
      },
      { id: 'explore', kind: 'explore', title: 'Verkennen', blocks: [], children: [] },
    ],
    explore: { quotes: [quote()], total: 4, limit: 1, truncated: true, facets: { levers: ['L1'], memoq: [], codes: [{ id: 'meedraaien', label: 'Meedraaien' }], roles: [{ id: 'kinderbegeleider', label: 'Kinderbegeleider' }], sites: ['KO1'] } },
    metrics: { levers: { L1: { excerpts: 5 } } },
    provenance: {
      software: { name: 'hefboom', version: '9.9.9' },
      inputs: [],
      codebook: { path: null, sha256: null, codes: 0 },
      counts: {},
      warnings: 0,
      suppressBelow: 0,
      units: { 'overview-levers': 'Eenheid: fragmenten; noemer 85.' },
    },
  };
}
