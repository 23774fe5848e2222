"""Generated traffic for the deployment: rows resampled from the dataset with a little noise, then,
after ``drift_after`` seconds, with three of the four features shifted by a few standard deviations
(a drift the monitor sees and the alert rule fires on). Runs until its duration is over, or until
the server has been unreachable for a while (`make run` stopped it)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from ..client import Cairn
from ..errors import APIConnectionError, AuthenticationError, CairnError
from .config import DEPLOYED, DEPLOYMENT, Schedule

ROWS_PER_BATCH = 8
DRIFTED = ("sepal length (cm)", "petal length (cm)", "petal width (cm)")
SHIFT_STDS = 3.0
GIVE_UP_AFTER = 30.0  # seconds without an answer from the server


def batch(features: pd.DataFrame, rng: np.random.Generator, drifted: bool) -> pd.DataFrame:
    rows = features.sample(ROWS_PER_BATCH, replace=True, random_state=rng).reset_index(drop=True)
    std = features.std()
    rows = rows + rng.normal(scale=0.05, size=rows.shape) * std.values
    if drifted:
        for column in DRIFTED:
            rows[column] = rows[column] + SHIFT_STDS * std[column]
    return rows.round(3)


def run(client: Cairn, features: pd.DataFrame, schedule: Schedule, log: Any) -> int:
    """Sends batches until done; returns how many were answered."""
    rng = np.random.default_rng(11)
    started = time.monotonic()
    last_answer = started
    answered = 0
    drifting = False
    log(f"traffic: a batch of {ROWS_PER_BATCH} rows every {schedule.interval:g}s to {DEPLOYMENT}, "
        f"drift from {schedule.drift_after:g}s on" + (f", for {schedule.duration:g}s" if schedule.duration else ""))
    while True:
        elapsed = time.monotonic() - started
        if schedule.duration and elapsed >= schedule.duration:
            break
        if not drifting and elapsed >= schedule.drift_after:
            drifting = True
            log(f"traffic: drift injected ({', '.join(DRIFTED)} shifted by {SHIFT_STDS:g} std)")
        try:
            client.deployments.predict(DEPLOYMENT, data=batch(features, rng, drifting), project=DEPLOYED.project)
            answered += 1
            last_answer = time.monotonic()
        except APIConnectionError:
            if time.monotonic() - last_answer > GIVE_UP_AFTER:
                log("traffic: the server is gone, stopping")
                break
        except AuthenticationError:
            log("traffic: the key was revoked, stopping")
            break
        except CairnError as exc:  # a restarting worker, a rate limit: keep going
            last_answer = time.monotonic()
            if answered == 0:
                log(f"traffic: {exc}")
        time.sleep(schedule.interval)
    log(f"traffic: {answered} batches answered")
    return answered
