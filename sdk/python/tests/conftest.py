import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # worker_helpers.py, for the test modules too
# The package beside these tests, also when the venv's editable install points at another checkout
# (a git worktree shares the main checkout's venv).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from worker_helpers import WorkerProcess  # noqa: E402


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(model_dir) -> WorkerProcess:
        worker = WorkerProcess(Path(model_dir), tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        return worker

    yield start
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
            w.proc.wait()
        w.sock.close()


def _onnx_dir(tmp_path_factory, name, graph):
    import onnx

    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 17)])
    model.ir_version = 8  # what every onnxruntime of the last years reads
    onnx.checker.check_model(model)
    path = tmp_path_factory.mktemp(name)
    onnx.save(model, str(path / "model.onnx"))
    return path


@pytest.fixture(scope="module")
def onnx_linear(tmp_path_factory):
    """Y = X @ W + B, a float32 graph with a dynamic batch dimension."""
    from onnx import TensorProto, helper, numpy_helper

    w = np.array([[1.0, -2.0], [0.5, 0.0], [3.0, 1.0]], np.float32)
    b = np.array([0.25, -1.0], np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["X", "W"], ["XW"]), helper.make_node("Add", ["XW", "B"], ["Y"])],
        "linear",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["batch", 3])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["batch", 2])],
        initializer=[numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "B")],
    )
    return _onnx_dir(tmp_path_factory, "onnx-linear", graph), w, b


@pytest.fixture(scope="module")
def onnx_two_outputs(tmp_path_factory):
    """Two named inputs, two outputs, a fixed batch of 2: not batchable."""
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Add", ["A", "B"], ["sum"]), helper.make_node("Mul", ["A", "B"], ["product"])],
        "two",
        [helper.make_tensor_value_info(n, TensorProto.DOUBLE, [2, 2]) for n in ("A", "B")],
        [helper.make_tensor_value_info(n, TensorProto.DOUBLE, [2, 2]) for n in ("sum", "product")],
    )
    return _onnx_dir(tmp_path_factory, "onnx-two", graph)
