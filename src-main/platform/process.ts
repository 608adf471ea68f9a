/**
 * Which process holds a pid: a start-time identity, so that a pid the OS has reused for another
 * process can be told apart from the process that recorded it.
 *
 * - Linux: the boot id and field 22 of /proc/<pid>/stat, the start time in clock ticks since boot
 *   (proc(5): https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html).
 * - Other POSIX systems (macOS, BSD): `ps -o lstart= -p <pid>`, the start time to the second
 *   (POSIX ps: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/ps.html lists `-o`;
 *   `lstart` is the BSD and procps name).
 * - Windows, or when neither answers: undefined, and callers fall back to "the pid is alive".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function linuxStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces or ')': split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = rest[22 - 3]; // rest[0] is field 3 (state)
  if (start === undefined || !/^\d+$/.test(start)) return undefined;
  const boot = readText('/proc/sys/kernel/random/boot_id')?.trim() ?? '';
  return `linux:${boot}:${start}`;
}

function psStart(pid: number): string | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' },
    }).trim();
    return out ? `ps:${out.replace(/\s+/g, ' ')}` : undefined;
  } catch {
    return undefined;
  }
}

let own: { value: string | undefined } | undefined;

/**
 * An opaque identity of the process now holding `pid` (same pid, same process: same string),
 * or undefined if unknown. This process's own answer is computed once (ps is a child process).
 */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (pid === process.pid) return (own ??= { value: startOf(pid) }).value;
  return startOf(pid);
}

function startOf(pid: number): string | undefined {
  if (process.platform === 'linux') return linuxStart(pid);
  if (process.platform === 'win32') return undefined;
  return psStart(pid);
}
export const __TESTS = { linuxStart, psStart };
