/** `hefboom quotes`: excerpts that match a selection, with provenance; `--best N` picks exemplars. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { scanCorpus } from '../io/corpus.js';
import { isEmptySelection, selects } from '../analysis/select.js';
import { pickBest, provenance, type QuoteCandidate } from '../analysis/quotes.js';
import type { Table } from '../report/table.js';
import { stripControls } from '../report/render.js';
import { writeFileAtomic } from '../io/write.js';
import { colourFor, emit, globals, intOption, openProject, outputFormat, progress, say, stderrChalk, stopOnIssues, withOutput, EXIT_OK, version } from './common.js';
import { act } from './common.js';
import { addSelectionOptions, selectionFrom, type SelectionFlags } from './selection.js';
import { Chalk } from 'chalk';

interface QuoteFlags extends SelectionFlags {
  best?: string;
  limit?: string;
  coder?: string;
  codebook?: string;
  format?: string;
  out?: string;
  csvDialect?: string;
}

export function registerQuotes(program: Command): void {
  const cmd = program
    .command('quotes')
    .option('--best <n>', 'pick N exemplars by the documented rule (clean coding, medium length, spread over speakers and sites)')
    .option('--limit <n>', 'print at most N excerpts (in document order)');
  addSelectionOptions(cmd);
  withOutput(cmd);
  cmd.addHelpText('before', `Examples:
  hefboom quotes --lever L3 --role cursist --best 3
  hefboom quotes --code feedback-uitstellen --where site=KO3
  hefboom quotes --memoq emotionele-ondersteuning --grep "huil" --format md --out citaten.md
  hefboom quotes --role externe-mentor --limit 10 --format csv
`);
  cmd.action(act(async (files: string[], flags: QuoteFlags, c: Command) => {
    const g = globals(c);
    const best = intOption('--best', flags.best, 1);
    const limit = intOption('--limit', flags.limit, 1);
    const ws = await openProject(g, { files, codebook: flags.codebook });
    const selection = selectionFrom(flags, ws);
    if (isEmptySelection(selection) && !best && !limit) say('no filter given: listing every excerpt (use --code, --lever, --role, --where or --grep to narrow it)', g);
    const p = await progress('searching', g);
    // Keep only the matching excerpts of each document: memory stays bounded by the output.
    const scan = await scanCorpus(ws, (doc) => doc.excerpts
      .filter((x) => selects(x, doc, selection, ws.index))
      .map<QuoteCandidate>((x) => ({
        excerpt: x,
        document: { id: doc.id, path: doc.path, coder: doc.coder, format: doc.format },
        codes: [...new Set(x.codings.map((k) => k.codeId.replace(/^fw:levers:/, '').replace(/^fw:/, '')))],
      })), { coder: flags.coder, onProgress: p.update });
    p.stop();
    stopOnIssues([...ws.issues, ...scan.issues], g);
    let found = scan.chosen.flatMap((d) => d.summary);
    const matched = found.length;
    if (best) found = pickBest(found, best, selection, ws.index);
    else if (limit) found = found.slice(0, limit);
    if (best && found.length < best) say(`only ${found.length} excerpt(s) match; asked for ${best}`, g);
    if (!found.length) say('no excerpts match this selection', g);

    const lang = g.lang ?? ws.project.language;
    const format = outputFormat(flags);
    const json = {
      hefboom: version(),
      command: 'quotes',
      matched,
      shown: found.length,
      rule: best ? 'best' : limit ? 'limit' : 'all',
      quotes: found.map((q) => ({
        id: q.excerpt.id,
        document: q.document.id,
        file: q.document.path,
        line: q.excerpt.line,
        provenance: provenance(q.excerpt, q.document),
        time: q.excerpt.time ?? null,
        speaker: { label: q.excerpt.speaker.label, role: q.excerpt.speaker.role, number: q.excerpt.speaker.number ?? null },
        coder: q.document.coder,
        attributes: q.excerpt.attributes,
        codes: q.codes,
        text: q.excerpt.text,
        ...(best ? { score: q.score } : {}),
      })),
    };
    if (format === 'table' || format === 'md') {
      const text = format === 'md' ? quotesMarkdown(found, ws.roles.label.bind(ws.roles), lang) : quotesText(found, ws.roles.label.bind(ws.roles), lang, !flags.out && colourFor(process.stdout, g));
      if (flags.out) { await writeFileAtomic(resolve(flags.out), text); say(`wrote ${flags.out}`, g); } else process.stdout.write(text);
      if (!flags.out) say(stderrChalk(g).dim(`${found.length} of ${matched} matching excerpt(s) shown`), g);
      return EXIT_OK;
    }
    const table: Table = {
      title: 'quotes',
      columns: [
        { key: 'provenance', label: 'provenance' }, { key: 'id', label: 'excerpt' }, { key: 'speaker', label: 'speaker' },
        { key: 'role', label: 'role' }, { key: 'site', label: 'site' }, { key: 'codes', label: 'codes' }, { key: 'text', label: 'text' },
      ],
      rows: found.map((q) => ({
        provenance: provenance(q.excerpt, q.document), id: q.excerpt.id, speaker: q.excerpt.speaker.label,
        role: q.excerpt.speaker.role, site: q.excerpt.attributes.site ?? null, codes: q.codes.join(' '), text: q.excerpt.text,
      })),
      notes: [],
    };
    await emit([table], json, flags, g);
    return EXIT_OK;
  }));
}

type RoleLabel = (id: string, lang?: 'nl' | 'en') => string;

function header(q: QuoteCandidate, roleLabel: RoleLabel, lang: 'nl' | 'en'): string {
  const sp = q.excerpt.speaker;
  const who = sp.label ? `${sp.label} (${roleLabel(sp.role, lang)})` : `${lang === 'nl' ? 'veldnotitie' : 'field note'} (${roleLabel(sp.role, lang)})`;
  const attrs = ['site', 'source_type', 'year'].map((k) => q.excerpt.attributes[k]).filter(Boolean).join(' · ');
  return [provenance(q.excerpt, q.document), q.excerpt.id, who, attrs].filter(Boolean).join(' · ');
}

/** Terminal layout: one block per quote, provenance first. */
function quotesText(qs: QuoteCandidate[], roleLabel: RoleLabel, lang: 'nl' | 'en', color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  return qs.map((q, i) => {
    const text = stripControls(q.excerpt.text).replace(/\n/g, '\n    ');
    return `${c.bold(`[${i + 1}]`)} ${c.cyan(header(q, roleLabel, lang))}\n    “${text}”\n    ${c.dim(`codes: ${q.codes.join(', ') || '—'}`)}\n`;
  }).join('\n');
}

function quotesMarkdown(qs: QuoteCandidate[], roleLabel: RoleLabel, lang: 'nl' | 'en'): string {
  return qs.map((q) => {
    const body = q.excerpt.text.split('\n').map((l) => `> ${l.replace(/([\\`*_<>])/g, '\\$1')}`).join('\n');
    return `${body}\n\n— ${header(q, roleLabel, lang).replace(/([\\`*_<>|])/g, '\\$1')}  \n*codes: ${q.codes.join(', ') || '—'}*\n`;
  }).join('\n');
}
