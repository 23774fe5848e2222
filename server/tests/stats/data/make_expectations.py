"""Expected values for server/tests/stats/drift_tests_test.cpp and ks_test.cpp.

Regenerate with any Python that has numpy, scipy and pandas (the repository's .venv does):

    python server/tests/stats/data/make_expectations.py > server/tests/stats/data/drift_expectations.json

With evidently installed, `--check-evidently` compares the restated formulas with Evidently's own stat tests.

The samples are not stored: both this script and the C++ test draw them from the same arithmetic-only generator
(splitmix64 -> uniform doubles; "normal" is the Irwin-Hall sum of 12 uniforms minus 6), so every value is
bit-identical on both sides. Expected values come from SciPy (ks_2samp, chisquare, wasserstein_distance,
jensenshannon, entropy, kstwo) and from Evidently's stat tests as written in
src/evidently/legacy/calculations/stattests/ (get_binned_data, psi, kl_div, hellinger, z, chisquare, default
choice), re-stated below line by line because evidently itself is not a dependency.
"""

import json
import math
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)


def draw(recipe):
    """One sample as the C++ test draws it (see generate() in drift_tests_test.cpp)."""
    g = SplitMix64(recipe["seed"])
    n, kind = recipe["n"], recipe["dist"]
    loc, scale, k = recipe.get("loc", 0.0), recipe.get("scale", 1.0), recipe.get("k", 2)
    nan_every = recipe.get("nan_every", 0)
    out = []
    for i in range(n):
        if kind == "normal":
            s = 0.0
            for _ in range(12):
                s += g.uniform()
            v = loc + scale * (s - 6.0)
        elif kind == "uniform":
            v = loc + scale * g.uniform()
        elif kind == "int":
            v = loc + float(math.floor(g.uniform() * k))
        elif kind == "cat":
            u = g.uniform()
            v = "c" + str(int(math.floor(u * u * k)))
        elif kind == "binary":
            v = "yes" if g.uniform() < recipe.get("p", 0.5) else "no"
        else:
            raise ValueError(kind)
        if nan_every and i % nan_every == nan_every - 1:
            v = None
        out.append(v)
    return out


# ---- Evidently's stat tests, restated from the mirror ----

def get_binned_data(reference, current, numeric, feel_zeroes):
    n_vals = reference.nunique()
    if numeric and n_vals > 20:
        combined = np.asarray(pd.concat([reference, current], axis=0).values)
        bins = np.histogram_bin_edges(combined, bins="sturges")
        ref = np.histogram(reference, bins)[0] / len(reference)
        cur = np.histogram(current, bins)[0] / len(current)
    else:
        keys = list(set(reference.dropna().unique()) | set(current.dropna().unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(reference.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(current.value_counts())}
        ref = np.array([rd[key] / len(reference) for key in keys])
        cur = np.array([cd[key] / len(current) for key in keys])
    if feel_zeroes:
        for arr in (ref, cur):
            m = min(arr[arr != 0])
            np.place(arr, arr == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return ref, cur


def chi_p(reference, current):
    keys = list(set(reference.dropna().unique()) | set(current.dropna().unique()))
    rd = {**dict.fromkeys(keys, 0), **dict(reference.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(current.value_counts())}
    k_norm = current.shape[0] / reference.shape[0]
    return stats.chisquare([cd[k] for k in keys], [rd[k] * k_norm for k in keys])


def z_p(reference, current):
    if reference.nunique() == 1 and current.nunique() == 1 and reference.unique()[0] == current.unique()[0]:
        return 1.0
    keys = sorted(set(reference.dropna().unique()) | set(current.dropna().unique()))
    r = reference.apply(lambda x: 0 if x == keys[0] else 1)
    c = current.apply(lambda x: 0 if x == keys[0] else 1)
    n1, n2 = len(r), len(c)
    p1, p2 = float(sum(r)) / n1, float(sum(c)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return 2 * (1 - stats.norm.cdf(np.abs(z)))


def hellinger(reference, current, numeric):
    keys = list(set(reference.unique()) | set(current.unique()))
    if not numeric:
        ref = (reference.value_counts() / len(reference)).to_dict()
        cur = (current.value_counts() / len(current)).to_dict()
        h = sum(math.sqrt(float(ref.get(k, 0)) * float(cur.get(k, 0))) for k in keys)
    else:
        bins = np.histogram_bin_edges(keys, bins="sturges")
        h1 = np.histogram(reference.to_numpy(), bins=bins, density=True)[0]
        h2 = np.histogram(current.to_numpy(), bins=bins, density=True)[0]
        width = (max(bins) - min(bins)) / (len(bins) - 1)
        h = sum(math.sqrt(float(a) * float(b)) * width for a, b in zip(h1, h2))
    return math.sqrt(1 - float(np.clip(h, 0, 1)))


def default_method(reference, current, numeric):
    n_values = pd.concat([reference, current]).nunique()
    if reference.shape[0] <= 1000:
        if numeric and n_values > 5:
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if numeric and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


def all_methods(reference, current, numeric):
    out = {}
    if numeric:
        ks = stats.ks_2samp(reference, current)
        out["ks"] = {"statistic": float(ks.statistic), "p_value": float(ks.pvalue)}
        norm = max(float(np.std(reference)), 0.001)
        out["wasserstein"] = float(stats.wasserstein_distance(reference, current) / norm)
    if not numeric or reference.nunique() <= 20:
        chi = chi_p(reference, current)
        # JSON has no infinity: a category the reference never saw makes the statistic "inf".
        statistic = float(chi.statistic)
        out["chisquare"] = {"statistic": statistic if math.isfinite(statistic) else "inf", "p_value": float(chi.pvalue)}
        out["z"] = float(z_p(reference, current))
    r, c = get_binned_data(reference, current, numeric, False)
    out["jensenshannon"] = float(distance.jensenshannon(r, c))
    out["tvd"] = float(0.5 * np.sum(np.abs(r / r.sum() - c / c.sum())))
    r, c = get_binned_data(reference, current, numeric, True)
    out["psi"] = float(np.sum((r - c) * np.log(r / c)))
    out["kl_div"] = float(stats.entropy(r, c))
    out["hellinger"] = hellinger(reference.copy(), current.copy(), numeric)
    return out


def series(values):
    s = pd.Series(values, dtype="object" if values and isinstance(next((v for v in values if v is not None), 0.0), str) else "float64")
    return s.replace([-np.inf, np.inf], np.nan).dropna()


CASES = [
    ("normal_shift_small", True, {"dist": "normal", "n": 200, "seed": 1}, {"dist": "normal", "n": 150, "seed": 2, "loc": 0.3}),
    ("normal_same_equal_sizes", True, {"dist": "normal", "n": 300, "seed": 3}, {"dist": "normal", "n": 300, "seed": 4}),
    ("normal_with_missing", True, {"dist": "normal", "n": 400, "seed": 5, "nan_every": 7}, {"dist": "normal", "n": 350, "seed": 6, "scale": 1.4, "nan_every": 5}),
    ("uniform_large_reference", True, {"dist": "uniform", "n": 5000, "seed": 7, "scale": 10.0}, {"dist": "uniform", "n": 3000, "seed": 8, "loc": 0.5, "scale": 10.0}),
    ("ks_asymptotic_large", True, {"dist": "normal", "n": 20000, "seed": 9}, {"dist": "normal", "n": 15000, "seed": 10, "loc": 0.02}),
    ("ks_asymptotic_small_window", True, {"dist": "normal", "n": 12000, "seed": 11}, {"dist": "normal", "n": 80, "seed": 12, "loc": 0.1}),
    ("ks_asymptotic_tiny_window", True, {"dist": "normal", "n": 12000, "seed": 13}, {"dist": "normal", "n": 40, "seed": 14, "loc": 0.9}),
    ("ties_discrete_numeric", True, {"dist": "int", "n": 500, "seed": 15, "k": 12}, {"dist": "int", "n": 400, "seed": 16, "k": 13}),
    ("few_values_numeric", True, {"dist": "int", "n": 600, "seed": 17, "k": 4}, {"dist": "int", "n": 500, "seed": 18, "k": 4}),
    ("binary_numeric", True, {"dist": "int", "n": 800, "seed": 19, "k": 2}, {"dist": "int", "n": 700, "seed": 20, "k": 2}),
    ("categorical_small", False, {"dist": "cat", "n": 700, "seed": 21, "k": 8}, {"dist": "cat", "n": 600, "seed": 22, "k": 9}),
    ("categorical_large", False, {"dist": "cat", "n": 4000, "seed": 23, "k": 30, "nan_every": 11}, {"dist": "cat", "n": 2500, "seed": 24, "k": 30}),
    ("binary_categorical", False, {"dist": "binary", "n": 900, "seed": 25, "p": 0.3}, {"dist": "binary", "n": 800, "seed": 26, "p": 0.36}),
    ("large_discrete_numeric", True, {"dist": "int", "n": 3000, "seed": 27, "k": 5}, {"dist": "int", "n": 2000, "seed": 28, "k": 5, "loc": 0.0}),
]

# kstwo.sf(d, n) on every branch of scipy's _kolmogn (Ruben-Gambino, Durbin, Pomeranz, Smirnov, Pelz-Good).
KSTWO_POINTS = [(5, 0.15), (5, 0.9), (10, 0.12), (20, 0.1), (20, 0.18), (20, 0.3), (50, 0.25), (100, 0.06),
                (100, 0.15), (140, 0.2), (141, 0.005), (500, 0.01), (500, 0.05), (500, 0.08), (5000, 0.01),
                (5000, 0.03), (120000, 0.002), (120000, 0.004), (300, 0.6), (1000, 0.0009)]
SMIRNOV_POINTS = [(5, 0.3), (50, 0.1), (400, 0.07), (3000, 0.03), (10, 0.95)]
# ks_2samp's p-value for a statistic and sample sizes, exact and asymptotic paths.
KS_P_POINTS = [(0.1, 100, 100), (0.05, 1000, 1000), (0.2, 37, 53), (0.013, 9000, 10000), (0.02, 10001, 7000),
               (0.3, 10500, 25), (0.6, 8, 9), (0.004, 10000, 9999)]


def main():
    np.seterr(divide="ignore")
    cases = []
    for name, numeric, ref_recipe, cur_recipe in CASES:
        ref, cur = series(draw(ref_recipe)), series(draw(cur_recipe))
        cases.append({
            "name": name,
            "numeric": numeric,
            "reference": ref_recipe,
            "current": cur_recipe,
            "default_method": default_method(ref, cur, numeric),
            "distinct": int(pd.concat([ref, cur]).nunique()),
            "expected": all_methods(ref, cur, numeric),
        })
    out = {
        "cases": cases,
        "kstwo_sf": [{"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))} for n, d in KSTWO_POINTS],
        "smirnov": [{"n": n, "d": d, "sf": float(__import__("scipy.special").special.smirnov(n, d))} for n, d in SMIRNOV_POINTS],
        "ks_p": [],
    }
    import scipy.stats._stats_py as sp
    for d, n1, n2 in KS_P_POINTS:
        # ks_2samp's own selection, applied to a given d: the exact count or kstwo at round(n1 n2 / (n1 + n2)).
        g = math.gcd(n1, n2)
        if max(n1, n2) <= 10000:
            ok, dd, p = sp._attempt_exact_2kssamp(n1, n2, g, d, "two-sided")
        else:
            ok = False
        if not ok:
            m, n = sorted([float(n1), float(n2)], reverse=True)
            dd, p = d, stats.kstwo.sf(d, np.round(m * n / (m + n)))
        out["ks_p"].append({"d": d, "n1": n1, "n2": n2, "statistic": float(dd), "p_value": float(np.clip(p, 0, 1))})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")




def check_against_evidently():
    """With evidently installed (`pip install evidently`), compares the restated formulas with Evidently's own stat
    tests on every case and prints the largest relative difference. Not needed to regenerate the expectations."""
    from evidently.legacy.calculations.stattests import registry
    from evidently.legacy.core import ColumnType

    worst = 0.0
    for name, numeric, ref_recipe, cur_recipe in CASES:
        ref, cur = series(draw(ref_recipe)), series(draw(cur_recipe))
        kind = ColumnType.Numerical if numeric else ColumnType.Categorical
        ours = all_methods(ref, cur, numeric)
        chosen = registry.get_stattest(ref, cur, kind, None)
        assert chosen.name == default_method(ref, cur, numeric), (name, chosen.name)
        for method, expected in ours.items():
            if method == "tvd":
                continue  # Evidently's TVD is a permutation p-value; Cairn reports the distance (see the docs)
            test = registry.get_registered_stattest(method, kind if method not in ("chisquare", "z") else ColumnType.Categorical)
            score = test(ref.copy(), cur.copy(), kind, None).drift_score
            value = expected["p_value"] if isinstance(expected, dict) else expected
            diff = abs(score - value) / max(abs(value), 1e-12)
            worst = max(worst, diff if abs(score - value) > 1e-15 else 0.0)
            if diff > 1e-9 and abs(score - value) > 1e-12:
                print(f"{name} {method}: evidently {score!r} ours {value!r}", file=sys.stderr)
    print(f"largest relative difference to Evidently: {worst:.3g}", file=sys.stderr)


if __name__ == "__main__":
    if "--check-evidently" in sys.argv:
        check_against_evidently()
    else:
        main()
