#!/usr/bin/env python3
"""Peer implementations of the benchmark cases, in numpy and PyTorch (CPU).

Usage: cases.py numpy|torch REPEATS [THREADS]   → prints one JSON object {case: {"median_ms": …, "times_ms": […]}}
THREADS (torch only): torch.set_num_threads; default: torch's own default.
Cases (the same computations as bench/run.ts):
  two-layer step      d = 20, m = 2000, B = 2000, relu, hinge loss, one gradient step
  hvp mlp             tanh MLP 50-64-64-10, square loss, n = 1000, one Hessian-vector product
  gram two-layer      relu two-layer net, d = 20, n = 1000, m = 4000, empirical NTK Gram [n, n]
"""
import json
import statistics
import sys
import time

D, M, B = 20, 2000, 2000
N_GRAM, M_GRAM = 1000, 4000
SIZES_MLP, N_MLP = [50, 64, 64, 10], 1000


def timeit(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": statistics.median(times), "times_ms": times}


def numpy_cases(repeats):
    import numpy as np

    rng = np.random.default_rng(0)
    out = {}
    X = rng.standard_normal((B, D)).astype(np.float32)
    y = np.sign(rng.standard_normal(B)).astype(np.float32)
    W = (rng.standard_normal((D, M)) / np.sqrt(D)).astype(np.float32)
    a = (rng.standard_normal(M) / M).astype(np.float32)
    lr = np.float32(0.1)

    def step():
        nonlocal W, a
        Z = X @ W
        mask = (Z > 0).astype(np.float32)
        H = Z * mask
        f = H @ a / M
        g = np.where(y * f < 1, -y, 0).astype(np.float32) / B  # d loss / d f
        ga = (g @ H) / M
        gW = X.T @ ((g[:, None] * a[None, :]) * mask) / M
        a = a - lr * ga
        W = W - lr * gW

    out["two-layer step"] = timeit(step, repeats)

    Xg = rng.standard_normal((N_GRAM, D)).astype(np.float32)
    Wg = (rng.standard_normal((D, M_GRAM)) / np.sqrt(D)).astype(np.float32)
    ag = rng.standard_normal(M_GRAM).astype(np.float32)
    c = np.float32(1 / np.sqrt(M_GRAM))

    def gram():
        Z = Xg @ Wg
        S = (Z > 0).astype(np.float32)
        H = Z * S
        K_outer = H @ H.T
        Sa = S * np.abs(ag)[None, :]
        K_inner = (Xg @ Xg.T) * (Sa @ Sa.T)
        return (K_outer + K_inner) * c * c

    out["gram two-layer"] = timeit(gram, repeats)
    return out


def torch_cases(repeats, threads=None):
    import torch

    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    out = {}
    X = torch.randn(B, D)
    y = torch.sign(torch.randn(B))
    W = (torch.randn(D, M) / D ** 0.5).requires_grad_()
    a = (torch.randn(M) / M).requires_grad_()
    lr = 0.1

    def step():
        f = torch.relu(X @ W) @ a / M
        loss = torch.clamp(1 - y * f, min=0).mean()
        gW, ga = torch.autograd.grad(loss, [W, a])
        with torch.no_grad():
            W.sub_(lr * gW)
            a.sub_(lr * ga)

    out["two-layer step"] = timeit(step, repeats)

    Xm = torch.randn(N_MLP, SIZES_MLP[0])
    Ym = torch.randn(N_MLP, SIZES_MLP[-1])
    params = []
    for i in range(len(SIZES_MLP) - 1):
        params.append((torch.randn(SIZES_MLP[i], SIZES_MLP[i + 1]) / SIZES_MLP[i] ** 0.5).requires_grad_())
        params.append(torch.zeros(SIZES_MLP[i + 1]).requires_grad_())
    v = [torch.randn_like(p) for p in params]

    def hvp():
        h = Xm
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i + 2 < len(params):
                h = torch.tanh(h)
        loss = 0.5 * ((h - Ym) ** 2).sum(dim=1).mean()
        grads = torch.autograd.grad(loss, params, create_graph=True)
        dot = sum((g * vi).sum() for g, vi in zip(grads, v))
        return torch.autograd.grad(dot, params)

    out["hvp mlp"] = timeit(hvp, repeats)

    Xg = torch.randn(N_GRAM, D)
    Wg = torch.randn(D, M_GRAM) / D ** 0.5
    ag = torch.randn(M_GRAM)
    c = 1 / M_GRAM ** 0.5

    def gram():
        with torch.no_grad():
            Z = Xg @ Wg
            S = (Z > 0).float()
            H = Z * S
            Sa = S * ag.abs()
            return (H @ H.T + (Xg @ Xg.T) * (Sa @ Sa.T)) * c * c

    out["gram two-layer"] = timeit(gram, repeats)
    out["_threads"] = torch.get_num_threads()
    out["_version"] = torch.__version__
    return out


if __name__ == "__main__":
    which, repeats = sys.argv[1], int(sys.argv[2])
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else None
    res = numpy_cases(repeats) if which == "numpy" else torch_cases(repeats, threads)
    if which == "numpy":
        import numpy

        res["_version"] = numpy.__version__
    print(json.dumps(res))
