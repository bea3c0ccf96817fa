/**
 * `checks.yaml` for `hefboom report --check` (DESIGN.md §7): a YAML list of rules such as
 * `- {name: respons, rule: "survey.staff.response_rate >= 0.40"}`, evaluated against the report
 * model's `metrics`, and the JUnit XML that CI systems show.
 *
 * Grammar of a rule: `PATH OP VALUE`
 *   PATH  dotted keys into `metrics` (`levers.L5.excerpts`); a key is letters, digits, `_` or `-`
 *   OP    >=  >  <=  <  ==  !=
 *   VALUE a number (`0.4`, `.95`, `-1`, `1e-3`), or `true`/`false` (only with == and !=)
 */
import type { InputIssue } from '../model/types.js';
import { closest } from '../model/issues.js';
import { parseYaml } from '../io/yaml.js';
import { escapeXmlAttr, escapeXmlText } from '../io/qda/xml-escape.js';
import type { MetricTree } from './model.js';

export const CHECK_OPERATORS = ['>=', '>', '<=', '<', '==', '!='] as const;
export type CheckOperator = (typeof CHECK_OPERATORS)[number];

export interface CheckRule {
  name: string;
  /** The rule as written. */
  rule: string;
  path: string[];
  op: CheckOperator;
  value: number | boolean;
  /** 1-based line of the entry in the checks file. */
  line?: number;
}

export interface CheckResult {
  rule: CheckRule;
  passed: boolean;
  /** The metric's value; undefined when the path does not exist. */
  actual: number | boolean | null | undefined;
  /** Why it failed (empty when it passed). */
  message: string;
}

const ENTRY_KEYS = ['name', 'rule'];
const KEY = '[A-Za-z0-9_-]+';
const RULE = new RegExp(`^\\s*(${KEY}(?:\\.${KEY})*)\\s*(>=|<=|==|!=|>|<)\\s*(\\S+)\\s*$`);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const GRAMMAR_HINT = 'write PATH OP VALUE, e.g. "survey.staff.response_rate >= 0.40" (OP one of >= > <= < == !=; VALUE a number, or true/false with == and !=)';

/** Parse one rule; returns the parts or a message saying what is wrong. */
export function parseRule(text: string): { path: string[]; op: CheckOperator; value: number | boolean } | { error: string } {
  const m = RULE.exec(text);
  if (!m) {
    const op = /[<>=!]=?/.exec(text);
    if (!op) return { error: `rule "${text}" has no comparison operator` };
    if (!CHECK_OPERATORS.some((o) => text.includes(o))) return { error: `rule "${text}" has an unknown operator "${op[0]}"` };
    return { error: `rule "${text}" is not of the form PATH OP VALUE` };
  }
  const [, path, op, raw] = m;
  if (raw === 'true' || raw === 'false') {
    if (op !== '==' && op !== '!=') return { error: `rule "${text}" compares a true/false value with ${op}; use == or !=` };
    return { path: path.split('.'), op: op as CheckOperator, value: raw === 'true' };
  }
  if (!NUMBER.test(raw)) return { error: `rule "${text}": "${raw}" is not a number` };
  return { path: path.split('.'), op: op as CheckOperator, value: Number(raw) };
}

/**
 * Read a checks file. Every problem is an error naming the file and line (exit 2 in the CLI);
 * rules are returned only when there are none.
 */
export function parseChecks(text: string, file: string): { rules: CheckRule[]; issues: InputIssue[] } {
  const y = parseYaml(text, file);
  const issues: InputIssue[] = [...y.issues];
  if (issues.length) return { rules: [], issues };
  const err = (line: number | undefined, code: string, message: string, field?: string, hint?: string) =>
    issues.push({ severity: 'error', file, line, field, code, message, hint: hint ?? (code === 'bad-rule' ? GRAMMAR_HINT : undefined) });
  const list = y.value;
  if (list === null || list === undefined || (Array.isArray(list) && list.length === 0)) {
    err(1, 'no-checks', 'the checks file holds no rules', undefined, 'add a list of rules: `- {name: respons, rule: "survey.staff.response_rate >= 0.40"}`');
    return { rules: [], issues };
  }
  if (!Array.isArray(list)) {
    err(y.lineOf([]) ?? 1, 'checks-shape', 'the checks file must be a YAML list of rules (`- {name: …, rule: …}`)');
    return { rules: [], issues };
  }
  const rules: CheckRule[] = [];
  const names = new Map<string, number | undefined>();
  list.forEach((entry: unknown, i) => {
    const line = y.lineOf([i]);
    // A bare string is accepted as a rule named after itself: quick lists stay short.
    const obj: Record<string, unknown> = typeof entry === 'string' ? { rule: entry } : entry && typeof entry === 'object' && !Array.isArray(entry) ? (entry as Record<string, unknown>) : {};
    if (typeof entry !== 'string' && (!entry || typeof entry !== 'object' || Array.isArray(entry))) {
      err(line, 'checks-shape', `rule ${i + 1} must be a mapping with \`name:\` and \`rule:\``);
      return;
    }
    for (const k of Object.keys(obj)) {
      if (!ENTRY_KEYS.includes(k)) {
        const near = closest(k, ENTRY_KEYS, 1);
        issues.push({ severity: 'error', file, line: y.keyLineOf([i, k]), field: k, code: 'unknown-key', message: `unknown key "${k}" in rule ${i + 1}`, hint: `${near.length ? `did you mean "${near[0]}"? ` : ''}valid keys: ${ENTRY_KEYS.join(', ')}` });
      }
    }
    const ruleLine = typeof entry === 'string' ? line : y.lineOf([i, 'rule']) ?? line;
    if (typeof obj.rule !== 'string' || !obj.rule.trim()) {
      err(line, 'bad-rule', `rule ${i + 1} has no \`rule:\` text`, 'rule');
      return;
    }
    const rawName = obj.name;
    if (rawName !== undefined && typeof rawName !== 'string' && typeof rawName !== 'number') {
      err(y.lineOf([i, 'name']) ?? line, 'bad-value', `the name of rule ${i + 1} must be text`, 'name');
      return;
    }
    const name = rawName === undefined ? obj.rule.trim() : String(rawName);
    const parsed = parseRule(obj.rule);
    if ('error' in parsed) {
      err(ruleLine, 'bad-rule', parsed.error, 'rule');
      return;
    }
    if (names.has(name)) {
      err(y.lineOf([i, 'name']) ?? line, 'duplicate-check', `two rules are called "${name}" (lines ${names.get(name) ?? '?'} and ${line ?? '?'})`, 'name');
      return;
    }
    names.set(name, line);
    rules.push({ name, rule: obj.rule.trim(), ...parsed, line });
  });
  return { rules: issues.length ? [] : rules, issues };
}

/** Every leaf path of a metric tree (`levers.L1.excerpts`), in tree order. */
export function metricPaths(tree: MetricTree, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(tree)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') out.push(...metricPaths(v, p));
    else out.push(p);
  }
  return out;
}

/** Numbers from the builders are computed: equality allows for the last bits of a double. */
function nearlyEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function compare(actual: number | boolean, op: CheckOperator, wanted: number | boolean): boolean {
  if (typeof wanted === 'boolean' || typeof actual === 'boolean') {
    const equal = actual === wanted;
    return op === '==' ? equal : op === '!=' ? !equal : false;
  }
  switch (op) {
    case '>=': return actual >= wanted || nearlyEqual(actual, wanted);
    case '>': return actual > wanted && !nearlyEqual(actual, wanted);
    case '<=': return actual <= wanted || nearlyEqual(actual, wanted);
    case '<': return actual < wanted && !nearlyEqual(actual, wanted);
    case '==': return nearlyEqual(actual, wanted);
    case '!=': return !nearlyEqual(actual, wanted);
  }
}

/** Evaluate rules in file order. A missing path, a group of metrics or a null value fails the rule. */
export function evaluateChecks(rules: CheckRule[], metrics: MetricTree): CheckResult[] {
  let leaves: string[] | undefined;
  return rules.map((rule) => {
    let node: MetricTree[string] | undefined = metrics;
    for (const key of rule.path) {
      node = node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? node[key] : undefined;
      if (node === undefined) break;
    }
    const dotted = rule.path.join('.');
    if (node === undefined) {
      leaves ??= metricPaths(metrics);
      const near = closest(dotted, leaves, 3);
      const message = `no metric "${dotted}" in this report${near.length ? `; closest: ${near.join(', ')}` : leaves.length ? '' : ' (the report has no metrics)'}`;
      return { rule, passed: false, actual: undefined, message };
    }
    if (node !== null && typeof node === 'object') {
      const inside = metricPaths(node, dotted).slice(0, 5);
      return { rule, passed: false, actual: undefined, message: `"${dotted}" is a group of metrics, not a value; e.g. ${inside.join(', ')}` };
    }
    if (node === null || (typeof node === 'number' && Number.isNaN(node))) {
      return { rule, passed: false, actual: null, message: `"${dotted}" has no value in this report (null: it could not be computed)` };
    }
    if (typeof node !== typeof rule.value && (typeof node === 'boolean' || typeof rule.value === 'boolean')) {
      return { rule, passed: false, actual: node, message: `"${dotted}" is ${typeof node === 'boolean' ? 'true/false' : 'a number'}, the rule compares it with ${String(rule.value)}` };
    }
    const passed = compare(node, rule.op, rule.value);
    return { rule, passed, actual: node, message: passed ? '' : `${dotted} is ${formatActual(node)}, the rule wants ${rule.op} ${String(rule.value)}` };
  });
}

export function formatActual(v: number | boolean | null | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/**
 * JUnit XML: one testsuite, one testcase per rule (name = rule name, classname = the rule text's
 * path), a `<failure>` for failed rules. No timestamps or durations, so it is deterministic.
 */
export function junitXml(results: CheckResult[]): string {
  const failures = results.filter((r) => !r.passed).length;
  const suite = 'hefboom report checks';
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttr(suite)}" tests="${results.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${escapeXmlAttr(suite)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const r of results) {
    const head = `    <testcase name="${escapeXmlAttr(r.rule.name)}" classname="${escapeXmlAttr(`checks.${r.rule.path.join('.')}`)}"`;
    if (r.passed) {
      lines.push(`${head}/>`);
    } else {
      lines.push(`${head}>`);
      lines.push(`      <failure message="${escapeXmlAttr(r.message)}" type="check">${escapeXmlText(`rule: ${r.rule.rule}\nactual: ${formatActual(r.actual)}\n${r.message}`)}</failure>`);
      lines.push('    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
