"""Exceptions that tell the user what went wrong and what to do."""

from __future__ import annotations

__all__ = ["ModelFileError", "ModelVersionError"]


class ModelFileError(ValueError):
    """A model file is missing, unknown, truncated or does not match its card."""


class ModelVersionError(RuntimeError):
    """A model was saved under library versions this installation cannot trust."""
