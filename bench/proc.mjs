/** Peak memory of a running process from /proc (Linux), for the benchmarks that sample it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Peak resident set (VmHWM) of `pid` in kB, or 0 when unknown. */
export const readHwmKb = (pid) => {
  try {
    const m = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
};

/** Pid of the first child of `pid` (the node process under /usr/bin/time), or 0. */
export const childOf = (pid) => {
  try {
    const s = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return s ? Number(s.split(/\s+/)[0]) : 0;
  } catch {
    return 0;
  }
};

/**
 * Run `node ARGS…` to completion: wall seconds (spawn to exit) and peak RSS in MB, from GNU
 * `/usr/bin/time -v` when it is there (else 0 = unknown). Returns { status, stdout, stderr, seconds, peakMb }.
 */
export function measureRun(args, opts = {}) {
  const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', '-o', '/dev/null', process.execPath, '-e', '0'], { stdio: 'ignore' }).status === 0;
  const report = join(mkdtempSync(join(tmpdir(), 'hefboom-bench-')), 'time.txt');
  const cmd = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-v', '-o', report, process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const seconds = (performance.now() - t0) / 1000;
  let peakMb = 0;
  if (gnuTime && existsSync(report)) peakMb = Number(/Maximum resident set size \(kbytes\):\s*(\d+)/.exec(readFileSync(report, 'utf8'))?.[1] ?? 0) * 1024 / 1e6;
  rmSync(dirname(report), { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds, peakMb };
}
