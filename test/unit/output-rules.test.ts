/**
 * The output rules (test/helpers/outputs.ts) on planted outputs: a path of this machine or a line
 * that is only a number is found; sentences with numbers, fractions and URLs are not.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { outputProblems } from "../helpers/outputs";

const stream = (text: string) => ({ output_type: "stream", name: "stdout", text });
const nb = (...outputs: object[]) => ({ cells: [{ id: "c1", cell_type: "code", outputs }] });
const found = (...outputs: object[]) => outputProblems(nb(...outputs) as never, ["/srv/project"]).map((p) => `${p.rule}: ${p.line}`);

describe("output rules", () => {
  it("finds machine paths in streams, HTML and figure specs", () => {
    assert.deepEqual(found(stream("ledger in /srv/project/build/results/a.json\n")), ["machine-path: ledger in /srv/project/build/results/a.json"]);
    assert.deepEqual(found(stream("saved to /tmp/x/fig.json\n")), ["machine-path: saved to /tmp/x/fig.json"]);
    assert.deepEqual(found({ output_type: "display_data", data: { "text/html": "<p>see <b>/home/ann/nb/x.html</b></p>" } }), ["machine-path: see /home/ann/nb/x.html"]);
    assert.deepEqual(found({ output_type: "display_data", data: { "application/vnd.plotly.v1+json": { layout: { title: { text: "from /srv/project/data" } } } } }), ["machine-path: from /srv/project/data"]);
  });

  it("finds a line that is only a number", () => {
    assert.deepEqual(found(stream("0.035537354427831784\n")), ["bare-number: 0.035537354427831784"]);
    assert.deepEqual(found({ output_type: "execute_result", data: { "text/plain": "-1e-5" } }), ["bare-number: -1e-5"]);
  });

  it("leaves sentences, fractions, relative paths and URLs alone", () => {
    assert.deepEqual(
      found(
        stream("✓ rate — measured −0.52, expected −0.5 ± 0.1 (theory m^(−1/2))\n"),
        stream("ηa = 2/(1 + (s/a)²/B); ‖f‖_B/√m; dx/dt\n"),
        stream("Finished in 5.4 s; ledger build/results/00-start-here.json; docs at https://plotly.com/javascript/\n"),
        { output_type: "display_data", data: { "text/html": '<div id="x"></div><script>var a="/abs/path/in/script";</script>' } },
        { output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: [{ name: "a/b", z: { dtype: "f4", bdata: "AAB/wAAA/8A/AAA/+AA=" } }] } } },
      ),
      [],
    );
  });
});
