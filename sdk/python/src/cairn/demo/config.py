"""What the demo creates (names) and how fast its traffic runs (the schedule)."""

from __future__ import annotations

from dataclasses import dataclass

ORG = "demo"
# The public demo account of `cairn serve --demo` (server/src/app/demo_account.hpp; also in the README).
DEMO_EMAIL = "demo@cairn.local"
DEMO_PASSWORD = "cairn-demo"
KEY_NAME = "demo-seeder"
KEY_SCOPES = ("read", "write", "deploy", "predict", "monitor")

RUNS_PER_EXPERIMENT = 20
VERSIONS_PER_MODEL = 3


@dataclass(frozen=True)
class Experiment:
    project: str
    name: str
    dataset: str  # a loader of sklearn.datasets: iris, wine, breast_cancer, diabetes
    model: str  # the registered model its best runs become


@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    name: str
    description: str


PROJECTS = (
    ProjectSpec(
        "classification", "Classification", "Species, cultivars and tumours: classifiers on sklearn's datasets."
    ),
    ProjectSpec("regression", "Regression", "Disease progression: regressors on sklearn's diabetes dataset."),
)
EXPERIMENTS = (
    Experiment("classification", "iris-species", "iris", "iris-classifier"),
    Experiment("classification", "wine-cultivar", "wine", "wine-classifier"),
    Experiment("classification", "breast-cancer", "breast_cancer", "breast-cancer-classifier"),
    Experiment("regression", "diabetes-progression", "diabetes", "diabetes-regressor"),
)
# The deployed model: the iris classifier's champion, in the classification project.
DEPLOYMENT = "iris-api"
DEPLOYED = EXPERIMENTS[0]
ALERT_RULE = "iris-api drift"


@dataclass(frozen=True)
class Schedule:
    """The traffic loop: a batch every ``interval`` seconds; drift from ``drift_after`` seconds on;
    it stops after ``duration`` seconds (0: until interrupted or the server goes away)."""

    interval: float = 1.0
    drift_after: float = 120.0
    duration: float = 0.0
    rule_interval_seconds: int = 15
