"""The worker end to end: a real child process on a real socketpair, real models saved with
mlflow (and a raw ONNX graph), answers compared with the model's own predict."""

import json
import math
import signal
import textwrap

import mlflow
import numpy as np
import pandas as pd
import pytest
from mlflow.models import infer_signature

from cairn.runtime.protocol import Column, DType, Error, Failed, Pong, Ready, Result, ResultKind, Table, TableKind, frame
from worker_helpers import dataframe_table, tensor_table


# ---- models -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sklearn_model(tmp_path_factory):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(300, 4)), columns=["a", "b", "c", "d"])
    y = np.where(X.a + 0.5 * X.b - X.c > 0, "yes", "no")
    pipe = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    path = tmp_path_factory.mktemp("models") / "sklearn"
    mlflow.sklearn.save_model(pipe, str(path), signature=infer_signature(X, pipe.predict(X)))
    return path, pipe, X


def _save_from_code(tmp_path_factory, name, code, **kwargs):
    """A pyfunc model from code (MLflow's models-from-code): no pickled class to import."""
    base = tmp_path_factory.mktemp(name)
    script = base / f"{name}.py"
    script.write_text(textwrap.dedent(code))
    path = base / "model"
    mlflow.pyfunc.save_model(str(path), python_model=str(script), **kwargs)
    return path


@pytest.fixture(scope="module")
def dataframe_model(tmp_path_factory):
    code = """
        import mlflow
        import pandas as pd

        class Doubler(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input, params=None):
                if (model_input["x"] < 0).any():
                    raise ValueError("negative x is not allowed")
                scale = (params or {}).get("scale", 1.0)
                return pd.DataFrame({
                    "double": model_input["x"] * 2 * scale,
                    "label": ["big" if v > 10 else "small" for v in model_input["x"]],
                })

        mlflow.models.set_model(Doubler())
    """
    example = pd.DataFrame({"x": [1.0, 20.0]})
    output = pd.DataFrame({"double": [2.0, 40.0], "label": ["small", "big"]})
    signature = infer_signature(example, output, params={"scale": 1.0})
    return _save_from_code(tmp_path_factory, "doubler", code, signature=signature)


@pytest.fixture(scope="module")
def dict_model(tmp_path_factory):
    # No signature: MLflow passes the input through untouched, so the model sees exactly what
    # the worker built from the table.
    code = """
        import mlflow
        import numpy as np
        import pandas as pd

        class Describe(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input, params=None):
                if isinstance(model_input, dict):
                    return {k: {"dtype": str(v.dtype), "shape": list(v.shape), "sum": np.asarray(v, float).sum()}
                            for k, v in model_input.items()}
                return {"type": type(model_input).__name__, "shape": np.array(np.shape(model_input)),
                        "sum": np.float32(np.asarray(model_input, float).sum())}

        mlflow.models.set_model(Describe())
    """
    return _save_from_code(tmp_path_factory, "describe", code)


# ---- tests ------------------------------------------------------------------------------------


def test_sklearn_pipeline_answers_equal_its_own_predict(start_worker, sklearn_model):
    path, pipe, X = sklearn_model
    worker = start_worker(path)
    assert isinstance(worker.hello, Ready), worker.log()
    assert worker.hello.info["flavor"] == "sklearn" and worker.hello.info["batchable"] is True
    assert worker.hello.info["pid"] == worker.proc.pid and worker.hello.info["mlflow"] == mlflow.__version__
    batch = X.iloc[:50]
    result = worker.predict(dataframe_table(batch), id_=41)
    assert isinstance(result, Result) and result.id == 41 and result.kind == ResultKind.NDARRAY
    column = result.table.columns[0]
    assert column.dtype == DType.STRING and result.table.rows == 50
    np.testing.assert_array_equal(column.values, pipe.predict(batch))
    assert set(column.values) == {"yes", "no"}  # both classes occur: the comparison means something
    # MLflow's own loaded model (what `mlflow models serve` calls) gives the same answer.
    np.testing.assert_array_equal(column.values, mlflow.pyfunc.load_model(str(path)).predict(batch))
    assert worker.close() == 0


def test_dataframe_model_with_params_then_error_then_recovers(start_worker, dataframe_model):
    worker = start_worker(dataframe_model)
    assert isinstance(worker.hello, Ready), worker.log()
    assert worker.hello.info["flavor"] == "python_function"
    good = pd.DataFrame({"x": [1.0, 11.0, 5.0]})
    result = worker.predict(dataframe_table(good), params={"scale": 10.0}, id_=1)
    assert result.kind == ResultKind.DATAFRAME, result
    assert [c.name for c in result.table.columns] == ["double", "label"]
    np.testing.assert_array_equal(result.table.columns[0].values, [20.0, 220.0, 100.0])
    np.testing.assert_array_equal(result.table.columns[1].values, ["small", "big", "small"])

    error = worker.predict(dataframe_table(pd.DataFrame({"x": [3.0, -1.0]})), id_=2)
    assert isinstance(error, Error) and error.id == 2
    assert "negative x is not allowed" in error.message and error.message.split(":")[0].endswith("Error")

    again = worker.predict(dataframe_table(good), id_=3)
    assert again.id == 3 and again.kind == ResultKind.DATAFRAME
    np.testing.assert_array_equal(again.table.columns[0].values, [2.0, 22.0, 10.0])
    assert worker.proc.poll() is None
    # The failure is logged by type only: a model's message may quote its input.
    assert "predict 2 failed: ValueError" in worker.log() and "negative x" not in worker.log()
    assert worker.close() == 0


def test_dict_answer_and_tensor_inputs(start_worker, dict_model):
    worker = start_worker(dict_model)
    assert isinstance(worker.hello, Ready), worker.log()
    result = worker.predict(tensor_table(np.arange(6.0).reshape(3, 2)))
    assert (result.kind, result.rows) == (ResultKind.JSON, -1)
    assert json.loads(result.json) == {"type": "ndarray", "shape": [3, 2], "sum": 15.0}

    named = Table(TableKind.TENSORS, 2, [
        Column("a", DType.INT32, np.array([[1, 2], [3, 4]], np.int32)),
        Column("b", DType.FLOAT32, np.array([0.5, np.nan], np.float32), np.array([True, False])),
    ])
    result = worker.predict(named)
    answer = json.loads(result.json)
    assert answer["a"] == {"dtype": "int32", "shape": [2, 2], "sum": 10.0}
    # The missing row reaches the model as NaN (and its sum renders as NaN, as MLflow's would).
    assert answer["b"]["dtype"] == "float32" and answer["b"]["shape"] == [2] and math.isnan(answer["b"]["sum"])
    frame = worker.predict(dataframe_table(pd.DataFrame({"p": [1.0, 2.0], "q": [3, 4]})))
    assert json.loads(frame.json) == {"type": "DataFrame", "shape": [2, 2], "sum": 10.0}
    assert worker.close() == 0


def test_missing_module_fails_with_its_name_and_exit_code_1(start_worker, tmp_path):
    model = tmp_path / "missing"
    model.mkdir()
    (model / "MLmodel").write_text(textwrap.dedent("""\
        flavors:
          python_function:
            loader_module: cairn_missing_flavor_module
            python_version: 3.11.7
        mlflow_version: 3.17.2
    """))
    worker = start_worker(model)
    assert isinstance(worker.hello, Failed), worker.hello
    assert worker.hello.error == "ModuleNotFoundError: No module named 'cairn_missing_flavor_module'"
    assert "Traceback" in worker.hello.traceback and "import_module" in worker.hello.traceback
    assert worker.proc.wait(timeout=30) == 1
    assert "ModuleNotFoundError" in worker.log()


def test_lightgbm_model_without_lightgbm_installed(start_worker, tmp_path):
    pytest.importorskip("mlflow.lightgbm")
    try:
        import lightgbm  # noqa: F401
        pytest.skip("lightgbm is installed here")
    except ImportError:
        pass
    model = tmp_path / "lgb"
    model.mkdir()
    (model / "MLmodel").write_text(textwrap.dedent("""\
        flavors:
          lightgbm:
            data: model.lgb
            model_class: lightgbm.basic.Booster
          python_function:
            loader_module: mlflow.lightgbm
            data: model.lgb
    """))
    (model / "model.lgb").write_text("tree\n")
    worker = start_worker(model)
    assert isinstance(worker.hello, Failed)
    assert worker.hello.error == "ModuleNotFoundError: No module named 'lightgbm'"
    assert worker.proc.wait(timeout=30) == 1


def test_no_model_in_directory_fails(start_worker, tmp_path):
    worker = start_worker(tmp_path)
    assert isinstance(worker.hello, Failed) and worker.hello.error.startswith("FileNotFoundError: no MLmodel")
    assert worker.proc.wait(timeout=30) == 1


def test_raw_onnx_graph_runs_on_onnxruntime(start_worker, onnx_linear):
    path, w, b = onnx_linear
    worker = start_worker(path)
    assert isinstance(worker.hello, Ready), worker.log()
    assert worker.hello.info["flavor"] == "onnx" and worker.hello.info["batchable"] is True
    x = np.random.default_rng(1).normal(size=(5, 3))  # float64, as JSON numbers arrive
    result = worker.predict(tensor_table(x))
    assert result.kind == ResultKind.NDARRAY and result.table.columns[0].dtype == DType.FLOAT32
    np.testing.assert_allclose(result.table.columns[0].values, x.astype(np.float32) @ w + b, rtol=1e-6)
    # A DataFrame whose columns are not the graph's input feeds the single input as a matrix.
    df = worker.predict(dataframe_table(pd.DataFrame(x, columns=["f0", "f1", "f2"])))
    np.testing.assert_allclose(df.table.columns[0].values, x.astype(np.float32) @ w + b, rtol=1e-6)
    wrong = worker.predict(tensor_table(np.ones((2, 4))))
    assert isinstance(wrong, Error) and wrong.message.startswith("InvalidArgument: ")
    assert worker.ping().id == 7
    assert worker.close() == 0


def test_onnx_graph_with_several_outputs_answers_a_dict(start_worker, onnx_two_outputs):
    worker = start_worker(onnx_two_outputs)
    assert isinstance(worker.hello, Ready), worker.log()
    assert worker.hello.info["batchable"] is False  # its batch dimension is fixed at 2
    a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[10.0, 20.0], [30.0, 40.0]])
    table = Table(TableKind.TENSORS, 2, [Column("A", DType.FLOAT64, a), Column("B", DType.FLOAT64, b)])
    result = worker.predict(table)
    # Named outputs with a row each per input row travel as named tensors (Open Inference outputs).
    assert (result.kind, result.table.rows) == (ResultKind.TENSORS, 2)
    assert [c.name for c in result.table.columns] == ["sum", "product"]
    np.testing.assert_array_equal(result.table.columns[0].values, a + b)
    np.testing.assert_array_equal(result.table.columns[1].values, a * b)
    assert worker.close() == 0


def test_ping_pong_and_end_of_stream_exits_0(start_worker, dict_model):
    worker = start_worker(dict_model)
    assert isinstance(worker.hello, Ready)
    for i in (1, 2**64 - 1):
        assert worker.ping(i) == Pong(i)
    assert worker.close() == 0
    assert "socket closed by the gateway" in worker.log()


def test_sigterm_stops_the_worker_promptly(start_worker, dict_model):
    worker = start_worker(dict_model)
    assert isinstance(worker.hello, Ready)
    worker.proc.send_signal(signal.SIGTERM)
    assert worker.proc.wait(timeout=10) == -signal.SIGTERM


def test_a_frame_that_breaks_the_layout_stops_the_worker_with_code_2(start_worker, dict_model):
    worker = start_worker(dict_model)
    assert isinstance(worker.hello, Ready)
    worker.sock.sendall(frame(b"\x63" + bytes(8)))  # message type 99
    assert worker.proc.wait(timeout=30) == 2
    assert "protocol error" in worker.log()
