/**
 * Transcripts as researchers keep them (issue 10), through the CLI as a user runs it: subtitle files
 * from transcription services (fixtures/subtitles), and Word/LibreOffice documents.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { hefboom, json, repoRoot } from './run-cli.js';

const subtitles = join(repoRoot, 'fixtures', 'subtitles');
const docx = join(repoRoot, 'fixtures', 'docx');

describe('WebVTT and SRT sources', () => {
  it('a VTT transcript with three speakers gives excerpts with start times, and quotes shows them as file:line@hh:mm:ss', () => {
    const r = hefboom(['quotes', 'overleg-drie-sprekers.vtt', '--format', 'json'], { cwd: subtitles });
    expect(r.code, r.stderr).toBe(0);
    const quotes = json<{ quotes: { provenance: string; speaker: { label: string; role: string }; time: { start: number; end?: number } | null }[] }>(r).quotes;
    const speakers = new Set(quotes.map((q) => q.speaker.label));
    expect([...speakers].sort()).toEqual(['Cursist 2', 'Mentor 1', 'Verantwoordelijke']);
    for (const q of quotes) {
      expect(q.time).not.toBeNull();
      const hms = new Date(q.time!.start * 1000).toISOString().slice(11, 19);
      expect(q.provenance).toMatch(new RegExp(`^overleg-drie-sprekers\\.vtt:\\d+@${hms}`));
    }
    expect(quotes[0].provenance).toBe('overleg-drie-sprekers.vtt:10@00:59:58');
    const text = hefboom(['quotes', '-p', '.', '--code', 'feedback'], { cwd: subtitles });
    expect(text.stdout).toContain('overleg-drie-sprekers.vtt:28@01:00:25');
    expect(text.stdout).toContain('overleg.srt:20@01:00:25');
  });

  it('malformed cue timings: exit 2 naming the line', () => {
    const r = hefboom(['tally', 'kapotte-tijden.vtt'], { cwd: subtitles });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kapotte-tijden\.vtt:8(:\d+)?: error/);
  });
});

describe('Word transcripts coded with comments', () => {
  // gesprek-twee-codeurs.docx: 20 paragraphs, 12 comments by Annelies and Bert; equivalent/ holds the
  // same conversation as two native transcripts, one per coder, with the codes as #tags.
  const agreeOn = (dir: string) => json(hefboom(['agree', '-p', dir, '--format', 'json']));

  it('gives the same tallies as the equivalent native transcripts, and agree compares the two authors', () => {
    const rowsOf = (dir: string) => json(hefboom(['tally', '-p', dir, '--by', 'code', '--format', 'json'])).rows;
    expect(rowsOf(docx)).toEqual(rowsOf(join(docx, 'equivalent')));
    const fromWord = agreeOn(docx);
    const fromText = agreeOn(join(docx, 'equivalent'));
    expect(fromWord.coders).toEqual(['Annelies', 'Bert']);
    expect(fromWord.units).toBe(20);
    expect(fromWord.rows).toEqual(fromText.rows);
    expect(fromWord.overall).toEqual(fromText.overall);
    // Each author's own codings per code (both + only that author), as written in the comments.
    const coded = Object.fromEntries(fromWord.rows.map((r: { id: string; counts: { coded: Record<string, number> } }) => [r.id, r.counts.coded]));
    expect(coded.startgesprek).toEqual({ Annelies: 1, Bert: 1 });
    expect(coded.leerdoelen).toEqual({ Annelies: 0, Bert: 2 });
  });

  it('files with -p are read with that project\'s codebook and coders (here: its own sources, the same counts)', () => {
    const rows = (args: string[]) => json(hefboom(['tally', ...args, '--by', 'code', '--format', 'json'])).rows;
    expect(rows(['-p', docx, join(docx, 'gesprek-twee-codeurs.docx')])).toEqual(rows(['-p', docx]));
  });

  it('a password-protected .docx: exit 2 with a clear message, nothing on stdout', () => {
    const r = hefboom(['tally', 'beveiligd.docx'], { cwd: docx });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('password-protected or encrypted');
  });
});
