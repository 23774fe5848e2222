"""Loading a model directory into something with `predict(data, params=None)`.

An MLflow model (a directory with an `MLmodel` file) loads through `mlflow.pyfunc.load_model`,
exactly as `mlflow models serve` loads it. A raw `.onnx` file uploaded without an MLmodel runs on
onnxruntime behind `OnnxModel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# Flavors whose predict takes one conversation or document rather than rows of a table: their
# answers do not split by rows, so the gateway must not batch requests together for them.
UNBATCHABLE_FLAVORS = frozenset({"langchain", "openai", "llama_index", "dspy", "promptflow"})


@dataclass
class LoadedModel:
    model: Any  # has predict(data, params=None)
    flavor: str
    batchable: bool


def load(model_dir: str | Path) -> LoadedModel:
    model_dir = Path(model_dir)
    if (model_dir / "MLmodel").is_file():
        import mlflow.pyfunc

        model = mlflow.pyfunc.load_model(str(model_dir))
        flavors = [f for f in model.metadata.flavors if f != "python_function"]
        flavor = flavors[0] if flavors else "python_function"
        return LoadedModel(model, flavor, flavor not in UNBATCHABLE_FLAVORS)
    onnx_files = sorted(model_dir.glob("*.onnx"))
    if len(onnx_files) == 1:
        model = OnnxModel(onnx_files[0])
        return LoadedModel(model, "onnx", model.batchable)
    if onnx_files:
        raise ValueError(f"{len(onnx_files)} .onnx files in {model_dir}: which one is the model is ambiguous")
    raise FileNotFoundError(f"no MLmodel file and no .onnx file in {model_dir}")


# onnxruntime's type names for the inputs it can be fed from a table.
_ONNX_TYPES = {
    "tensor(float)": np.float32,
    "tensor(double)": np.float64,
    "tensor(float16)": np.float16,
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
    "tensor(int16)": np.int16,
    "tensor(int8)": np.int8,
    "tensor(uint8)": np.uint8,
    "tensor(bool)": np.bool_,
    "tensor(string)": object,
}


class OnnxModel:
    """A raw ONNX graph on onnxruntime's CPU provider.

    Inputs: an ndarray feeds the graph's only input; a dict feeds inputs by name; a DataFrame
    feeds inputs by column name, or, for a single-input graph whose input is not a column, the
    whole frame as a matrix. Each is cast to the input's declared element type (JSON numbers
    arrive as float64; a graph usually wants float32).
    Outputs: one output -> its ndarray; several -> a dict of name -> ndarray (rendered as JSON).
    """

    def __init__(self, path: str | Path):
        import onnxruntime

        self.session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        self.inputs = self.session.get_inputs()
        self.outputs = self.session.get_outputs()
        # A graph whose batch dimension is a fixed number cannot take several requests at once.
        self.batchable = all(not i.shape or not isinstance(i.shape[0], int) for i in self.inputs)

    def _cast(self, name: str, value) -> np.ndarray:
        spec = next((i for i in self.inputs if i.name == name), None)
        if spec is None:
            raise KeyError(f"the ONNX graph has no input {name!r}; its inputs: {[i.name for i in self.inputs]}")
        value = np.asarray(value)
        if value.dtype == object and value.ndim == 1 and len(value) and isinstance(value[0], np.ndarray):
            value = np.stack(value)  # a DataFrame column of arrays
        return value.astype(_ONNX_TYPES.get(spec.type, value.dtype), copy=False)

    def _feeds(self, data) -> dict[str, np.ndarray]:
        names = [i.name for i in self.inputs]
        if isinstance(data, dict):
            return {k: self._cast(k, v) for k, v in data.items()}
        if isinstance(data, pd.DataFrame):
            if set(names) <= set(map(str, data.columns)):
                return {n: self._cast(n, data[n].to_numpy()) for n in names}
            data = data.to_numpy()
        if len(names) != 1:
            raise ValueError(f"the ONNX graph has {len(names)} inputs {names}: send them by name")
        return {names[0]: self._cast(names[0], data)}

    def predict(self, data, params: dict | None = None):
        outputs = self.session.run(None, self._feeds(data))
        if len(outputs) == 1:
            return outputs[0]
        return {o.name: v for o, v in zip(self.outputs, outputs)}
