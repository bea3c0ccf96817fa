/** Peak memory of a running process from /proc (Linux), for the benchmarks that sample it. */
import { readFileSync } from 'node:fs';

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
