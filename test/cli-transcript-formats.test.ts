/**
 * Transcripts as researchers keep them (issue 10), through the CLI as a user runs it: subtitle files
 * from transcription services (fixtures/subtitles), and Word/LibreOffice documents.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { hefboom, json, repoRoot } from './run-cli.js';

const subtitles = join(repoRoot, 'fixtures', 'subtitles');

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
