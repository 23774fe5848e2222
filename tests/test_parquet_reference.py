"""A monitor's reference data sent as a Parquet file (issue 11): the server reads it itself.

Files are written by pyarrow with each codec, dictionary on and off, data pages v1 and v2, nulls
and several row groups; the reference they make must equal the one made from the same rows sent
as CSV (the summary and the drift report's reference histograms). Bad files answer 4xx naming the
problem and leave the previous reference as it was.
"""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers import expect_error, expect_json, project_path

PARQUET = "application/vnd.apache.parquet"
ROWS = 1200


@pytest.fixture(scope="module")
def pq_server(server_factory, backend):
    return server_factory.start(backend, name=f"parquet-{backend}")


@pytest.fixture
def owner(cairn_on, pq_server):
    mon = cairn_on(pq_server)
    user = mon.signup()
    org = mon.make_org(user)
    project = mon.make_project(user, org)
    return mon, user, project_path(org, project)


def training_table(rows: int = ROWS, seed: int = 3) -> pa.Table:
    """Every physical type the reader keeps, nulls in three columns, and a prediction."""
    rng = np.random.default_rng(seed)
    def with_nulls(values, every):
        return [None if i % every == 0 else v for i, v in enumerate(values)]
    return pa.table({
        "i32": pa.array(rng.integers(-50, 50, rows), type=pa.int32()),
        "i64": pa.array(rng.integers(0, 10**12, rows), type=pa.int64()),
        "f32": pa.array(rng.normal(size=rows).astype(np.float32), type=pa.float32()),
        "f64": pa.array(with_nulls(rng.normal(3, 2, rows).tolist(), 7), type=pa.float64()),
        "flag": pa.array(with_nulls((rng.random(rows) < 0.3).tolist(), 11), type=pa.bool_()),
        "color": pa.array(with_nulls(rng.choice(["red", "green", "blue", "gris clair é"], rows).tolist(), 5),
                          type=pa.string()),
        "prediction": pa.array(rng.random(rows), type=pa.float64()),
    })


def as_csv(table: pa.Table) -> str:
    """The same rows as CSV the way the server reads CSV: empty cells are missing, booleans are
    the labels true/false, a float32 is written as the double it is."""
    columns = table.column_names
    lines = [",".join(columns)]
    data = {c: table.column(c).to_pylist() for c in columns}
    for i in range(table.num_rows):
        cells = []
        for c in columns:
            v = data[c][i]
            if v is None:
                cells.append("")
            elif isinstance(v, bool):
                cells.append("true" if v else "false")
            elif isinstance(v, float):
                cells.append(repr(v))
            else:
                cells.append(str(v))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def parquet_bytes(table: pa.Table, **options) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **options)
    return sink.getvalue()


def put_reference(user, base, monitor, body: bytes | str, content_type: str):
    return user.client.put(f"{base}/monitors/{monitor}/reference", content=body,
                           headers={"content-type": content_type})


def reference_view(user, base, monitor) -> dict:
    """What a reference is, seen from outside: its summary's rows and feature kinds, and the
    drift report's bins and reference histogram of each feature."""
    monitor_view = expect_json(user.client.get(f"{base}/monitors/{monitor}"))
    drift = expect_json(user.client.get(f"{base}/monitors/{monitor}/drift"))
    summary = monitor_view["reference"]
    return {
        "rows": summary["rows"],
        "features": summary["features"],
        "reference_rows": drift["reference_rows"],
        "histograms": {f["feature"]: (f["bins"], f["reference_histogram"]) for f in drift["features"]},
    }


@pytest.fixture
def csv_view(owner):
    """The reference made from the CSV of training_table(), in a monitor of its own."""
    _, user, base = owner
    expect_json(user.client.post(f"{base}/monitors", json={"name": "from-csv"}), 201)
    summary = expect_json(put_reference(user, base, "from-csv", as_csv(training_table()), "text/csv"))
    assert summary["source"] == "csv" and summary["rows"] == ROWS
    view = reference_view(user, base, "from-csv")
    # The comparison below means something only if every column became a feature of its kind.
    assert view["features"] == {"color": "categorical", "f32": "numeric", "f64": "numeric", "flag": "categorical",
                                "i32": "numeric", "i64": "numeric", "prediction": "numeric"}, view["features"]
    assert view["histograms"]["color"][1] and view["histograms"]["f64"][1]
    return view


@pytest.mark.parametrize("codec", ["NONE", "SNAPPY", "GZIP", "ZSTD"])
@pytest.mark.parametrize("dictionary", [True, False], ids=["dict", "plain"])
@pytest.mark.parametrize("page_version", ["1.0", "2.0"], ids=["v1", "v2"])
def test_a_parquet_reference_equals_the_same_rows_as_csv(owner, csv_view, codec, dictionary, page_version):
    _, user, base = owner
    expect_json(user.client.post(f"{base}/monitors", json={"name": "from-parquet"}), 201)
    # 300-row groups and small pages: several row groups, several pages per chunk.
    body = parquet_bytes(training_table(), compression=codec, use_dictionary=dictionary,
                         data_page_version=page_version, row_group_size=300, data_page_size=2048)
    assert pq.ParquetFile(io.BytesIO(body)).metadata.num_row_groups == 4
    summary = expect_json(put_reference(user, base, "from-parquet", body, PARQUET))
    assert summary["source"] == "parquet" and summary["rows"] == ROWS, summary
    assert reference_view(user, base, "from-parquet") == csv_view


@pytest.mark.parametrize("encodings", [
    {"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED", "color": "DELTA_BYTE_ARRAY"},
    {"color": "DELTA_LENGTH_BYTE_ARRAY", "f32": "BYTE_STREAM_SPLIT", "f64": "BYTE_STREAM_SPLIT"},
], ids=["delta", "split"])
def test_delta_and_byte_stream_split_encodings_read_the_same(owner, csv_view, encodings):
    _, user, base = owner
    expect_json(user.client.post(f"{base}/monitors", json={"name": "encoded"}), 201)
    body = parquet_bytes(training_table(), use_dictionary=False, column_encoding=encodings,
                         data_page_version="2.0", row_group_size=500)
    # The file really uses the encodings named (pyarrow could fall back silently).
    meta = pq.ParquetFile(io.BytesIO(body)).metadata
    used = {meta.row_group(0).column(i).path_in_schema: meta.row_group(0).column(i).encodings
            for i in range(meta.num_columns)}
    for column, encoding in encodings.items():
        assert encoding in used[column], used
    # The older media type is accepted too.
    expect_json(put_reference(user, base, "encoded", body, "application/x-parquet"))
    assert reference_view(user, base, "encoded") == csv_view


def test_bad_files_are_refused_naming_the_problem_and_keep_the_reference(owner):
    mon, user, base = owner
    expect_json(user.client.post(f"{base}/monitors", json={"name": "kept"}), 201)
    good = parquet_bytes(training_table(300))
    first = expect_json(put_reference(user, base, "kept", good, PARQUET))

    def refused(body, status, **expected):
        return expect_error(put_reference(user, base, "kept", body, PARQUET), status, **expected)

    refused(good[: len(good) // 2], 400, message_contains="Parquet")
    refused(good[:-1], 400, message_contains="PAR1")
    refused(b"PAR1" + b"\x00" * 100 + b"PAR1", 400, message_contains="Parquet")
    refused(b"id,a\n1,2\n", 400, message_contains="Parquet")
    refused(b"", 400)
    # A Parquet file sent as something else is recognized and the right type named.
    expect_error(put_reference(user, base, "kept", good, "application/octet-stream"), 400,
                 message_contains="application/vnd.apache.parquet")
    # A footer whose length field points before the start of the file.
    refused(good[:-8] + (2**31).to_bytes(4, "little") + b"PAR1", 400, message_contains="footer")
    # Nested and repeated columns are named.
    nested = pa.table({"a": [1.0, 2.0], "point": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]})
    refused(parquet_bytes(nested), 422, field="point", message_contains="nested columns are not supported")
    listed = pa.table({"tags": [[1, 2], [3]], "a": [1.0, 2.0]})
    refused(parquet_bytes(listed), 422, field="tags", message_contains="nested columns are not supported")
    # Codecs the server lacks are named.
    for codec, name in [("LZ4", "LZ4"), ("BROTLI", "BROTLI")]:
        refused(parquet_bytes(training_table(50), compression=codec), 422, message_contains=name)
    # Types it does not read are named with their column.
    fixed = pa.table({"a": [1.0, 2.0], "money": pa.array([1, 2], type=pa.decimal128(30, 2))})
    refused(parquet_bytes(fixed), 422, field="money", message_contains="FIXED_LEN_BYTE_ARRAY")
    # The CSV path's row cap holds for Parquet too.
    refused(parquet_bytes(pa.table({"a": np.zeros(10_001)})), 422, field="records", message_contains="10000")
    refused(parquet_bytes(pa.table({"a": pa.array([], type=pa.float64())})), 422, field="records")
    # Infinities are refused as in CSV; NaN is missing.
    refused(parquet_bytes(pa.table({"a": [1.0, float("inf")]})), 422, message_contains="finite")
    # Finite values whose variance overflows would make a profile no later read accepts.
    refused(parquet_bytes(pa.table({"a": [1e300, -1e300, 1.0]})), 422, field="a", message_contains="too large")
    # Nothing refused touched the reference.
    assert expect_json(user.client.get(f"{base}/monitors/kept"))["reference"] == first
    # Another organization's monitor is not found, whatever the body.
    stranger = mon.signup()
    expect_error(put_reference(stranger, base, "kept", good, PARQUET), 404)


def test_nan_is_missing_and_dates_and_timestamps_read_as_numbers(owner):
    _, user, base = owner
    expect_json(user.client.post(f"{base}/monitors", json={"name": "kinds"}), 201)
    table = pa.table({
        "a": [1.0, float("nan"), 3.0],
        "day": pa.array([19000, 19001, None], type=pa.date32()),
        "small": pa.array([1, 2, 3], type=pa.int8()),
        "unsigned": pa.array([2**32 - 1, 0, 1], type=pa.uint32()),
        "price": pa.array([1, 2, 3], type=pa.decimal128(9, 2)),
        "name": pa.array(["x", "y", None], type=pa.large_string()),
    })
    body = parquet_bytes(table, store_decimal_as_integer=True)
    summary = expect_json(put_reference(user, base, "kinds", body, PARQUET))
    assert summary["rows"] == 3
    assert summary["features"] == {"a": "numeric", "day": "numeric", "small": "numeric", "unsigned": "numeric",
                                   "price": "numeric", "name": "categorical"}, summary


@pytest.mark.parametrize("options", [{"compression": "SNAPPY"}, {"compression": "ZSTD", "data_page_version": "2.0"},
                                     {"compression": "GZIP", "use_dictionary": False}], ids=["snappy", "zstd-v2", "gzip"])
def test_damaged_files_are_answered_never_crash_the_server(owner, options):
    """Seeded random damage to real files (1-4 bytes each, 250 files): every answer is 200 or a 4xx
    in the error shape, and the server keeps answering."""
    _, user, base = owner
    expect_json(user.client.post(f"{base}/monitors", json={"name": "fuzzed"}), 201)
    good = bytearray(parquet_bytes(training_table(60), row_group_size=25, **options))
    rng = np.random.default_rng(11)
    statuses: dict[int, int] = {}
    for _ in range(250):
        bad = bytearray(good)
        for _ in range(int(rng.integers(1, 5))):
            bad[int(rng.integers(0, len(bad)))] = int(rng.integers(0, 256))
        resp = put_reference(user, base, "fuzzed", bytes(bad), PARQUET)
        statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
        if resp.status_code != 200:
            expect_error(resp, resp.status_code)
            assert resp.status_code in (400, 413, 422), resp.text
    assert sum(n for s, n in statuses.items() if s != 200) > 50, statuses
    assert expect_json(put_reference(user, base, "fuzzed", bytes(good), PARQUET))["rows"] == 60


def test_a_parquet_training_dataset_a_run_logged_becomes_the_reference(owner, csv_view, monkeypatch, tmp_path):
    """mlflow logs train.parquet as an artifact and as the run's training input; the monitor reads it
    by the run's id, and the reference equals the one from the same rows as CSV."""
    import mlflow

    mon, user, base = owner
    org, project = base.split("/orgs/")[1].split("/projects/")
    org_slug = expect_json(user.client.get(f"/api/v1/orgs/{org}"))["slug"]
    project_slug = expect_json(user.client.get(f"/api/v1/orgs/{org}/projects/{project}"))["slug"]
    tracking = f"{mon.server.url}/p/{org_slug}/{project_slug}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking)
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", user.access_token)
    table = training_table()
    path = tmp_path / "train.parquet"
    pq.write_table(table, path, row_group_size=400)
    experiment = mlflow.set_experiment("parquet-training")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(path))
        source = (f"{tracking}/api/2.0/mlflow-artifacts/artifacts/{experiment.experiment_id}/{run.info.run_id}"
                  "/artifacts/train.parquet")
        mlflow.log_input(mlflow.data.from_pandas(table.to_pandas(), source=source, name="train"), context="training")
    expect_json(user.client.post(f"{base}/monitors", json={"name": "from-run"}), 201)
    summary = expect_json(user.client.put(f"{base}/monitors/from-run/reference",
                                          json={"dataset": {"run_id": run.info.run_id}}))
    assert summary["source"] == "dataset" and "'train'" in summary["dataset"], summary
    assert reference_view(user, base, "from-run") == csv_view
