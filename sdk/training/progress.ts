// fit()'s progress events drawn for people: in a terminal, a bar per epoch redrawn in place with rate, ETA,
// running loss and accuracy; in a log (not a TTY), one plain line per epoch; nothing when quiet.
import type { ProgressEvent } from "./fit.js";
import { checkOptions, ownOption } from "../options.js";
import { describe } from "../errors.js";

/** Options of progressReporter(). */
export interface ProgressReporterOptions {
  /** Where text goes (default: process.stdout.write in Node, Deno and Bun; console.log line by line elsewhere). */
  write?: (text: string) => void;
  /** Redraw a bar in place (default: process.stdout.isTTY; false when write is given). */
  tty?: boolean;
  /** Print nothing (the `--quiet` flag). */
  quiet?: boolean;
  /** Bar width in characters (default 24). */
  width?: number;
  /** Least time between two redraws of the bar, in ms (default 100). */
  interval?: number;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const fmtRate = (r: number) => (r >= 1000 ? `${(r / 1000).toFixed(1)}k` : r.toFixed(0));

/** A duration as "42s", "3m05s" or "1h02m". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`;
}

/** The one-line summary of a finished epoch (what non-TTY logs show). */
export function epochLine(e: Extract<ProgressEvent, { type: "epochEnd" }>): string {
  const r = e.record;
  const width = String(e.epochs).length;
  let line = `epoch ${String(r.epoch + 1).padStart(width)}/${e.epochs}  ${r.steps} steps  ${formatSeconds(r.seconds)}  ${fmtRate(e.rate)} ex/s  loss ${r.loss.toFixed(4)}  acc ${pct(r.accuracy)}`;
  if (r.validationLoss !== null) line += `  val loss ${r.validationLoss.toFixed(4)}  val acc ${pct(r.validationAccuracy!)}`;
  return line;
}

/**
 * An onProgress callback for fit() that draws progress as text.
 * @example
 * await fit(trainer, train, { epochs: 3, batchSize: 64, key: key(0), onProgress: progressReporter({ quiet: argv.includes("--quiet") }) });
 * // epoch 1/3 [███████████▌            ] 480/938  21.3k ex/s  ETA 1s  loss 0.4123  acc 88.21%
 */
export function progressReporter(options: ProgressReporterOptions = {}): (event: ProgressEvent) => void {
  checkOptions(options, ["write", "tty", "quiet", "width", "interval"], "progressReporter");
  const quiet = ownOption(options, "quiet", false);
  if (quiet) return () => {};
  const stdout = (globalThis as { process?: { stdout?: { write?: (s: string) => unknown; isTTY?: boolean } } }).process?.stdout;
  const given = ownOption<((text: string) => void) | undefined>(options, "write", undefined);
  if (given !== undefined && typeof given !== "function") throw new TypeError(`progressReporter: write must be a function, got ${describe(given)}`);
  const write: (text: string) => void = given
    ?? (typeof stdout?.write === "function" ? (s) => { stdout.write!(s); } : lineWriter());
  const tty = ownOption(options, "tty", given === undefined && stdout?.isTTY === true);
  const width = ownOption(options, "width", 24);
  const interval = ownOption(options, "interval", 100);
  let lastDraw = -Infinity;
  return (e) => {
    if (e.type === "epochEnd") {
      write(`${tty ? "\r\x1b[K" : ""}${epochLine(e)}\n`);
    } else if (e.type === "end") {
      write(`done in ${formatSeconds(e.history.seconds)}\n`);
    } else if (tty && e.type === "step") {
      const t = (globalThis.performance?.now() ?? Date.now());
      if (t - lastDraw < interval && e.step < e.steps) return;
      lastDraw = t;
      write(`\r\x1b[K${stepLine(e, width)}`);
    } else if (tty && e.type === "validation") {
      write(`\r\x1b[Kepoch ${e.epoch + 1}/${e.epochs} validating…`);
    }
  };
}

/** The bar line of a step event: epoch, bar, steps, rate, ETA, running loss and accuracy. */
export function stepLine(e: Extract<ProgressEvent, { type: "step" }>, width = 24): string {
  const eighths = Math.round((e.step / e.steps) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8;
  const bar = "█".repeat(full) + (partial > 0 ? " ▏▎▍▌▋▊▉"[partial] : "") + " ".repeat(Math.max(0, width - full - (partial > 0 ? 1 : 0)));
  return `epoch ${e.epoch + 1}/${e.epochs} [${bar}] ${e.step}/${e.steps}  ${fmtRate(e.rate)} ex/s  ETA ${formatSeconds(e.eta)}  loss ${e.loss.toFixed(4)}  acc ${pct(e.accuracy)}`;
}

// console.log wants whole lines: buffer until a newline.
function lineWriter(): (text: string) => void {
  let buffer = "";
  return (text) => {
    buffer += text;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      console.log(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  };
}
