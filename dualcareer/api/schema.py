"""Post-processing of the OpenAPI schema: every operation declares its error answers.

DRF answers errors as JSON (`{"detail": ...}`, or `{"<field>": [...]}` for
invalid input); the schema says so, so that clients (and Schemathesis) can
rely on it.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "An error: `detail` says what went wrong; invalid input names each field "
        "with its messages; a token without the needed scope names it in `missing_scope`."
    ),
    "properties": {
        "detail": {"type": "string"},
        "missing_scope": {"type": "string"},
    },
    "additionalProperties": True,
}

ERRORS = {
    "400": "Invalid input: the body names each field with its messages.",
    "401": "Not authenticated, or an invalid, expired or revoked token.",
    "403": "Not allowed (for a token: `missing_scope` names the scope it lacks).",
    "404": "No such object, or not one you may see.",
    "413": "The request body is too large.",
    "415": "Unsupported media type: send JSON.",
    "429": "Too many requests: wait for the seconds in Retry-After.",
}


def _error(description: str, code: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if code == "429":
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
        }
    return response


def declare_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: add the error answers to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code in ("413", "415") and "requestBody" not in operation:
                    continue
                responses.setdefault(code, _error(description, code))
    return result
