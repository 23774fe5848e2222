"""Data drift at scale: Cairn (`cairn drift`, the monitor's own path: a reference profile built once,
the current window streamed into a profile, drift between the two) against Evidently's
DataDriftPreset and against scipy per column, on the same generated data. Not a test: it reports.

    .venv/bin/python bench/drift.py --sizes 100000x20,1000000x50,10000000x50

Data: 80 % numeric columns (normal; every fifth one shifted in the current window), 20 %
categorical (8 labels; every fifth one re-weighted), reference and current of the same size.
Each peer runs in its own process (Evidently from its own venv, EVIDENTLY_PYTHON, default
/tmp/bench-venvs/evidently/bin/python: `python3 -m venv /tmp/bench-venvs/evidently &&
/tmp/bench-venvs/evidently/bin/pip install evidently "pandas<3"`) with wall time and peak memory
(ru_maxrss). Evidently is skipped above --evidently-max-rows (it holds everything in pandas).
Scores are compared per column: Cairn's against Evidently's (the same tests and defaults), with the
largest difference and whether the verdicts agree."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench_support import BINARY

EVIDENTLY_PYTHON = os.environ.get("EVIDENTLY_PYTHON", "/tmp/bench-venvs/evidently/bin/python")

# Runs in Evidently's venv: loads the .npy columns into pandas, runs DataDriftPreset with its
# defaults, prints per-column scores and the time of the report alone.
EVIDENTLY_SCRIPT = r"""
import json, sys, time, resource
from pathlib import Path
import numpy as np, pandas as pd
from evidently.legacy.report import Report
from evidently.legacy.metric_preset import DataDriftPreset
from evidently.legacy.pipeline.column_mapping import ColumnMapping

def load(d):
    cols = {}
    for p in sorted(Path(d).glob("*.npy")):
        name = p.name[:-len(".cat.npy")] if p.name.endswith(".cat.npy") else p.stem
        v = np.load(p)
        cols[name] = (pd.Series(v).map(lambda c: f"c{c}") if p.name.endswith(".cat.npy") else v)
    return pd.DataFrame(cols)

ref, cur = load(sys.argv[1]), load(sys.argv[2])
cats = [p.name[:-len(".cat.npy")] for p in Path(sys.argv[1]).glob("*.cat.npy")]
mapping = ColumnMapping(numerical_features=[c for c in ref.columns if c not in cats], categorical_features=cats)
t = time.perf_counter()
report = Report(metrics=[DataDriftPreset()])
report.run(reference_data=ref, current_data=cur, column_mapping=mapping)
result = report.as_dict()
seconds = time.perf_counter() - t
table = next(m["result"] for m in result["metrics"] if "drift_by_columns" in m["result"])
out = {c: {"score": v["drift_score"], "method": v["stattest_name"], "drifted": v["drift_detected"]}
       for c, v in table["drift_by_columns"].items()}
print(json.dumps({"seconds": seconds, "features": out,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(rows: int, columns: int, folder: Path, seed: int) -> None:
    """Reference in folder/ref, current in folder/cur."""
    rng = np.random.default_rng(seed)
    categorical = max(1, columns // 5)
    numeric = columns - categorical
    weights = np.array([0.3, 0.2, 0.15, 0.1, 0.1, 0.06, 0.05, 0.04])
    shifted = weights[::-1].copy()
    for side in ("ref", "cur"):
        (folder / side).mkdir(parents=True, exist_ok=True)
        for i in range(numeric):
            shift = 0.5 if side == "cur" and i % 5 == 0 else 0.0
            np.save(folder / side / f"n{i:02d}.npy", rng.normal(loc=shift, size=rows))
        for i in range(categorical):
            p = shifted if side == "cur" and i % 5 == 0 else weights
            np.save(folder / side / f"c{i:02d}.cat.npy", rng.choice(8, size=rows, p=p).astype(np.int32))


def run_measured(cmd: list[str]) -> tuple[dict, float, float]:
    """Runs `cmd`, parses its last stdout line as JSON; wall seconds and the largest peak RSS (MB) of
    any child so far (each peer also reports its own peak, which the report uses)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {done.stderr[-2000:]}")
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return json.loads(done.stdout.strip().splitlines()[-1]), wall, peak


def scipy_per_column(folder: Path) -> float:
    """Evidently's large-sample tests (normed Wasserstein; Jensen-Shannon on value counts) with
    scipy, column by column: the floor a hand-rolled pipeline would reach."""
    from scipy.spatial.distance import jensenshannon
    from scipy.stats import wasserstein_distance

    started = time.perf_counter()
    for p in sorted((folder / "ref").glob("*.npy")):
        ref, cur = np.load(p), np.load(folder / "cur" / p.name)
        if p.name.endswith(".cat.npy"):
            r, c = np.bincount(ref, minlength=8) / len(ref), np.bincount(cur, minlength=8) / len(cur)
            jensenshannon(r, c)
        else:
            wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000x20,1000000x50,10000000x50")
    ap.add_argument("--evidently-max-rows", type=int, default=1_000_000)
    ap.add_argument("--scipy-max-rows", type=int, default=10_000_000)
    args = ap.parse_args()
    have_evidently = Path(EVIDENTLY_PYTHON).exists()
    print(f"cairn: {BINARY}; evidently: {EVIDENTLY_PYTHON if have_evidently else 'not installed'}")
    for size in args.sizes.split(","):
        rows, columns = (int(x) for x in size.split("x"))
        with tempfile.TemporaryDirectory(prefix="cairn-drift-") as tmp:
            folder = Path(tmp)
            generate(rows, columns, folder, seed=rows + columns)
            cairn, cairn_wall, _ = run_measured([str(BINARY), "drift", "--reference", str(folder / "ref"),
                                                 "--current", str(folder / "cur")])
            cairn_peak = cairn["peak_rss_mb"]
            line = (f"{rows:>10,} x {columns:<3} cairn {cairn_wall:7.2f} s {cairn_peak:7.0f} MB"
                    f" (ingest {cairn['ingest_values_per_second'] / 1e6:.1f} M values/s per core)")
            drifted = sorted(f["feature"] for f in cairn["features"] if f["drifted"])
            if rows <= args.scipy_max_rows:
                line += f" | scipy per column {scipy_per_column(folder):7.2f} s"
            if have_evidently and rows <= args.evidently_max_rows:
                script = folder / "evidently_run.py"
                script.write_text(EVIDENTLY_SCRIPT)
                ev, ev_wall, _ = run_measured([EVIDENTLY_PYTHON, str(script), str(folder / "ref"), str(folder / "cur")])
                ev_peak = ev["peak_rss_mb"]
                ours = {f["feature"]: f for f in cairn["features"]}
                diffs = [abs(ours[c]["score"] - v["score"]) for c, v in ev["features"].items() if c in ours]
                agree = all(ours[c]["drifted"] == v["drifted"] for c, v in ev["features"].items() if c in ours)
                line += (f" | evidently {ev_wall:7.2f} s {ev_peak:7.0f} MB (report alone {ev['seconds']:.2f} s)"
                         f" | {ev_wall / cairn_wall:6.1f}x faster, max |score diff| {max(diffs):.2e},"
                         f" verdicts {'agree' if agree else 'DIFFER'}")
            elif rows > args.evidently_max_rows:
                line += " | evidently skipped (holds everything in pandas)"
            print(line, flush=True)
            print(f"{'':16} drifted: {', '.join(drifted)}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
