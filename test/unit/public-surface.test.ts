/**
 * The public surface of `mltheory` (what `import * as lab from "mltheory"` offers), held against a
 * committed listing, test/fixtures/public-surface.txt. A change to the surface must be deliberate:
 * regenerate the listing with `MLT_UPDATE_SURFACE=1 npm test -- test/unit/public-surface.test.ts`
 * and commit it with the change. Also: the session API stays small and flat, every layer is a
 * namespace, and names marked @internal are not exported.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { publicSurface, ROOT, LIB } from "../helpers/surface";

const LISTING = path.join(ROOT, "test", "fixtures", "public-surface.txt");

function render(): string {
  return publicSurface().map((e) => `${e.path}\t${e.kind}`).join("\n") + "\n";
}

describe("public surface", () => {
  it("matches the committed listing (update it on purpose when the surface changes)", () => {
    const now = render();
    if (process.env.MLT_UPDATE_SURFACE === "1") fs.writeFileSync(LISTING, now);
    const before = fs.existsSync(LISTING) ? fs.readFileSync(LISTING, "utf8") : "";
    const a = new Set(before.split("\n").filter(Boolean));
    const b = new Set(now.split("\n").filter(Boolean));
    const added = [...b].filter((x) => !a.has(x));
    const removed = [...a].filter((x) => !b.has(x));
    assert.ok(
      added.length === 0 && removed.length === 0,
      `the public surface changed:\n  added: ${added.join(", ") || "none"}\n  removed: ${removed.join(", ") || "none"}\n` +
        "If this is intended, run MLT_UPDATE_SURFACE=1 npm test -- test/unit/public-surface.test.ts and commit test/fixtures/public-surface.txt.",
    );
  });

  it("keeps the top level to the session API: at most 40 functions and values, layers as namespaces", () => {
    const top = publicSurface().filter((e) => !e.path.includes("."));
    const values = top.filter((e) => e.kind !== "type" && e.kind !== "namespace");
    assert.ok(values.length <= 40, `${values.length} functions and values at the top level: ${values.map((e) => e.path).join(", ")}`);
    const namespaces = top.filter((e) => e.kind === "namespace").map((e) => e.path);
    for (const ns of ["runtime", "numerics", "models", "plot", "data", "train", "analysis", "experiments"]) {
      assert.ok(namespaces.includes(ns), `lab.${ns} is missing`);
    }
    for (const flat of ["setup", "scale", "record", "check", "checkNear", "checkBetween", "checkLess", "show", "finish", "Rng", "tf"]) {
      assert.ok(top.some((e) => e.path === flat), `lab.${flat} is missing from the session API`);
    }
  });

  it("exports one namespace per topic under lab.experiments", () => {
    const topics = fs.readdirSync(path.join(LIB, "experiments"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const exported = publicSurface().filter((e) => /^experiments\.[^.]+$/.test(e.path) && e.kind === "namespace").map((e) => e.path.split(".")[1]);
    assert.deepEqual([...exported].sort(), [...topics].sort());
  });

  it("does not export names documented as @internal", () => {
    const internal = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "dist" && e.name !== "node_modules") walk(p);
        } else if (e.name.endsWith(".ts")) {
          const src = fs.readFileSync(p, "utf8");
          const re = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*export\s+(?:async\s+)?(?:function|const|class|interface|type)\s+(\w+)/g;
          for (let m = re.exec(src); m; m = re.exec(src)) if (m[1].includes("@internal")) internal.add(m[2]);
        }
      }
    };
    walk(LIB);
    const leaked = publicSurface().filter((e) => internal.has(e.path.split(".").at(-1)!)).map((e) => e.path);
    assert.deepEqual(leaked, [], `internal names on the public surface: ${leaked.join(", ")}`);
  });
});
