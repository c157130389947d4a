import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time a process has used so far (user + system, all its threads, so V8's collector and
 * libuv's pool count too), from /proc/<pid>/stat. Read before and after a load, the difference
 * is what that load cost the process, whatever else shares the cores.
 */
export function cpuMs(pid: number): number {
  const ms = cpuMsIfAlive(pid);
  if (ms === undefined) throw new Error(`process ${pid} is gone: no CPU time to read`);
  return ms;
}

/** As cpuMs, or undefined when the process has already exited (a PostgreSQL backend closed by its pool). */
export function cpuMsIfAlive(pid: number): number | undefined {
  return cpuMsOf(`/proc/${pid}/stat`);
}

/**
 * CPU time of a process's main thread only (its thread id is its pid): for Redis, whose commands
 * all run there, while its background threads (AOF fsync, lazy frees) run beside it.
 */
export function mainThreadCpuMsIfAlive(pid: number): number | undefined {
  return cpuMsOf(`/proc/${pid}/task/${pid}/stat`);
}

function cpuMsOf(path: string): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicksPerSecond();
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const reported = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticksPerSecond = Number.isInteger(reported) && reported > 0 ? reported : 100;
  }
  return ticksPerSecond;
}
