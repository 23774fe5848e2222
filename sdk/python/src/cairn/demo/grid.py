"""The 20 candidate models of an experiment: three families over a small hyperparameter grid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

_STRENGTHS = (0.01, 0.1, 1.0, 10.0, 100.0)
_FORESTS = [(n, d) for n in (10, 25, 50) for d in (2, 4, None)]
_NEIGHBOURS = (1, 3, 5, 9, 15, 25)


def candidates(classification: bool) -> Iterator[tuple[dict[str, Any], Any]]:
    """(params to log, an unfitted estimator), 5 + 9 + 6 = 20 of them, always in the same order."""
    for c in _STRENGTHS:
        linear = LogisticRegression(C=c, max_iter=2000) if classification else Ridge(alpha=c)
        yield {"family": "linear", "C" if classification else "alpha": c}, make_pipeline(StandardScaler(), linear)
    for n, depth in _FORESTS:
        cls = RandomForestClassifier if classification else RandomForestRegressor
        yield {"family": "random_forest", "n_estimators": n, "max_depth": depth}, cls(
            n_estimators=n, max_depth=depth, random_state=0, n_jobs=1
        )
    for k in _NEIGHBOURS:
        knn = KNeighborsClassifier(n_neighbors=k) if classification else KNeighborsRegressor(n_neighbors=k)
        yield {"family": "knn", "n_neighbors": k}, make_pipeline(StandardScaler(), knn)
