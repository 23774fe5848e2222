"""The base of the typed answers: dataclasses built from the server's JSON.

Fields follow the OpenAPI schema named by ``__schema__`` (a test checks them against
``api/openapi.yaml``). Fields the server adds later are ignored, as the contract asks of clients,
but kept in :attr:`ApiModel.raw` with everything else the server sent.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar, Union

M = TypeVar("M", bound="ApiModel")

# Where a model's fields are described in api/openapi.yaml: a component schema's name, or
# (method, path, status) for an answer described inline.
SchemaRef = Union[str, tuple[str, str, str], None]


@dataclasses.dataclass(frozen=True)
class ApiModel:
    """A typed answer. ``raw`` holds the JSON object it was built from."""

    __schema__: ClassVar[SchemaRef] = None

    raw: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False, kw_only=True)

    @classmethod
    def from_json(cls: type[M], data: Mapping[str, Any]) -> M:
        """Builds the model from a decoded JSON object, converting nested models and lists of them."""
        if not isinstance(data, Mapping):
            raise TypeError(f"{cls.__name__}: expected a JSON object, got {type(data).__name__}")
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name == "raw":
                continue
            key = f.metadata.get("json", f.name)
            if key in data:
                values[f.name] = _convert(hints[f.name], data[key])
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                # A required field the server left out: None rather than a failure, so a server
                # slightly older than this SDK still works; the contract test catches real drift.
                values[f.name] = None
        return cls(**values, raw=dict(data))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the server sent (for ``--output json`` and fields this SDK does not model)."""
        return dict(self.raw)


def json_name(name: str) -> dict[str, str]:
    """Field metadata for a JSON key that is not a valid Python name (``from``)."""
    return {"json": name}


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            return _convert(arg, value)
        return value
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(tp) or (Any,)
        return [_convert(item, v) for v in value]
    if origin is dict and isinstance(value, Mapping):
        args = typing.get_args(tp)
        item = args[1] if len(args) == 2 else Any
        return {k: _convert(item, v) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, ApiModel) and isinstance(value, Mapping):
        return tp.from_json(value)
    return value
