/**
 * A small terminal progress bar (one line, redrawn in place on a TTY; occasional plain lines
 * otherwise so logs stay readable). Silent when KGE_QUIET=1 or `quiet` is set.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  /** Unit shown in the rate, e.g. "triples". */
  unit?: string;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
}

export class ProgressBar {
  private done = 0;
  private readonly start = performance.now();
  private lastDraw = 0;
  private readonly quiet: boolean;
  private readonly stream: NodeJS.WriteStream;
  private extra = '';

  constructor(private readonly options: ProgressOptions) {
    this.quiet = options.quiet ?? process.env.KGE_QUIET === '1';
    this.stream = options.stream ?? process.stderr;
  }

  /** Advances by `n` units; `extra` is shown after the rate (e.g. "loss 0.213"). */
  tick(n: number, extra?: string): void {
    this.done += n;
    if (extra !== undefined) this.extra = extra;
    const now = performance.now();
    if (now - this.lastDraw > 100 || this.done >= this.options.total) {
      this.lastDraw = now;
      this.draw(false);
    }
  }

  finish(extra?: string): void {
    if (extra !== undefined) this.extra = extra;
    this.draw(true);
  }

  get elapsedSeconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  private draw(final: boolean): void {
    if (this.quiet) return;
    const { total, label, unit = 'items' } = this.options;
    const frac = total > 0 ? Math.min(1, this.done / total) : 1;
    const secs = this.elapsedSeconds;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? Math.max(0, (total - this.done) / rate) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const text = `${label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${formatRate(rate)} ${unit}/s ${
      final ? formatDuration(secs) : 'ETA ' + formatDuration(eta)
    }${this.extra ? ' ' + this.extra : ''}`;
    if (this.stream.isTTY) {
      this.stream.write('\r' + text.padEnd(this.stream.columns ? Math.min(this.stream.columns - 1, 120) : 100) + (final ? '\n' : ''));
    } else if (final) {
      this.stream.write(text + '\n');
    }
  }
}

export function formatRate(r: number): string {
  if (r >= 1e6) return (r / 1e6).toFixed(2) + 'M';
  if (r >= 1e3) return (r / 1e3).toFixed(1) + 'k';
  return r.toFixed(1);
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return s.toFixed(1) + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${Math.round(s % 60).toString().padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${(m % 60).toString().padStart(2, '0')}m`;
}

/** Logger for user-facing messages; quiet in tests. */
export const log = {
  info(msg: string): void {
    if (process.env.KGE_QUIET !== '1') process.stderr.write(msg + '\n');
  },
  warn(msg: string): void {
    process.stderr.write(`warning: ${msg}\n`);
  },
};
