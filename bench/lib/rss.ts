import { readFileSync } from 'node:fs';

/**
 * Peak resident memory per role, from /proc/<pid>/status: VmHWM is the kernel's own high-water
 * mark, so a short spike between samples is not missed; VmRSS is sampled as a cross-check.
 * A role may have several processes (cluster workers); its peak is that of its largest one.
 */
export class RssTracker {
  private readonly pids = new Map<number, string>();
  private readonly peakKb = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  watch(role: string, pid: number | undefined): void {
    if (pid === undefined) return;
    this.pids.set(pid, role);
    this.timer ??= setInterval(() => this.sample(), 250);
  }

  /** Reads the high-water marks one last time and forgets the processes (call before stopping them). */
  release(pids: (number | undefined)[]): void {
    this.sample();
    for (const pid of pids) if (pid !== undefined) this.pids.delete(pid);
    if (this.pids.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  peakMb(role: string): number | undefined {
    const kb = this.peakKb.get(role);
    return kb === undefined ? undefined : kb / 1024;
  }

  private sample(): void {
    for (const [pid, role] of this.pids) {
      const kb = readPeakKb(pid);
      if (kb !== undefined) this.peakKb.set(role, Math.max(this.peakKb.get(role) ?? 0, kb));
    }
  }
}

function readPeakKb(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // already gone
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return Math.max(field('VmHWM'), field('VmRSS'));
}
