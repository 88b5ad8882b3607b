/**
 * Symbolic answers: equivalent forms pass, the common mistakes fail with the hint that names them
 * (constant factor, sign, power of a variable, missing term, undefined points) without quoting the
 * reference, malformed input is refused by name, and the verdict lands in the ledger.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compareExpressions, checkExpression } from "../../lib/runtime/expressionCheck";
import { ledger, ledgerSummary, record } from "../../lib/runtime/ledger";
import { CheckError, ValidationError } from "../../lib/runtime/errors";
import { Rng } from "../../lib/runtime/rng";

const RMSE = "sqrt(((pi^2/8)^d - 1) / m)";
const VARS = { variables: { d: { lo: 1, hi: 12, integer: true }, m: { lo: 1, hi: 1e6, log: true } } } as const;

describe("runtime: symbolic answers (mathjs)", () => {
  it("accepts equivalent forms of the same formula", () => {
    for (const form of [
      RMSE,
      "sqrt((pi^2/8)^d - 1) / sqrt(m)",
      "((pi^2/8)^d - 1)^(1/2) * m^(-1/2)",
      "sqrt((pi*pi/8)^d - 1)/m^0.5",
      "sqrt(exp(d*log(pi^2/8)) - 1) / sqrt(m)",
    ]) {
      const v = compareExpressions(form, RMSE, VARS);
      assert.ok(v.ok, `${form}: ${v.diagnosis}`);
    }
    // A function reference (the library's exact variance) instead of a formula.
    const v = compareExpressions("sqrt((pi^2/8)^d - 1)/sqrt(m)", ({ d, m }) => Math.sqrt(((Math.PI ** 2 / 8) ** d - 1) / m), VARS);
    assert.ok(v.ok);
    assert.ok(compareExpressions("2/eta", "2 * eta^(-1)", { variables: { eta: [0.01, 1] } }).ok);
  });

  it("names a constant factor and a wrong sign", () => {
    const half = compareExpressions("sqrt(((pi^2/8)^d - 1) / m) / 2", RMSE, VARS);
    assert.ok(!half.ok && /constant factor: it is 0\.5000 times/.test(half.diagnosis!), half.diagnosis!);
    const sign = compareExpressions("-sqrt(((pi^2/8)^d - 1) / m)", RMSE, VARS);
    assert.ok(!sign.ok && /wrong sign/.test(sign.diagnosis!), sign.diagnosis!);
    const eos = compareExpressions("1/eta", "2/eta", { variables: { eta: [0.01, 1] } });
    assert.ok(/constant factor: it is 0\.5000 times/.test(eos.diagnosis!), eos.diagnosis!);
  });

  it("names a wrong power of a variable", () => {
    const noRoot = compareExpressions("sqrt((pi^2/8)^d - 1) / m", RMSE, VARS);
    assert.ok(!noRoot.ok && /power of m is wrong.*m\^-1\/2/.test(noRoot.diagnosis!), noRoot.diagnosis!);
    const rate = compareExpressions("C * d / n", "C * sqrt(d / n)", { variables: { C: [0.5, 2], d: [1, 100], n: [10, 1e4] } });
    assert.ok(/power of d and n is wrong.*d\^1\/2 · n\^-1\/2/.test(rate.diagnosis!), rate.diagnosis!);
  });

  it("names a missing term and an additive constant", () => {
    const missing = compareExpressions("(pi^2/8)^d / m", "((pi^2/8)^d - 1) / m", VARS);
    assert.ok(!missing.ok && /single term .*power of m.*extra or has the wrong coefficient/.test(missing.diagnosis!), missing.diagnosis!);
    const dropped = compareExpressions("x^2", "x^2 + 3*x", { variables: { x: [0.5, 5] } });
    assert.ok(/single term .*power of x.*missing/.test(dropped.diagnosis!), dropped.diagnosis!);
    const shift = compareExpressions("x^2 + 1", "x^2", { variables: { x: [-3, 3] } });
    assert.ok(/additive constant: it is larger than the answer by 1\.000/.test(shift.diagnosis!), shift.diagnosis!);
  });

  it("reports points where the answer is undefined, and otherwise one point where it differs", () => {
    const undef = compareExpressions("1 / (x - x)", "1 / x", { variables: { x: [1, 2] } });
    assert.ok(/not defined at x = .* division by zero/.test(undef.diagnosis!), undef.diagnosis!);
    const other = compareExpressions("sin(x)", "x", { variables: { x: [0.1, 2] } });
    assert.ok(/^at x = .* your formula gives .* the answer is /.test(other.diagnosis!), other.diagnosis!);
    // The hint never quotes the reference formula.
    for (const d of [undef.diagnosis!, other.diagnosis!]) assert.ok(!/1 \/ x|\bx\b\s*$/.test(d));
  });

  it("echoes the answer as LaTeX", () => {
    const v = compareExpressions("sqrt(d)/m", "sqrt(d)/m", { variables: { d: [1, 10], m: [1, 10] } });
    assert.equal(v.tex, "\\frac{\\sqrt{d}}{m}");
    assert.equal(v.text, "sqrt(d) / m");
  });

  it("refuses malformed input by name", () => {
    assert.throws(() => compareExpressions("sqrt((d", "d", { variables: { d: [1, 2] } }), (e: unknown) => e instanceof ValidationError && /answer "sqrt\(\(d" is not a formula mathjs can read: .*char/.test(e.message));
    assert.throws(() => compareExpressions("2*x", "d", { variables: { d: [1, 2] } }), /answer "2\*x" uses "x", which is not a variable of this exercise \(d\)/);
    assert.throws(() => compareExpressions("3 cm", "d", { variables: { d: [1, 2] } }), /uses "cm"/);
    assert.throws(() => compareExpressions("", "d", { variables: { d: [1, 2] } }), /answer must be a formula written as a string/);
    assert.throws(() => compareExpressions("foo(d)", "d", { variables: { d: [1, 2] } }), /answer "foo\(d\)" uses "foo", which is not/);
    assert.throws(() => compareExpressions("sqrt(d, 2)", "d", { variables: { d: [1, 2] } }), (e: unknown) => e instanceof ValidationError && /answer "sqrt\(d, 2\)" cannot be evaluated: /.test(e.message));
    assert.throws(() => compareExpressions(42 as unknown as string, "d", { variables: { d: [1, 2] } }), /answer must be a formula .* got 42/);
    assert.throws(() => compareExpressions("d", "d", { variables: {} }), /at least one variable/);
    assert.throws(() => compareExpressions("d", "d", { variables: { d: [2, 1] } }), /variables\.d must be \[lo, hi\]/);
    assert.throws(() => compareExpressions("d", "d", { variables: { d: { lo: 0, hi: 1, log: true } } }), /log-scale domain needs lo > 0/);
    assert.throws(() => compareExpressions("d", "1/(d-d)", { variables: { d: [1, 2] } }), /reference is not finite at d = /);
    assert.throws(() => compareExpressions("d", "d", { variables: { d: [1, 2] }, seed: "1" as unknown as number }), /seed must be an integer/);
  });

  it("checkExpression records the verdict and throws a CheckError with the hint", () => {
    record("expr.test_marker", 1);
    const before = ledgerSummary();
    checkExpression("symbolic answer, right", "d/2", "d/2", { variables: { d: [1, 9] }, seed: new Rng(3) });
    assert.throws(
      () => checkExpression("symbolic answer, wrong", "d/4", "d/2", { variables: { d: [1, 9] }, hint: "halve the step" }),
      (e: unknown) => e instanceof CheckError && /constant factor: it is 0\.5000 times the answer at every point.*Hint: halve the step/.test(e.message),
    );
    assert.throws(() => checkExpression("symbolic answer, unreadable", "d/", "d/2", { variables: { d: [1, 9] } }), ValidationError);
    assert.equal(ledger()["expr.test_marker"], 1);
    const after = ledgerSummary();
    assert.equal(after.passed - before.passed, 1);
    assert.equal(after.failed - before.failed, 2, "the wrong and the unreadable answer are both recorded as failed");
  });
});

describe("runtime: symbolic answers, structural hints", () => {
  it("names a missing square root, a missing square, an inverted formula and the variable at fault", () => {
    const sq = compareExpressions("((pi^2/8)^d - 1) / m", RMSE, VARS);
    assert.ok(/square of the answer: a square root is missing/.test(sq.diagnosis!), sq.diagnosis!);
    const root = compareExpressions("((pi^2/8)^d - 1)^(1/4) / m^(1/4)", RMSE, VARS);
    assert.ok(/square root of the answer/.test(root.diagnosis!), root.diagnosis!);
    const inv = compareExpressions("sqrt(m / ((pi^2/8)^d - 1))", RMSE, VARS);
    assert.ok(/reciprocal of the answer/.test(inv.diagnosis!), inv.diagnosis!);
    const dPart = compareExpressions("sqrt((pi^2/8)^d) / sqrt(m)", RMSE, VARS);
    assert.ok(/changes with d but not with m: the part that involves d is wrong/.test(dPart.diagnosis!), dPart.diagnosis!);
  });
});
