#!/usr/bin/python3
"""Optuna's multi-objective samplers on ZDT1-3 and DTLZ2: the peer of `MetaOpt.Bench multi-objective`.

Setup (Debian): apt-get install -y python3-optuna python3-scipy
Usage: /usr/bin/python3 optuna_mo_peer.py --problems zdt1,zdt2,zdt3,dtlz2 --samplers nsga2,motpe --seeds 10 --trials 300

Each line: {"peer":"optuna","problem","sampler","seed","trials","hv":{"100":..,"300":..},"suggest_ms_total"}.
Hypervolume is of the complete trials' values against the reference point below, divided by the true front's;
the table gives the gap 1 - HV/HV*, the normalised distance to the true front's hypervolume (smaller is better).
The problems are defined in docs/samplers.md (multi-objective); the two sides must agree on them.
"""
import argparse, json, math, statistics, sys, time
import numpy as np
import optuna
from optuna._hypervolume import WFG

optuna.logging.set_verbosity(optuna.logging.WARNING)

def zdt(kind, x):
    n = len(x)
    f1 = x[0]
    g = 1 + 9 * sum(x[1:]) / (n - 1)
    if kind == 1: h = 1 - math.sqrt(f1 / g)
    elif kind == 2: h = 1 - (f1 / g) ** 2
    else: h = 1 - math.sqrt(f1 / g) - (f1 / g) * math.sin(10 * math.pi * f1)
    return [f1, g * h]

def dtlz2(x, m=3):
    g = sum((xi - 0.5) ** 2 for xi in x[m - 1:])
    f = []
    for i in range(m):
        v = 1 + g
        for xj in x[: m - 1 - i]: v *= math.cos(xj * math.pi / 2)
        if i > 0: v *= math.sin(x[m - 1 - i] * math.pi / 2)
        f.append(v)
    return f

def zdt3_front_hv(ref):
    # ZDT3's front: the non-dominated part of f2 = 1 - sqrt(f1) - f1 sin(10 pi f1), f1 in [0, 1], on a fine grid.
    f1 = np.linspace(0, 1, 200001)
    f2 = 1 - np.sqrt(f1) - f1 * np.sin(10 * np.pi * f1)
    keep = f2 <= np.minimum.accumulate(f2)
    return WFG().compute(np.stack([f1[keep], f2[keep]], axis=1), np.array(ref))

# Reference points as BoTorch's test problems set them: ZDT (11, 11), so the first generations already count, DTLZ2 1.1.
REF2, REF3 = [11.0, 11.0], [1.1, 1.1, 1.1]
PROBLEMS = {
    "zdt1": (10, lambda x: zdt(1, x), REF2, 11 * 11 - 1 + 2 / 3),
    "zdt2": (10, lambda x: zdt(2, x), REF2, 11 * 11 - 1 + 1 / 3),
    "zdt3": (10, lambda x: zdt(3, x), REF2, None),
    "dtlz2": (7, dtlz2, REF3, 1.1 ** 3 - math.pi / 6),
}

def make_sampler(name, seed):
    s = optuna.samplers
    return {"nsga2": lambda: s.NSGAIISampler(seed=seed),
            "motpe": lambda: s.MOTPESampler(seed=seed),
            "tpe": lambda: s.TPESampler(seed=seed),
            "random": lambda: s.RandomSampler(seed=seed)}[name]()

def hypervolume(values, ref):
    pts = np.array([v for v in values if all(a < b for a, b in zip(v, ref))])
    return 0.0 if len(pts) == 0 else WFG().compute(pts, np.array(ref))

def run(problem, sampler, seed, trials, checkpoints):
    dims, f, ref, true_hv = PROBLEMS[problem]
    study = optuna.create_study(directions=["minimize"] * len(ref), sampler=make_sampler(sampler, seed))
    values, hv, ask_s = [], {}, 0.0
    for t in range(1, trials + 1):
        t0 = time.perf_counter()
        trial = study.ask()
        x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(dims)]
        ask_s += time.perf_counter() - t0
        v = f(x)
        study.tell(trial, v)
        values.append(v)
        if t in checkpoints: hv[str(t)] = hypervolume(values, ref) / true_hv
    return {"peer": "optuna", "version": optuna.__version__, "problem": problem, "sampler": sampler, "seed": seed,
            "trials": trials, "hv": hv, "suggest_ms_total": ask_s * 1000}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--problems", default="zdt1,zdt2,zdt3,dtlz2")
    ap.add_argument("--samplers", default="nsga2,motpe")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--trials", type=int, default=300)
    a = ap.parse_args()
    z3 = PROBLEMS["zdt3"]
    PROBLEMS["zdt3"] = (z3[0], z3[1], z3[2], zdt3_front_hv(z3[2]))
    checkpoints = {k for k in (100, 300) if k <= a.trials} | {a.trials}
    rows = []
    for p in a.problems.split(","):
        for s in a.samplers.split(","):
            for seed in range(a.seeds):
                r = run(p, s, seed, a.trials, checkpoints)
                rows.append(r)
                print(json.dumps(r), flush=True)
    cps = sorted(checkpoints)
    print(f"{'problem':8} {'sampler':8} " + " ".join(f"{'gap@' + str(c):>9}" for c in cps) + f" {'ms/ask':>8}", file=sys.stderr)
    for p in a.problems.split(","):
        for s in a.samplers.split(","):
            rs = [r for r in rows if r["problem"] == p and r["sampler"] == s]
            med = [statistics.median(1 - r["hv"][str(c)] for r in rs) for c in cps]
            ms = statistics.median(r["suggest_ms_total"] / r["trials"] for r in rs)
            print(f"{p:8} {s:8} " + " ".join(f"{m:9.3g}" for m in med) + f" {ms:8.2f}", file=sys.stderr)

if __name__ == "__main__":
    main()
