/**
 * What a hefboom code is beyond a REFI code (its id, its lever and MeMoQ mappings, a direct framework
 * tag) travels in one marker line at the end of the code's Description:
 *   `[hefboom] id: feedback · levers: L3 · memoq: emotionele-ondersteuning`
 * Other QDA programs show it as text; `hefboom import` reads it back and removes it, so a project
 * exported to NVivo and imported again keeps its ids and mappings.
 */

export const MARK = '[hefboom]';

export interface Marker {
  id?: string;
  /** Framework id → node ids. */
  frameworks?: Record<string, string[]>;
  /** A code that stands for a direct framework tag (`fw:levers:L3`). */
  tag?: string;
  /** The folder that holds the direct-tag codes of one framework. */
  folder?: string;
}

export function markerLine(m: Marker): string | undefined {
  const parts: string[] = [];
  if (m.id) parts.push(`id: ${m.id}`);
  for (const [fw, nodes] of Object.entries(m.frameworks ?? {})) if (nodes.length) parts.push(`${fw}: ${nodes.join(', ')}`);
  if (m.tag) parts.push(`tag: ${m.tag}`);
  if (m.folder) parts.push(`folder: ${m.folder}`);
  return parts.length ? `${MARK} ${parts.join(' · ')}` : undefined;
}

/** Split a description into its own text and the marker (if its last line is one). */
export function readMarker(description: string | undefined): { description?: string; marker?: Marker } {
  if (!description) return { description };
  const lines = description.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1]?.trim() ?? '';
  if (!last.startsWith(MARK)) return { description };
  const marker: Marker = {};
  for (const part of last.slice(MARK.length).split('·')) {
    const m = /^\s*([\p{L}\p{N}_-]+)\s*:\s*(.*?)\s*$/u.exec(part);
    if (!m) continue;
    const [, key, value] = m;
    if (key === 'id') marker.id = value;
    else if (key === 'tag') marker.tag = value;
    else if (key === 'folder') marker.folder = value;
    else (marker.frameworks ??= {})[key] = value.split(',').map((v) => v.trim()).filter(Boolean);
  }
  const rest = lines.slice(0, -1).join('\n').replace(/\s+$/, '');
  return { description: rest || undefined, marker };
}
