"""The committed protocol vectors (vectors/*.bin + *.json) that the C++ side decodes too: they are
what the generator writes today, and each .bin decodes to what its .json says."""

import importlib.util
import json
import struct
from pathlib import Path

import pytest

from cairn.runtime.protocol import decode_message

VECTORS = Path(__file__).parent / "vectors"
_spec = importlib.util.spec_from_file_location("vector_generator", VECTORS / "generate.py")
generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generator)
NAMES = sorted(p.stem for p in VECTORS.glob("*.json"))


def test_committed_vectors_are_current(tmp_path):
    written = generator.write(tmp_path)
    assert sorted(written) == NAMES, "run sdk/python/tests/vectors/generate.py and commit its output"
    for name in written:
        for ext in (".bin", ".json"):
            assert (tmp_path / (name + ext)).read_bytes() == (VECTORS / (name + ext)).read_bytes(), name + ext


@pytest.mark.parametrize("name", NAMES)
def test_vector_decodes_to_its_description(name):
    data = (VECTORS / f"{name}.bin").read_bytes()
    (length,) = struct.unpack_from("<I", data)
    assert length == len(data) - 4
    expected = json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))["message"]
    assert data[4] == expected["type_byte"]
    assert generator.describe(decode_message(data[4:])) == expected


def test_every_message_type_and_dtype_has_a_vector():
    described = [json.loads((VECTORS / f"{n}.json").read_text(encoding="utf-8"))["message"] for n in NAMES]
    assert {m["type_byte"] for m in described} == set(range(1, 8))
    dtypes = {c["dtype"] for m in described if "table" in m for c in m["table"]["columns"]}
    assert dtypes == {"bool", "int32", "int64", "float32", "float64", "string", "binary", "datetime"}
    assert {m["kind"] for m in described if m["type"] == "RESULT"} == {0, 1, 2, 3}
