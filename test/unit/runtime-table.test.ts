/** Plain-text tables: alignment, empty cells, validation. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatTable } from "../../lib/runtime/table";
import { ValidationError } from "../../lib/runtime/errors";

describe("runtime: formatTable", () => {
  it("aligns text left and numbers right, shows missing values as a dash, quotes nothing", () => {
    const out = formatTable([
      { case: "B = 1", "λ_max(M)": 1.6169, loss: "1.90e+0", predicted: "escape" },
      { case: "GD (full batch)", "λ_max(M)": null, loss: "2.62e-7", predicted: "stay" },
    ]);
    assert.equal(out, [
      "case             λ_max(M)     loss  predicted",
      "───────────────  ────────  ───────  ─────────",
      "B = 1              1.6169  1.90e+0  escape",
      "GD (full batch)         —  2.62e-7  stay",
    ].join("\n"));
    assert.ok(!out.includes("'"));
  });

  it("refuses an empty table, naming the argument", () => {
    assert.throws(() => formatTable([]), (e: unknown) => e instanceof ValidationError && e.argument === "rows");
  });
});
