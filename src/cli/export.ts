/**
 * `hefboom export qdpx|qdc --out FILE`: hand the project back to a QDA program as REFI-QDA (a project
 * with every coder's codings, or the codebook alone). Writes FILE atomically; deterministic.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadCorpus } from '../io/corpus.js';
import { writeFileAtomic } from '../io/write.js';
import { buildRefiCodes, buildRefiProject } from '../io/qda/export-project.js';
import { writeQde } from '../io/qda/qde-write.js';
import { writeQdc } from '../io/qda/qdc-write.js';
import { zipToBuffer } from '../io/qda/zip.js';
import { act, globals, openProject, reportIssues, say, InputFailure, UsageError, EXIT_OK, version } from './common.js';

interface ExportFlags { out?: string; codebook?: string }

export function registerExport(program: Command): void {
  program
    .command('export')
    .argument('<kind>', 'qdpx or qdc')
    .argument('[files...]', 'transcripts to export without a project (ad hoc)')
    .requiredOption('-o, --out <file>', 'file to write (.qdpx or .qdc)')
    .option('--codebook <file>', 'codebook for files given without a project')
    .addHelpText('before', `Examples:
  hefboom export qdpx --out werkplekleren.qdpx          open it in NVivo, ATLAS.ti, MAXQDA or QualCoder
  hefboom export qdc --out codeboek.qdc                  the codebook alone (levers and MeMoQ in descriptions)
  hefboom export qdpx -p examples/werkplekleren --out /tmp/wpl.qdpx
`)
    .action(act(async (kind: string, files: string[], flags: ExportFlags, c: Command) => {
      const g = globals(c);
      if (kind !== 'qdpx' && kind !== 'qdc') throw new UsageError(`cannot export "${kind}"`, 'this version exports: qdpx, qdc');
      const out = flags.out!;
      const ws = await openProject(g, { files, codebook: flags.codebook });
      const lang = g.lang ?? ws.project.language;
      if (kind === 'qdc') {
        if (reportIssues(ws.issues, g)) throw new InputFailure(ws.issues);
        const { codes, sets } = buildRefiCodes(ws.codebook, ws.index, lang);
        if (!codes.length) throw new UsageError('the project has no codes to export', 'add a `codebook:` to hefboom.yaml');
        await writeFileAtomic(resolve(out), writeQdc(codes, { origin: `hefboom ${version()}`, sets }));
        say(`wrote ${out}: ${codes.length} codes, ${sets.length} framework sets`, g);
        return EXIT_OK;
      }
      const scan = await loadCorpus(ws, { allCoders: true });
      const issues = [...ws.issues, ...scan.issues];
      if (reportIssues(issues, g)) throw new InputFailure(issues);
      const r = buildRefiProject({ name: ws.project.name, origin: `hefboom ${version()}`, codebook: ws.codebook, index: ws.index, documents: scan.chosen.map((x) => x.summary), lang });
      const entries = [{ name: 'project.qde', data: writeQde(r.project) }, ...[...r.sources].sort(([a], [b]) => a.localeCompare(b)).map(([name, text]) => ({ name, data: text }))];
      await writeFileAtomic(resolve(out), await zipToBuffer(entries));
      say(`wrote ${out}: ${r.counts.documents} documents, ${r.counts.coders} coder(s), ${r.counts.codes} codes, ${r.counts.selections} selections, ${r.counts.codings} codings`, g);
      return EXIT_OK;
    }));
}
