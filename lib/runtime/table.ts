/**
 * Plain-text tables for notebook output: what a cell prints when a few records say more than a figure.
 */
import { ValidationError } from "./errors";

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A table cell: text, a number (shown as given; format it first for fixed digits), or empty. */
export type TableCell = string | number | boolean | null | undefined;

/**
 * Formats records as an aligned plain-text table: one row per record, the columns in the order of
 * the first record's keys, a header line and a rule under it; columns of numbers (or of formatted
 * numbers such as "1.20" and "3.4e-7") right-aligned, text left-aligned, no quotes; null or
 * undefined show as "—".
 * @example
 * console.log(formatTable([{ case: "B = 1", "a·η": 1.19, predicted: "escape" }, { case: "GD", "a·η": 1.19, predicted: "stay" }]));
 * // case    a·η  predicted
 * // ─────  ────  ─────────
 * // B = 1  1.19  escape
 * // GD     1.19  stay
 */
export function formatTable(rows: readonly Record<string, TableCell>[]): string {
  if (!Array.isArray(rows) || rows.length === 0) throw new ValidationError("rows must be a non-empty array of records", { argument: "rows" });
  const keys = Object.keys(rows[0]);
  const text = (v: TableCell): string => (v === null || v === undefined ? "—" : String(v));
  const widths = keys.map((k) => Math.max([...k].length, ...rows.map((r) => [...text(r[k])].length)));
  const isNumber = (v: TableCell): boolean =>
    typeof v === "number" || v === null || v === undefined || (typeof v === "string" && NUMBER.test(v));
  const numeric = keys.map((k) => rows.every((r) => isNumber(r[k])));
  const pad = (s: string, j: number): string => {
    const fill = " ".repeat(widths[j] - [...s].length);
    return numeric[j] ? fill + s : s + fill;
  };
  const line = (cells: string[]): string => cells.map(pad).join("  ").trimEnd();
  return [line(keys), line(widths.map((w) => "─".repeat(w))), ...rows.map((r) => line(keys.map((k) => text(r[k]))))].join("\n");
}
