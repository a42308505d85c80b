"""The errors an action raises; `app` turns each into CKAN's error shape.

CKAN answers with `{"help", "success": false, "error": {"__type", "message"}}` and
these status codes; ckanapi turns them back into its own exceptions, so a notebook
that runs against the practice portal sees the same exceptions as against opendata.dk.
"""

from __future__ import annotations


class ActionError(Exception):
    status = 500
    type_name = "Internal Server Error"

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def error_dict(self) -> dict:
        return {"__type": self.type_name, "message": self.full_message()}

    def full_message(self) -> str:
        return self.message


class NotFound(ActionError):
    status = 404
    type_name = "Not Found Error"

    def full_message(self) -> str:
        return "Not found" + (f": {self.message}" if self.message else "")


class NotAuthorized(ActionError):
    status = 403
    type_name = "Authorization Error"

    def full_message(self) -> str:
        return "Access denied" + (f": {self.message}" if self.message else "")


class ValidationError(ActionError):
    """Field messages, as CKAN: `{"title": ["Missing value"], "resources": [{}, {...}]}`."""

    status = 409
    type_name = "Validation Error"

    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors

    def error_dict(self) -> dict:
        return {**self.errors, "__type": self.type_name}


class SearchQueryError(ActionError):
    status = 400
    type_name = "Search Query Error"

    def full_message(self) -> str:
        return f"Search Query is invalid: {self.message}"


class BadRequest(ActionError):
    """CKAN answers a bad request with a bare JSON string, not the envelope."""

    status = 400
    type_name = "Bad request"

    def full_message(self) -> str:
        return "Bad request" + (f" - {self.message}" if self.message else "")
