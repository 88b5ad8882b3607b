/**
 * Finding one's way through the collection, checked statically on every committed notebook:
 * a contents line whose links reach every section, the lectures named (lecturer, title, occasion),
 * a "what to try next" list of three changes, a references section, links to other notebooks that
 * exist, and `00-start-here` as the map that lists exactly the notebooks present with run times.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "notebooks");
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith(".ipynb")).sort();

interface NbCell {
  cell_type: string;
  source: string | string[];
}
const text = (c: NbCell): string => (Array.isArray(c.source) ? c.source.join("") : c.source);
const LECTURERS = /W\. E|L\. Wu|E\. Vanden-Eijnden|J\. Bruna|T\. Suzuki/;

for (const f of FILES) {
  const stem = f.replace(/\.ipynb$/, "");
  const cells = (JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as { cells: NbCell[] }).cells;
  const md = cells.filter((c) => c.cell_type === "markdown").map(text);
  const all = md.join("\n\n");
  const anchors = new Set([...all.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

  describe(`notebook ${stem}: navigation`, () => {
    it("opens with a contents line whose links reach every section", () => {
      const first = md[0];
      const contents = first.slice(first.search(/\*\*Contents\.\*\*/));
      assert.ok(/\*\*Contents\.\*\*/.test(first), "the first cell has a **Contents.** line");
      const links = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
      for (const id of links) assert.ok(anchors.has(id), `contents links #${id}, which no <a id> defines`);
      // Every second-level section carries an anchor that the contents line links.
      for (const cell of md) {
        for (const m of cell.matchAll(/^## (.+)$/gm)) {
          const lineBefore = cell.slice(0, m.index).split("\n").at(-2) ?? "";
          const anchor = /^<a id="([^"]+)"><\/a>$/.exec(lineBefore);
          assert.ok(anchor, `section "${m[1]}" has no <a id="..."></a> on the line before its heading`);
          assert.ok(links.includes(anchor[1]), `the contents line does not link section "${m[1]}"`);
        }
      }
    });

    it("names the lectures it follows and has a references section", () => {
      assert.match(md[0], /\*\*The lectures?\.\*\*/, "the first cell names the lectures");
      assert.match(md[0], LECTURERS, "the lectures are named with their lecturer");
      assert.ok(anchors.has("references"), "a References section with <a id=\"references\">");
      const refs = md.find((c) => /^## References/m.test(c)) ?? "";
      assert.ok(refs.split("\n").filter((l) => /^- /.test(l)).length >= 3, "at least three references");
    });

    it("closes with three things to try next", () => {
      const cell = md.find((c) => /\*\*What to try next\.\*\*/.test(c));
      assert.ok(cell, "a **What to try next.** list");
      const after = cell.slice(cell.search(/\*\*What to try next\.\*\*/));
      const items = after.split("\n").filter((l) => /^\d\. /.test(l));
      assert.ok(items.length >= 3, `three numbered suggestions (found ${items.length})`);
    });

    it("links only to notebooks that exist", () => {
      for (const m of all.matchAll(/\]\((\d\d-[\w-]+\.ipynb)(#[^)]*)?\)/g)) {
        assert.ok(FILES.includes(m[1]), `links ${m[1]}, which is not in notebooks/`);
      }
    });
  });
}

describe("00-start-here is the map of the collection", () => {
  const cells = (JSON.parse(fs.readFileSync(path.join(DIR, "00-start-here.ipynb"), "utf8")) as {
    cells: NbCell[];
  }).cells;
  const all = cells.filter((c) => c.cell_type === "markdown").map(text).join("\n");
  const map = all.slice(all.search(/<a id="map"><\/a>/));
  it("lists every topic notebook present, with its run time, and no other", () => {
    assert.ok(/<a id="map"><\/a>/.test(all), "a map section with <a id=\"map\">");
    const rows = map.split("\n").filter((l) => /^\| \[\d\d/.test(l));
    const listed = rows.map((r) => /\]\((\d\d-[\w-]+\.ipynb)\)/.exec(r)?.[1]);
    const topics = FILES.filter((f) => !f.startsWith("00-"));
    assert.deepEqual([...listed].sort(), topics, "the map's rows are exactly the topic notebooks present");
    for (const r of rows) assert.match(r, /\d+ (s|min)/, `a run time in: ${r}`);
  });
});
