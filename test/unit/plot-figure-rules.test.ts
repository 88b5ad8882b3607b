/**
 * The figure rules (test/helpers/figure-rules.ts) on planted specs that break them, and the builders
 * of lib/plot, which must follow them: log ticks that cannot be misread, every legend entry visible,
 * no two alike, coinciding series declared and drawn so that both show.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as plot from "../../lib/plot";
import { logAxisTicks, fullTickLabel } from "../../lib/plot/ticks";
import { figureViolations, labelValue } from "../helpers/figure-rules";

type Spec = { data: Record<string, unknown>[]; layout: Record<string, unknown> };
const rules = (spec: Spec) => figureViolations(spec).map((v) => v.rule);
const line = (name: string, y: number[], style: Record<string, unknown> = {}) => ({ type: "scatter", name, x: [1, 2, 3, 4], y, mode: "lines", line: { color: "#1f77b4", dash: "solid", width: 2 }, ...style });
const linear = { xaxis: { type: "linear" }, yaxis: { type: "linear" } };

describe("figure rules on planted specs", () => {
  it("a log axis left to plotly's default, or labelled with digits, breaks the tick rule", () => {
    const data = [line("a", [1, 10, 100, 1000])];
    assert.deepEqual(rules({ data, layout: { xaxis: { type: "linear" }, yaxis: { type: "log" } } }), ["log-ticks"]);
    assert.deepEqual(rules({ data, layout: { xaxis: { type: "linear" }, yaxis: { type: "log", dtick: "D2" } } }), ["log-ticks"]);
    const digits = { type: "log", tickmode: "array", tickvals: [10, 20, 50, 100], ticktext: ["10", "2", "5", "100"] };
    assert.deepEqual(rules({ data, layout: { xaxis: { type: "linear" }, yaxis: digits } }), ["log-ticks"]);
    const ok = { type: "log", tickmode: "array", tickvals: [0.02, 5e-7, 100], ticktext: ["0.02", "5×10<sup>−7</sup>", "100"] };
    assert.deepEqual(rules({ data, layout: { xaxis: { type: "linear" }, yaxis: ok } }), []);
    assert.deepEqual(rules({ data, layout: { xaxis: { type: "linear" }, yaxis: { type: "log", dtick: 1, exponentformat: "power" } } }), []);
  });

  it("labels are read as the values they state", () => {
    assert.equal(labelValue("100"), 100);
    assert.equal(labelValue("10<sup>−3</sup>"), 1e-3);
    assert.equal(labelValue("5×10⁻⁷"), 5e-7);
    assert.ok(Number.isNaN(labelValue("2 k")));
  });

  it("a curve drawn over an identical one hides it, unless declared as coinciding", () => {
    const y = [1, 2, 3, 4];
    assert.deepEqual(rules({ data: [line("a", y), line("b", y, { line: { color: "#d62728", dash: "solid", width: 2 } })], layout: linear }), ["hidden-trace"]);
    assert.deepEqual(rules({ data: [line("a", y), line("b", y, { line: { color: "#d62728", dash: "dot", width: 3.5 }, meta: { coincidesWith: "a" } })], layout: linear }), []);
    // A dashed curve over another colour shows; a dashed curve in the same colour over a solid one vanishes in it.
    assert.deepEqual(rules({ data: [line("a", y), line("b", y, { line: { color: "#000000", dash: "dash", width: 1.5 } })], layout: linear }), []);
    assert.deepEqual(rules({ data: [line("a", y), line("b", y, { line: { color: "#1f77b4", dash: "dash", width: 1.5 } })], layout: linear }), ["hidden-trace"]);
    // Apart by more than a hair: both show.
    assert.deepEqual(rules({ data: [line("a", y), line("b", [1, 2, 3.2, 4], { line: { color: "#d62728", dash: "solid", width: 2 } })], layout: linear }), []);
    // Filled markers of another trace at the same points hide markers; open ones do not.
    const m = (name: string, symbol: string, color: string) => ({ ...line(name, y), mode: "lines+markers", line: { color, dash: "solid", width: 2 }, marker: { color, symbol, size: 7 } });
    assert.deepEqual(rules({ data: [m("a", "circle", "#1f77b4"), m("b", "square", "#d62728")], layout: linear }), ["hidden-trace"]);
  });

  it("two legend entries alike break the rule", () => {
    assert.deepEqual(rules({ data: [line("a", [1, 2, 3, 4]), line("b", [4, 3, 2, 1])], layout: linear }), ["identical-legend"]);
  });
});

describe("figure builders follow the rules", () => {
  const xs = [16, 64, 256, 1024, 4096];
  it("log axes: powers of ten over two decades or more, full values below", () => {
    assert.equal(logAxisTicks(0.01, 5).dtick, 1);
    assert.equal(logAxisTicks(1e-16, 1).dtick, 3);
    const short = logAxisTicks(0.045, 0.2);
    assert.equal(short.tickmode, "array");
    assert.deepEqual(short.ticktext, (short.tickvals as number[]).map(fullTickLabel));
    assert.deepEqual(short.tickvals, [0.05, 0.1, 0.2]);
    assert.equal(fullTickLabel(5e-7), "5×10<sup>−7</sup>");
    assert.equal(fullTickLabel(2000), "2000");
    for (const [lo, hi] of [[0.31, 0.33], [3, 4], [1e5, 3e5], [7e-9, 2e-8], [0.9, 11]]) {
      const t = logAxisTicks(lo, hi);
      const labelled = t.tickmode === "array" ? (t.tickvals as number[]).filter((v) => v >= lo && v <= hi).length : Math.floor(Math.log10(hi)) - Math.ceil(Math.log10(lo)) + 1;
      assert.ok(labelled >= 2, `at least two labelled ticks within [${lo}, ${hi}]`);
      assert.deepEqual(figureViolations({ data: [], layout: { yaxis: { type: "log", ...t } } }), []);
    }
  });

  it("every builder's figure passes, on log and linear axes", () => {
    const figs = [
      plot.loglog({ title: "t", x: { label: "m" }, y: { label: "e" }, series: [{ name: "a", x: xs, y: xs.map((m) => 1 / Math.sqrt(m)) }, { name: "b", x: xs, y: xs.map((m) => 3 / m) }], theory: { a: -0.5, b: -1 } }),
      plot.lines({ title: "t", x: { label: "step" }, y: { label: "loss", log: true }, series: [{ name: "gd", x: [0, 1, 2], y: [1, 0.5, 0.3] }, { name: "rate", x: [0, 2], y: [1, 0.25], theory: true }, { name: "rate 2", x: [0, 2], y: [1, 0.1], theory: true }], hlines: [{ y: 0.1, label: "floor" }] }),
      plot.scatter({ title: "t", x: { label: "a" }, y: { label: "b" }, series: [{ name: "p", x: [1, 2], y: [2, 1] }, { name: "q", x: [1, 2], y: [1, 2] }] }),
      plot.band({ title: "t", x: { label: "x", log: true }, y: { label: "y", log: true }, groups: [{ name: "g", x: [1, 10, 100], runs: [[1, 0.1, 0.01], [2, 0.2, 0.02]] }] }),
      plot.heatmap({ title: "t", x: { label: "lr", log: true, values: [0.01, 0.1, 1] }, y: { label: "m", values: [1, 2] }, z: [[1, 2, 3], [4, 5, 6]], zLabel: "z", overlay: [{ name: "edge", x: [0.1, 1], y: [1, 2] }, { name: "edge 2", x: [0.05, 0.5], y: [1, 2] }] }),
      // The same overlay in every panel is not hidden: panels are compared one by one.
      plot.heatmapPanels({ title: "t", x: { label: "w", log: true }, y: { label: "v" }, zLabel: "z", panels: [1, 2].map((k) => ({ title: `p${k}`, x: [0.1, 1, 10], y: [0, 1], z: [[k, 2, 3], [4, 5, 6]], overlay: [{ name: "edge", x: [0.1, 10], y: [0, 1] }] })) }),
    ];
    for (const f of figs) assert.deepEqual(figureViolations(f as Spec), [], f.layout.title as string);
  });

  it("heatmap values travel packed (float32, base64), one line in a saved notebook", () => {
    const f = plot.heatmap({ title: "t", x: { label: "x", values: [1, 2, 3] }, y: { label: "y", values: [1, 2] }, z: [[1, 2, 3], [4, NaN, 6.5]], zLabel: "z" });
    const z = f.data[0].z as { dtype: string; bdata: string; shape: string };
    assert.equal(z.dtype, "f4");
    assert.equal(z.shape, "2,3");
    const back = Array.from(new Float32Array(Uint8Array.from(Buffer.from(z.bdata, "base64")).buffer));
    assert.deepEqual(back.map((v) => (Number.isNaN(v) ? null : v)), [1, 2, 3, 4, null, 6.5]);
  });

  it("the loglog theory line, drawn through its own data, stays visible", () => {
    const f = plot.loglog({ title: "t", x: { label: "m" }, y: { label: "e" }, series: [{ name: "a", x: xs, y: xs.map((m) => 1 / Math.sqrt(m)) }], theory: { "*": -0.5 } });
    assert.deepEqual(figureViolations(f as Spec), []);
  });

  it("series styled alike by the caller are told apart in the legend", () => {
    const f = plot.lines({ title: "t", x: { label: "x" }, y: { label: "y" }, series: [{ name: "a", x: [1, 2], y: [1, 2], color: "#1f77b4", dash: "dash", theory: true }, { name: "b", x: [1, 2], y: [2, 3], color: "#1f77b4", dash: "dash", theory: true }] });
    assert.deepEqual(figureViolations(f as Spec), []);
    assert.deepEqual(f.data.map((t) => (t.line as { dash: string }).dash), ["dash", "longdash"], "a dashed line stays dashed");
  });

  it("a curve that falls on another is caught, and passes once declared: drawn on top and named in the caption", () => {
    const series = [
      { name: "network", x: xs, y: [5, 4, 3, 2, 1] },
      { name: "random features", x: xs, y: [5, 4, 3, 2, 1] },
    ];
    const hidden = plot.lines({ title: "t", x: { label: "x" }, y: { label: "y" }, series, caption: "Notice." });
    assert.deepEqual(rules(hidden as Spec), ["hidden-trace"]);
    const declared = plot.lines({ title: "t", x: { label: "x" }, y: { label: "y" }, series: [{ ...series[1], coincidesWith: "network" }, series[0]], caption: "Notice." });
    assert.deepEqual(figureViolations(declared as Spec), []);
    assert.deepEqual(declared.data.map((t) => t.name), ["network", "random features"], "drawn on top of the curve it lies on");
    assert.match(declared.caption!, /^Notice\. “random features” lies on “network” where the two agree/);
    assert.throws(() => plot.lines({ title: "t", x: { label: "x" }, y: { label: "y" }, series: [{ ...series[1], coincidesWith: "nothing" }] }), /coincidesWith names "nothing"/);
  });
});
