/** Labels of framework nodes in the project's language. */
import type { Workspace } from '../io/workspace.js';
import { indexFramework } from '../model/framework.js';

export function nodeLabel(ws: Workspace, framework: string, id: string, lang: 'nl' | 'en'): string {
  const fw = ws.frameworks.get(framework);
  if (!fw) return id;
  return indexFramework(fw).get(id)?.node.label[lang] ?? id;
}

export function frameworkLabel(ws: Workspace, framework: string, lang: 'nl' | 'en'): string {
  return ws.frameworks.get(framework)?.label[lang] ?? framework;
}
