"""Run artifacts through the stock mlflow client: log_artifact(s), log_text, log_dict, list,
download (byte-exact, nested folders, odd names, empty and multi-megabyte files)."""

from __future__ import annotations

import filecmp
import json
import os
from pathlib import Path

import mlflow
import pytest
import yaml

from mlflow.exceptions import MlflowException

from mlflow_support import artifact_http_url, raises_mlflow, unknown_run_id

# Every byte value, then pseudo-random bytes: catches text-mode, encoding and truncation bugs.
BINARY = bytes(range(256)) * 4 + os.urandom(50_000) + b"\r\n\x00\xff" + b"\n"


def listing(client, run_id, path=None) -> dict:
    """{path: (is_dir, file_size)} of one folder level."""
    return {f.path: (f.is_dir, f.file_size) for f in client.list_artifacts(run_id, path)}


def test_log_artifact_downloads_byte_identical(fluent_experiment, client, tmp_path):
    src = tmp_path / "weights.bin"
    src.write_bytes(BINARY)
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(src))
    out = Path(client.download_artifacts(run.info.run_id, "weights.bin", str(tmp_path / "out")))
    assert out.name == "weights.bin"
    assert out.read_bytes() == BINARY
    assert listing(client, run.info.run_id) == {"weights.bin": (False, len(BINARY))}


def test_log_artifact_into_a_nested_artifact_path(fluent_experiment, client, tmp_path):
    src = tmp_path / "conf.json"
    src.write_text('{"a": 1}')
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(src), artifact_path="configs/train/v1")
    rid = run.info.run_id
    assert listing(client, rid) == {"configs": (True, None)}
    assert listing(client, rid, "configs") == {"configs/train": (True, None)}
    assert listing(client, rid, "configs/train/v1") == {"configs/train/v1/conf.json": (False, 8)}
    out = mlflow.artifacts.download_artifacts(run_id=rid, artifact_path="configs/train/v1/conf.json",
                                              dst_path=str(tmp_path / "out"))
    assert Path(out).read_text() == '{"a": 1}'


def test_log_artifacts_round_trips_a_folder_tree(fluent_experiment, client, tmp_path):
    tree = tmp_path / "tree"
    files = {
        "README.md": b"# model card\n",
        "data/train.bin": BINARY,
        "data/empty.txt": b"",
        "data/deep/er/still.txt": b"deep\n",
        "plots/loss.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    for rel, content in files.items():
        path = tree / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    with mlflow.start_run() as run:
        mlflow.log_artifacts(str(tree), artifact_path="bundle")
    rid = run.info.run_id

    assert listing(client, rid) == {"bundle": (True, None)}
    assert listing(client, rid, "bundle") == {
        "bundle/README.md": (False, len(files["README.md"])),
        "bundle/data": (True, None),
        "bundle/plots": (True, None),
    }
    data = listing(client, rid, "bundle/data")
    # MLflow's server leaves a zero file_size out of the JSON (proto3 default), so an empty file
    # lists as size None; 0 is as good.
    assert data.pop("bundle/data/empty.txt") in {(False, 0), (False, None)}
    assert data == {"bundle/data/deep": (True, None), "bundle/data/train.bin": (False, len(BINARY))}

    out = Path(client.download_artifacts(rid, "bundle", str(tmp_path / "out")))
    cmp = filecmp.dircmp(tree, out)
    report = []

    def walk(d, prefix=""):
        report.extend(prefix + n for n in d.left_only + d.right_only + d.diff_files + d.funny_files)
        for name, sub in d.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(cmp)
    assert report == [], f"downloaded tree differs: {report}"
    for rel, content in files.items():
        assert (out / rel).read_bytes() == content, rel


def test_downloading_the_run_root_fetches_every_artifact(client, experiment_id, tmp_path):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_text(run_id, "one", "a.txt")
    client.log_text(run_id, "two", "sub/b.txt")
    out = Path(mlflow.artifacts.download_artifacts(run_id=run_id, dst_path=str(tmp_path / "all")))
    assert (out / "a.txt").read_text() == "one"
    assert (out / "sub" / "b.txt").read_text() == "two"


def test_log_text_round_trips(fluent_experiment, client):
    text = "line 1\nünïcödé ✓\n" * 100
    with mlflow.start_run() as run:
        mlflow.log_text(text, "notes/readme.txt")
    assert mlflow.artifacts.load_text(f"runs:/{run.info.run_id}/notes/readme.txt") == text


@pytest.mark.parametrize("file_name", ["metrics.json", "config.yaml"])
def test_log_dict_round_trips_as_json_and_yaml(fluent_experiment, client, file_name):
    data = {"lr": 0.01, "layers": [64, 32], "name": "ß-net", "nested": {"on": True, "none": None}}
    with mlflow.start_run() as run:
        mlflow.log_dict(data, f"dicts/{file_name}")
    uri = f"runs:/{run.info.run_id}/dicts/{file_name}"
    raw = mlflow.artifacts.load_text(uri)
    if file_name.endswith(".json"):
        assert json.loads(raw) == data
        assert mlflow.artifacts.load_dict(uri) == data  # load_dict reads JSON only
    else:
        assert yaml.safe_load(raw) == data


def test_file_names_with_spaces_and_unicode_round_trip(client, experiment_id, tmp_path):
    run_id = client.create_run(experiment_id).info.run_id
    src = tmp_path / "my report (final) ü.txt"
    src.write_bytes(b"odd name\n")
    client.log_artifact(run_id, str(src), artifact_path="dir with space")
    assert listing(client, run_id, "dir with space") == {"dir with space/my report (final) ü.txt": (False, 9)}
    out = client.download_artifacts(run_id, "dir with space/my report (final) ü.txt", str(tmp_path / "out"))
    assert Path(out).read_bytes() == b"odd name\n"


def test_a_multi_megabyte_artifact_round_trips(client, experiment_id, tmp_path):
    big = os.urandom(3 * 1024 * 1024 + 17)
    src = tmp_path / "big.bin"
    src.write_bytes(big)
    run_id = client.create_run(experiment_id).info.run_id
    client.log_artifact(run_id, str(src))
    assert listing(client, run_id) == {"big.bin": (False, len(big))}
    out = client.download_artifacts(run_id, "big.bin", str(tmp_path / "out"))
    assert Path(out).read_bytes() == big


def test_logging_the_same_artifact_path_again_overwrites_it(client, experiment_id, tmp_path):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_text(run_id, "first version", "model/notes.txt")
    client.log_text(run_id, "second", "model/notes.txt")
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/model/notes.txt") == "second"
    assert listing(client, run_id, "model") == {"model/notes.txt": (False, 6)}


def test_a_run_without_artifacts_lists_nothing(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    assert client.list_artifacts(run_id) == []
    assert client.list_artifacts(run_id, "no/such/folder") == []


def test_artifacts_of_an_unknown_run_are_resource_does_not_exist(client, tmp_path):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        client.list_artifacts(unknown_run_id())
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST", status=404):
        client.download_artifacts(unknown_run_id(), "x.txt", str(tmp_path))


def test_downloading_a_missing_artifact_fails(client, experiment_id, tmp_path):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_text(run_id, "here", "present.txt")
    with pytest.raises(MlflowException, match="absent.txt"):
        client.download_artifacts(run_id, "absent.txt", str(tmp_path / "out"))


def test_a_missing_artifact_is_404_over_http(mlflow_env, client, experiment_id):
    run = client.create_run(experiment_id)
    client.log_text(run.info.run_id, "here", "present.txt")
    base = artifact_http_url(run.info.artifact_uri, mlflow_env.connection.uri)
    http = mlflow_env.rest()
    present = http.get(f"{base}/present.txt")
    assert present.status_code == 200 and present.content == b"here", present.text[:300]
    missing = http.get(f"{base}/absent.txt")
    assert missing.status_code == 404, f"{missing.status_code} {missing.text[:300]}"
