"""Checks real responses of the running server against Leash's OpenAPI 3.1 document."""

from __future__ import annotations

from openapi_schema_validator import OAS31Validator


class OpenAPIMismatch(AssertionError):
    """A response the OpenAPI document does not describe, or one that breaks its schema."""


class OpenAPIDocument:
    """The served /openapi.json, with a check of one response against its schema."""

    def __init__(self, document: dict):
        self.document = document
        OAS31Validator.check_schema({"type": "object"})  # the validator itself is importable and sane
        if not str(document.get("openapi", "")).startswith("3.1"):
            raise OpenAPIMismatch(f"the document declares openapi {document.get('openapi')!r}, expected 3.1.x")

    def operation(self, method: str, template: str) -> dict:
        paths = self.document.get("paths", {})
        if template not in paths:
            raise OpenAPIMismatch(f"the OpenAPI document has no path {template}")
        operation = paths[template].get(method.lower())
        if operation is None:
            raise OpenAPIMismatch(f"the OpenAPI document has no {method.upper()} operation on {template}")
        return operation

    def response_schema(self, method: str, template: str, status: int) -> dict | None:
        """The JSON schema of one documented response, or None when it has no JSON body."""
        responses = self.operation(method, template).get("responses", {})
        response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if response is None:
            raise OpenAPIMismatch(f"{method.upper()} {template} does not document status {status}")
        response = self._resolve(response)
        content = response.get("content", {})
        media = content.get("application/json") or next(
            (v for k, v in content.items() if k.endswith("json")), None
        )
        return None if media is None else media.get("schema")

    def check_response(self, method: str, template: str, status: int, body) -> None:
        schema = self.response_schema(method, template, status)
        if schema is None:
            if body not in (None, b"", ""):
                raise OpenAPIMismatch(f"{method.upper()} {template} {status} has a body the document does not describe")
            return
        rooted = {"components": self.document.get("components", {}), **schema}
        errors = sorted(OAS31Validator(rooted).iter_errors(body), key=lambda e: list(e.path))
        if errors:
            details = "; ".join(f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}" for e in errors[:5])
            raise OpenAPIMismatch(f"{method.upper()} {template} {status} does not match its schema: {details}")

    def _resolve(self, node: dict) -> dict:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 10:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise OpenAPIMismatch(f"external $ref {ref} is not supported")
            target = self.document
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node, seen = target, seen + 1
        return node
