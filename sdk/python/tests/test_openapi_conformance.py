"""The SDK against api/openapi.yaml: every request it sends is an operation of the spec, and its
typed answers have the fields of the schemas they name.

Requests are recorded by an httpx transport that answers 404 to everything: this checks what
the SDK sends, not what the server answers (the other modules run the SDK against the real server).
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import cairn.types as types_module
from cairn import Cairn, NotFoundError
from cairn.resources._base import Resource
from cairn.types import ApiModel

SPEC = yaml.safe_load((Path(__file__).resolve().parents[3] / "api" / "openapi.yaml").read_text())


def fits(template: str, path: str) -> bool:
    """A `{param}` segment takes any one segment; a final `{path}` (a file path) takes the rest."""
    want, have = template.split("/"), path.split("/")
    if want[-1] == "{path}" and len(have) >= len(want):
        have = have[: len(want) - 1] + ["/".join(have[len(want) - 1 :])]
    return len(want) == len(have) and all(w == h or (w.startswith("{") and w.endswith("}")) for w, h in zip(want, have))


def operation_for(method: str, path: str) -> str | None:
    """The spec's path template that `path` fits with an operation for `method`, else None."""
    for template, item in SPEC["paths"].items():
        if fits(template, path) and method.lower() in item:
            return template
    return None


def test_path_matching_is_strict():
    assert operation_for("GET", "/api/v1/orgs/acme/projects/p") == "/api/v1/orgs/{org}/projects/{project}"
    assert operation_for("PUT", "/api/v1/orgs/acme") is None
    assert operation_for("GET", "/api/v1/orgs/acme/nothing") is None
    assert operation_for("GET", "/api/v1/orgs/a/projects/p/models/m/versions/1/files/dir/MLmodel")


@pytest.fixture
def recorded():
    calls: list[tuple[str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append((request.method, request.url.path))
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "recorded", "request_id": "r"}})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = Cairn(url="http://cairn.test", api_key="k", org="acme", project="churn", http_client=http, max_retries=0)
    yield client, calls
    http.close()


def every_call(c: Cairn, tmp: Path) -> dict[str, Any]:
    """One call of each public method of each resource (name -> thunk)."""
    model_file = tmp / "model.onnx"
    model_file.write_bytes(b"onnx")
    return {
        "orgs.list": lambda: c.orgs.list(),
        "orgs.get": lambda: c.orgs.get(),
        "orgs.create": lambda: c.orgs.create(name="Acme"),
        "projects.list": lambda: c.projects.list(),
        "projects.get": lambda: c.projects.get("churn"),
        "projects.create": lambda: c.projects.create(name="Churn"),
        "projects.delete": lambda: c.projects.delete("churn"),
        "experiments.list": lambda: c.experiments.list(),
        "experiments.get": lambda: c.experiments.get("1"),
        "experiments.create": lambda: c.experiments.create(name="e"),
        "runs.search": lambda: c.runs.search(filter="metrics.a > 1"),
        "runs.get": lambda: c.runs.get("ab" * 16),
        "runs.create": lambda: c.runs.create("1", name="r", tags={"a": "b"}, start_time=1),
        "runs.update": lambda: c.runs.update("ab" * 16, status="FINISHED", end_time=2),
        "runs.log_batch": lambda: c.runs.log_batch("ab" * 16, metrics=[{"key": "m", "value": float("nan")}],
                                                   params={"p": 1}),
        "runs.log_inputs": lambda: c.runs.log_inputs("ab" * 16, datasets=[{"name": "d", "digest": "x"}]),
        "runs.metric_history": lambda: c.runs.metric_history("ab" * 16, "loss"),
        "runs.list_artifacts": lambda: c.runs.list_artifacts("ab" * 16, path="model"),
        "runs.upload_artifact": lambda: c.runs.upload_artifact("ab" * 16, path="model/MLmodel", file=b"x"),
        "experiments.set_tag": lambda: c.experiments.set_tag("1", "k", "v"),
        "models.set_tag": lambda: c.models.set_tag("m", "k", "v"),
        "models.set_alias": lambda: c.models.set_alias("m", "champion", version=1),
        "versions.transition_stage": lambda: c.models.versions.transition_stage("m", 1, stage="staging"),
        "versions.set_tag": lambda: c.models.versions.set_tag("m", 1, "k", "v"),
        "models.list": lambda: c.models.list(),
        "models.get": lambda: c.models.get("m"),
        "models.create": lambda: c.models.create(name="m"),
        "models.delete": lambda: c.models.delete("m"),
        "versions.list": lambda: c.models.versions.list("m"),
        "versions.get": lambda: c.models.versions.get("m", 1),
        "versions.create": lambda: c.models.versions.create("m", run_id="ab" * 16),
        "versions.upload": lambda: c.models.versions.upload("m", path=model_file, create_model=False),
        "versions.files": lambda: c.models.versions.files("m", 1),
        "versions.download": lambda: c.models.versions.download("m", 1, to=tmp / "out"),
        "deployments.create": lambda: c.deployments.create(name="d", model="m", version=1),
        "deployments.update": lambda: c.deployments.update("d", config={"timeout_ms": 100}),
        "deployments.list": lambda: c.deployments.list(),
        "deployments.get": lambda: c.deployments.get("d"),
        "deployments.delete": lambda: c.deployments.delete("d"),
        "deployments.stop": lambda: c.deployments.stop("d"),
        "deployments.start": lambda: c.deployments.start("d"),
        "deployments.rollback": lambda: c.deployments.rollback("d", revision=1),
        "deployments.wait": lambda: c.deployments.wait("d"),
        "deployments.predict": lambda: c.deployments.predict("d", data={"instances": [[1]]}),
        "deployments.logs": lambda: c.deployments.logs("d"),
        "deployments.follow_logs": lambda: next(c.deployments.follow_logs("d")),
        "monitors.list": lambda: c.monitors.list(),
        "monitors.get": lambda: c.monitors.get("mon"),
        "monitors.create": lambda: c.monitors.create(name="mon"),
        "monitors.set_reference": lambda: c.monitors.set_reference("mon", window=(0, 1)),
        "monitors.log": lambda: c.monitors.log("mon", records=[{"features": {"a": 1}}]),
        "monitors.log_csv": lambda: c.monitors.log_csv("mon", csv="a\n1\n"),
        "monitors.labels": lambda: c.monitors.labels("mon", labels={"r": 1}),
        "monitors.drift": lambda: c.monitors.drift("mon"),
        "monitors.records": lambda: c.monitors.records("mon"),
        "api_keys.list": lambda: c.api_keys.list(),
        "api_keys.create": lambda: c.api_keys.create(name="k", scopes=["read"]),
        "api_keys.get": lambda: c.api_keys.get("k1"),
        "api_keys.revoke": lambda: c.api_keys.revoke("k1"),
        "api_keys.rotate": lambda: c.api_keys.rotate("k1"),
        "api_keys.usage": lambda: c.api_keys.usage("k1"),
        "alerts.list": lambda: c.alerts.list(state=["firing", "pending"], rule="r", start=0, end=1),
        "alerts.get": lambda: c.alerts.get("a1"),
        "alerts.acknowledge": lambda: c.alerts.acknowledge("a1", note="on it"),
        "alerts.resolve": lambda: c.alerts.resolve("a1"),
        "alerts.bulk": lambda: c.alerts.bulk(ids=["a1"], action="silence", duration_seconds=600),
        "alerts.analytics": lambda: c.alerts.analytics(start=0),
        "alerts.notifications": lambda: c.alerts.notifications(status="failed"),
        "alert_rules.list": lambda: c.alerts.rules.list(),
        "alert_rules.get": lambda: c.alerts.rules.get("r"),
        "alert_rules.templates": lambda: c.alerts.rules.templates(),
        "alert_rules.create": lambda: c.alerts.rules.create(name="r", monitor="m", series="requests",
                                                            condition={"type": "absence"}),
        "alert_rules.update": lambda: c.alerts.rules.update("r", enabled=False),
        "alert_rules.delete": lambda: c.alerts.rules.delete("r"),
        "alert_rules.preview": lambda: c.alerts.rules.preview(rule={"series": "requests"}, hours=1),
        "alert_channels.list": lambda: c.alerts.channels.list(),
        "alert_channels.get": lambda: c.alerts.channels.get("hook"),
        "alert_channels.create": lambda: c.alerts.channels.create(name="hook", kind="webhook", config={"url": "u"}),
        "alert_channels.update": lambda: c.alerts.channels.update("hook", send_resolved=False),
        "alert_channels.delete": lambda: c.alerts.channels.delete("hook"),
        "alert_channels.test": lambda: c.alerts.channels.test("hook"),
        "notification_policies.get": lambda: c.alerts.policy.get(),
        "notification_policies.put": lambda: c.alerts.policy.put(routes=[{"channels": ["hook"]}]),
        "silences.list": lambda: c.alerts.silences.list(include_expired=True),
        "silences.create": lambda: c.alerts.silences.create(matchers=["alertname=x"], comment="why"),
        "silences.expire": lambda: c.alerts.silences.expire("s1"),
    }


def resource_classes(base: type = Resource) -> list[type]:
    """Every public resource class, through intermediate bases of any depth."""
    found = []
    for cls in base.__subclasses__():
        if not cls.__name__.startswith("_"):
            found.append(cls)
        found += resource_classes(cls)
    return found


def public_methods() -> set[str]:
    names = set()
    prefix = {
        "ModelVersions": "versions",
        "ApiKeys": "api_keys",
        "AlertRules": "alert_rules",
        "AlertChannels": "alert_channels",
        "NotificationPolicies": "notification_policies",
    }
    for cls in resource_classes():
        group = prefix.get(cls.__name__, cls.__name__.lower())
        names |= {f"{group}.{n}" for n, f in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_")}
    return names


def test_every_request_the_sdk_sends_is_an_operation_of_the_spec(recorded, tmp_path):
    client, calls = recorded
    thunks = every_call(client, tmp_path)
    assert public_methods() <= set(thunks), "a resource method is not exercised here"
    for name, thunk in thunks.items():
        before = len(calls)
        with pytest.raises(NotFoundError):
            thunk()
        assert len(calls) > before, f"{name} sent nothing"
    missing = sorted({f"{m} {p}" for m, p in calls if operation_for(m, p) is None})
    assert not missing, f"requests not in api/openapi.yaml: {missing}"


def schema_of(ref: Any) -> dict[str, Any]:
    if isinstance(ref, tuple):
        method, path, status = ref
        schema = SPEC["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    else:
        schema = SPEC["components"]["schemas"][ref]
    return resolve(schema)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Properties and required names, through $ref and allOf."""
    if "$ref" in schema:
        return resolve(SPEC["components"]["schemas"][schema["$ref"].split("/")[-1]])
    props, required = dict(schema.get("properties", {})), list(schema.get("required", []))
    for part in schema.get("allOf", []):
        sub = resolve(part)
        props.update(sub["properties"])
        required += sub["required"]
    return {"properties": props, "required": required}


MODELS = [
    m for m in vars(types_module).values() if isinstance(m, type) and issubclass(m, ApiModel) and m is not ApiModel
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_typed_answers_have_the_fields_of_their_schema(model):
    assert model.__schema__, f"{model.__name__} names no schema"
    schema = schema_of(model.__schema__)
    from_headers = set(getattr(model, "__headers__", ()))
    fields = {f.metadata.get("json", f.name) for f in dataclasses.fields(model) if f.name != "raw"} - from_headers
    assert fields <= set(schema["properties"]), f"fields not in the schema: {fields - set(schema['properties'])}"
    assert set(schema["required"]) <= fields, f"required fields not modelled: {set(schema['required']) - fields}"
