"""MLflow's proxied multipart upload (MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD): the stock client asks
mpu/create for part URLs, PUTs each part there with only the headers it was given, then completes.
On the S3 store Cairn forwards the parts to an S3 multipart upload; the local store declines in
MLflow's words and the client falls back to one streamed upload. Either way the file arrives
byte-exact and the client never holds store credentials."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from mlflow_support import artifact_http_url, cairn_only

ON_S3 = os.environ.get("CAIRN_TEST_ARTIFACT_STORE", "local") == "s3"
MIB = 1024 * 1024
DECLINED = "Multipart upload is not supported for the current artifact repository"


@pytest.fixture
def multipart_env(monkeypatch):
    # Parts of S3's minimum size (all but the last must be 5 MiB), for files of a few MiB.
    monkeypatch.setenv("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD", "true")
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", str(1 * MIB))
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", str(5 * MIB))


def mpu_url(mlflow_env, run_id: str, verb: str, artifact_dir: str = "") -> str:
    """.../mlflow-artifacts/mpu/<verb>/<run's artifact root>[/<dir>], as the client builds it."""
    root = artifact_http_url(mlflow_env.client.get_run(run_id).info.artifact_uri, mlflow_env.connection.uri)
    url = root.replace("/mlflow-artifacts/artifacts/", f"/mlflow-artifacts/mpu/{verb}/", 1)
    return url + ("/" + artifact_dir if artifact_dir else "")


def parts_received(mlflow_env) -> int:
    """Part uploads the server has answered with 200, from its Prometheus counters."""
    if mlflow_env.tenant is None:
        return 0
    text = httpx.get(mlflow_env.tenant.cairn.url + "/metrics").text
    match = re.search(r'cairn_http_requests_total\{route="/api/2.0/mlflow-artifacts/mpu/part",method="PUT",'
                      r'status="200"\} (\d+)', text)
    return int(match.group(1)) if match else 0


def test_a_large_file_uploads_in_parts_and_downloads_byte_exact(multipart_env, mlflow_env, client, experiment_id,
                                                                tmp_path):
    data = os.urandom(12 * MIB + 17)  # three parts: 5 MiB, 5 MiB, 2 MiB + 17 bytes
    src = tmp_path / "weights.bin"
    src.write_bytes(data)
    run_id = client.create_run(experiment_id).info.run_id
    before = parts_received(mlflow_env)
    client.log_artifact(run_id, str(src), artifact_path="model")
    if mlflow_env.tenant is not None:
        # On S3 the parts went through the part URLs; the local store made the client fall back.
        assert parts_received(mlflow_env) - before == (3 if ON_S3 else 0)
    assert [(f.path, f.file_size) for f in client.list_artifacts(run_id, "model")] == [("model/weights.bin", len(data))]
    out = client.download_artifacts(run_id, "model/weights.bin", str(tmp_path / "out"))
    assert Path(out).read_bytes() == data


@cairn_only
def test_create_hands_out_part_urls_that_need_no_credentials(mlflow_env, client, experiment_id, tmp_path):
    run_id = client.create_run(experiment_id).info.run_id
    rest = mlflow_env.rest()
    resp = rest.post(mpu_url(mlflow_env, run_id, "create", "dir"), json={"path": "/home/me/data.bin", "num_parts": 2})
    if not ON_S3:
        assert resp.status_code == 501, resp.text
        assert resp.json()["error_code"] == "NOT_IMPLEMENTED"
        assert resp.json()["message"].startswith(DECLINED)
        return
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [c["part_number"] for c in body["credentials"]] == [1, 2]
    parts = [os.urandom(5 * MIB), b"tail"]
    uploaded = []
    with httpx.Client(timeout=60) as anonymous:  # as mlflow does: only the handed-out headers
        for credential, chunk in zip(body["credentials"], parts):
            put = anonymous.put(credential["url"], content=chunk, headers=credential["headers"])
            assert put.status_code == 200, put.text
            uploaded.append({"part_number": credential["part_number"], "etag": put.headers["ETag"]})
        # A part token is bound to its part: no token, or a forged one, is refused.
        url = body["credentials"][0]["url"]
        assert anonymous.put(url, content=b"x").status_code == 401
        forged = body["credentials"][0]["headers"]["X-Cairn-Upload-Token"][:-4] + "AAAA"
        assert anonymous.put(url, content=b"x", headers={"X-Cairn-Upload-Token": forged}).status_code == 401
    done = rest.post(mpu_url(mlflow_env, run_id, "complete", "dir"),
                     json={"path": "/home/me/data.bin", "upload_id": body["upload_id"], "parts": uploaded})
    assert done.status_code == 200, done.text
    out = client.download_artifacts(run_id, "dir/data.bin", str(tmp_path / "out"))
    assert Path(out).read_bytes() == b"".join(parts)


@cairn_only
@pytest.mark.skipif(not ON_S3, reason="the local store declines multipart uploads")
def test_an_aborted_upload_takes_no_more_parts_and_publishes_nothing(mlflow_env, client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    rest = mlflow_env.rest()
    body = rest.post(mpu_url(mlflow_env, run_id, "create"), json={"path": "gone.bin", "num_parts": 1}).json()
    aborted = rest.post(mpu_url(mlflow_env, run_id, "abort"), json={"path": "gone.bin", "upload_id": body["upload_id"]})
    assert aborted.status_code == 200, aborted.text
    credential = body["credentials"][0]
    with httpx.Client(timeout=60) as anonymous:
        assert anonymous.put(credential["url"], content=b"late", headers=credential["headers"]).status_code == 404
    done = rest.post(mpu_url(mlflow_env, run_id, "complete"),
                     json={"path": "gone.bin", "upload_id": body["upload_id"], "parts": [{"part_number": 1, "etag": "x"}]})
    # S3 servers differ (NoSuchUpload, or InvalidPart for the part it no longer has): a client error either way.
    assert (done.status_code, done.json()["error_code"]) in {(404, "RESOURCE_DOES_NOT_EXIST"),
                                                             (400, "INVALID_PARAMETER_VALUE")}, done.text
    assert client.list_artifacts(run_id) == []


@cairn_only
@pytest.mark.parametrize("body,field", [
    ({"num_parts": 1}, "path"),
    ({"path": "a.bin", "num_parts": 0}, "num_parts"),
    ({"path": "a.bin", "num_parts": 10001}, "num_parts"),
    ({"path": "a.bin", "num_parts": "many"}, "num_parts"),
    ({"path": "dir/", "num_parts": 1}, "path"),
])
def test_create_rejects_bad_input_in_mlflows_shape(mlflow_env, client, experiment_id, body, field):
    run_id = client.create_run(experiment_id).info.run_id
    resp = mlflow_env.rest().post(mpu_url(mlflow_env, run_id, "create"), json=body)
    assert resp.status_code == 400, resp.text
    assert resp.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert field in resp.json()["message"] or field == "path"


@cairn_only
def test_another_orgs_run_cannot_take_a_multipart_upload(mlflow_env, client, experiment_id, new_tenant):
    run_id = client.create_run(experiment_id).info.run_id
    url = mpu_url(mlflow_env, run_id, "create")
    outsider = mlflow_env.rest(new_tenant().connection)
    for verb, body in [("create", {"path": "x.bin", "num_parts": 1}),
                       ("complete", {"path": "x.bin", "upload_id": "u", "parts": [{"part_number": 1, "etag": "e"}]}),
                       ("abort", {"path": "x.bin", "upload_id": "u"})]:
        resp = outsider.post(url.replace("/mpu/create/", f"/mpu/{verb}/"), json=body)
        assert resp.status_code == 404, resp.text
        assert resp.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
