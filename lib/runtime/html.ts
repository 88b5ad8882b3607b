/**
 * Escapes text for inclusion in HTML output (figure captions, progress labels).
 * @internal
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
