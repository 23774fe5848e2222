"""scikit-learn's bundled datasets as DataFrames (they ship inside the package: nothing is downloaded)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sklearn import datasets as sk
from sklearn.model_selection import train_test_split

LOADERS = {
    "iris": sk.load_iris,
    "wine": sk.load_wine,
    "breast_cancer": sk.load_breast_cancer,
    "diabetes": sk.load_diabetes,
}
CLASSIFICATION = {"iris", "wine", "breast_cancer"}


@dataclass(frozen=True)
class Dataset:
    name: str
    frame: pd.DataFrame  # features and a "target" column
    x_train: pd.DataFrame
    x_test: pd.DataFrame
    y_train: pd.Series
    y_test: pd.Series

    @property
    def classification(self) -> bool:
        return self.name in CLASSIFICATION


def load(name: str) -> Dataset:
    bunch = LOADERS[name](as_frame=True)
    frame: pd.DataFrame = bunch.frame
    x = frame.drop(columns=["target"]).astype("float64")
    y = frame["target"]
    stratify = y if name in CLASSIFICATION else None
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=7, stratify=stratify)
    return Dataset(name, frame, x_train, x_test, y_train, y_test)
