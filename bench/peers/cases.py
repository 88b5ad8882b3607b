#!/usr/bin/env python3
"""Peer implementations of the benchmark cases, in numpy and PyTorch (CPU).

Usage: cases.py numpy|torch REPEATS THREADS BUDGET_S LANCZOS_STEPS (MLT_BENCH_ONLY: a subset of the cases)
Prints one JSON object {"results": {case: [times in ms]}, "info": {...}}: the timed runs of each case
and what the peer is (library versions, BLAS implementation and its thread count, as threadpoolctl
reports them, else numpy.show_config / torch.__config__). THREADS is imposed through the
environment (OMP/OPENBLAS/MKL_NUM_THREADS, set by bench/run.ts), torch.set_num_threads and
threadpoolctl; the counts reported are those in effect after that.
Each case: one warm-up, then up to REPEATS timed runs (at least min(5, REPEATS)), stopping once the
case has spent BUDGET_S seconds: the same rule as bench/run.ts.
Cases (the same computations as bench/run.ts):
  two-layer step        d = 20, m = 2000, B = 2000, relu, hinge loss, one gradient step (numpy, torch)
  hvp mlp               tanh MLP 50-64-64-10, square loss, n = 1000, one Hessian-vector product by
                        autograd: forward, gradient with create_graph, second backward (torch)
  hvp mlp closed-form   the same product with the gradient's graph built once and differentiated again
                        per product (retain_graph): the per-product cost inside Lanczos (torch)
  sharpness mlp         the same network: gradient graph built once, then LANCZOS_STEPS Lanczos steps
                        (full reorthogonalisation in float64) and the top Ritz value (torch)
  dsm step              score network 4-64-64-1 (tanh), batch 512: draw (x0, t, z), the features of
                        notebook 06, σ²-weighted DSM loss, one Adam step (torch)
  gram two-layer        relu two-layer net, d = 20, n = 1000, m = 4000, empirical NTK Gram [n, n]
"""
import contextlib
import io
import json
import os
import platform
import re
import sys
import time

D, M, B = 20, 2000, 2000
N_GRAM, M_GRAM = 1000, 4000
SIZES_MLP, N_MLP = [50, 64, 64, 10], 1000
DSM_WIDTH, DSM_BATCH, DSM_N, DSM_T, DSM_TMIN = 64, 512, 1000, 5.0, 1e-3


def timeit(fn, repeats, budget_s):
    fn()  # warm-up
    times, spent = [], 0.0
    min_runs = min(5, repeats)
    while len(times) < repeats and (len(times) < min_runs or spent < budget_s * 1000):
        t0 = time.perf_counter()
        fn()
        dt = (time.perf_counter() - t0) * 1000
        times.append(dt)
        spent += dt
    return times


ONLY = {k.strip() for k in os.environ.get("MLT_BENCH_ONLY", "").split(",") if k.strip()}


def measure(out, key, fn, repeats, budget_s):
    """Times fn into out[key], unless MLT_BENCH_ONLY names other cases only (the autodiff sharpness
    case of bench/run.ts is compared with this file's "sharpness mlp")."""
    if ONLY and key not in ONLY and not (key == "sharpness mlp" and "sharpness mlp autodiff" in ONLY):
        return
    out[key] = timeit(fn, repeats, budget_s)


def mapped_blas():
    """Real paths of the BLAS/LAPACK libraries mapped into this process (catches reference BLAS,
    which threadpoolctl does not list)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                p = line.split()[-1]
                name = os.path.basename(p)
                if p.startswith("/") and any(s in name for s in ("blas", "lapack", "mkl", "blis")):
                    libs.add(os.path.realpath(p))
    except OSError:
        pass
    return sorted(libs)


def blas_kind(paths, pools):
    for p in pools:
        if p.get("user_api") == "blas":
            return f"{p.get('internal_api')} {p.get('version') or ''} ({p.get('threading_layer') or '?'} threading, threads: {p.get('num_threads')})".replace("  ", " ")
    for p in paths:
        if "openblas" in p:
            try:  # OpenBLAS reports its own thread count
                import ctypes

                threads = ctypes.CDLL(p).openblas_get_num_threads()
            except (OSError, AttributeError):
                threads = "?"
            return f"OpenBLAS ({p}, threads: {threads})"
        if "mkl" in p:
            return f"MKL ({p})"
        if "blis" in p:
            return f"BLIS ({p})"
        if "/blas/libblas" in p:
            return f"reference BLAS, unoptimised, one thread ({p}): install OpenBLAS (Debian: libopenblas0-pthread)"
    return "unknown"


def info(which, threads):
    out = {"python": platform.python_version(), "threads_requested": threads}
    try:
        import threadpoolctl

        pools = [
            {k: p.get(k) for k in ("user_api", "internal_api", "version", "threading_layer", "architecture", "num_threads", "filepath")}
            for p in threadpoolctl.threadpool_info()
        ]
        out["threadpoolctl"] = threadpoolctl.__version__
        out["threadpools"] = pools
    except ImportError:
        pools = []
        out["threadpoolctl"] = None
    paths = mapped_blas()
    out["blas_libraries"] = paths
    out["blas"] = blas_kind(paths, pools)
    import numpy

    out["numpy"] = numpy.__version__
    if out["threadpoolctl"] is None:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            numpy.show_config()
        out["numpy_config"] = buf.getvalue()
    if which == "torch":
        import torch

        out["torch"] = torch.__version__
        out["torch_threads"] = torch.get_num_threads()
        out["torch_interop_threads"] = torch.get_num_interop_threads()
        out["torch_parallel_info"] = torch.__config__.parallel_info()
        cfg = torch.__config__.show()
        blas_info = re.findall(r"(?:BLAS_INFO|LAPACK_INFO|USE_MKLDNN|USE_OPENMP)=\w+", cfg)
        out["torch_build"] = blas_info
        out["summary"] = f"PyTorch {torch.__version__} (numpy {numpy.__version__}), BLAS: {out['blas']}, torch threads {out['torch_threads']}, {', '.join(blas_info)}"
    else:
        out["summary"] = f"numpy {numpy.__version__}, BLAS: {out['blas']}"
    return out


def limit_threads(threads):
    try:
        import threadpoolctl

        return threadpoolctl.threadpool_limits(threads)
    except ImportError:
        return contextlib.nullcontext()


def numpy_cases(repeats, budget):
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

    measure(out, "two-layer step", step, repeats, budget)

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

    measure(out, "gram two-layer", gram, repeats, budget)
    return out


def torch_cases(repeats, threads, budget, lanczos_steps):
    import torch

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

    measure(out, "two-layer step", step, repeats, budget)

    Xm = torch.randn(N_MLP, SIZES_MLP[0])
    Ym = torch.randn(N_MLP, SIZES_MLP[-1])
    params = []
    for i in range(len(SIZES_MLP) - 1):
        params.append((torch.randn(SIZES_MLP[i], SIZES_MLP[i + 1]) / SIZES_MLP[i] ** 0.5).requires_grad_())
        params.append(torch.zeros(SIZES_MLP[i + 1]).requires_grad_())
    v = [torch.randn_like(p) for p in params]

    def mlp_loss():
        h = Xm
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i + 2 < len(params):
                h = torch.tanh(h)
        return 0.5 * ((h - Ym) ** 2).sum(dim=1).mean()

    def hvp():
        grads = torch.autograd.grad(mlp_loss(), params, create_graph=True)
        dot = sum((g * vi).sum() for g, vi in zip(grads, v))
        return torch.autograd.grad(dot, params)

    measure(out, "hvp mlp", hvp, repeats, budget)

    grads = torch.autograd.grad(mlp_loss(), params, create_graph=True)

    def hvp_cached(vs):
        dot = sum((g * vi).sum() for g, vi in zip(grads, vs))
        return torch.autograd.grad(dot, params, retain_graph=True)

    measure(out, "hvp mlp closed-form", lambda: hvp_cached(v), repeats, budget)
    del grads

    if lanczos_steps > 0:
        shapes = [p.shape for p in params]
        sizes = [p.numel() for p in params]
        P = sum(sizes)

        def sharp():
            g = torch.autograd.grad(mlp_loss(), params, create_graph=True)

            def mv(x):
                vs = [t.view(s).float() for t, s in zip(torch.split(x, sizes), shapes)]
                dot = sum((gi * vi).sum() for gi, vi in zip(g, vs))
                return torch.cat([h.reshape(-1) for h in torch.autograd.grad(dot, params, retain_graph=True)]).double()

            k = min(lanczos_steps, P)
            Q = torch.zeros(k + 1, P, dtype=torch.float64)
            q = torch.randn(P, dtype=torch.float64)
            Q[0] = q / q.norm()
            alpha, beta = [], []
            for j in range(k):
                w = mv(Q[j])
                alpha.append(float(w @ Q[j]))
                w -= Q[: j + 1].T @ (Q[: j + 1] @ w)  # full reorthogonalisation
                w -= Q[: j + 1].T @ (Q[: j + 1] @ w)
                b = float(w.norm())
                beta.append(b)
                Q[j + 1] = w / b
            T = torch.diag(torch.tensor(alpha, dtype=torch.float64))
            off = torch.tensor(beta[:-1], dtype=torch.float64)
            T += torch.diag(off, 1) + torch.diag(off, -1)
            return float(torch.linalg.eigvalsh(T)[-1])

        measure(out, "sharpness mlp", sharp, repeats, budget)

    # Notebook 06's score network: features (x̃, σ_t, ln t / 4, ε_G), ε̂ = ε_G + MLP, loss E‖ε̂ − z‖².
    X0 = torch.randn(DSM_N, 1, dtype=torch.float64)
    mean, var = X0.mean(0), X0.var()
    sizes_dsm = [4, DSM_WIDTH, DSM_WIDTH, 1]
    net = torch.nn.Sequential(
        torch.nn.Linear(sizes_dsm[0], sizes_dsm[1]), torch.nn.Tanh(),
        torch.nn.Linear(sizes_dsm[1], sizes_dsm[2]), torch.nn.Tanh(),
        torch.nn.Linear(sizes_dsm[2], sizes_dsm[3]),
    )
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)

    def dsm_step():
        i = torch.randint(DSM_N, (DSM_BATCH,))
        t = DSM_TMIN * (DSM_T / DSM_TMIN) ** torch.rand(DSM_BATCH, 1, dtype=torch.float64)
        z = torch.randn(DSM_BATCH, 1, dtype=torch.float64)
        al = torch.exp(-t)
        s = torch.sqrt(-torch.expm1(-2 * t))
        xt = al * X0[i] + s * z
        vt = al * al * var + s * s
        u = xt - al * mean
        feats = torch.cat([u / vt.sqrt(), s, torch.log(t) / 4, s * u / vt], dim=1).float()
        eps = net(feats) + feats[:, 3:4]
        loss = ((eps - z.float()) ** 2).sum(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    measure(out, "dsm step", dsm_step, repeats, budget)

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

    measure(out, "gram two-layer", gram, repeats, budget)
    return out


if __name__ == "__main__":
    which, repeats, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    budget = float(sys.argv[4]) if len(sys.argv) > 4 else 8.0
    lanczos_steps = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    if which == "torch":
        import torch  # noqa: F401  (loaded before the limits so that its pools are seen)
    import numpy  # noqa: F401
    with limit_threads(threads):
        if which == "numpy":
            res = numpy_cases(repeats, budget)
        else:
            res = torch_cases(repeats, threads, budget, lanczos_steps)
        meta = info(which, threads)
    print(json.dumps({"results": res, "info": meta}))
