"""Exceptions that tell the user what went wrong and what to do."""

from __future__ import annotations

__all__ = ["ModelFileError", "ModelVersionError"]


class ModelFileError(ValueError):
    """A model file is missing, unknown, truncated or does not match its card.

    Examples
    --------
    >>> import tonesplit
    >>> try:
    ...     tonesplit.load_model("no-such-model.safetensors")
    ... except tonesplit.ModelFileError as err:
    ...     print(err)
    no model file at no-such-model.safetensors
    """


class ModelVersionError(ModelFileError, RuntimeError):
    """A model file of a later format or kind than this tonesplit reads: upgrade tonesplit.

    The file itself is sound (its checksums match); it was written by a
    later tonesplit, in a container format or for a kind of model this
    release does not know. It is a `ModelFileError` (so ``except
    ModelFileError`` still catches every refused file) and, as in 0.1, a
    ``RuntimeError``; the command line exits with status 6 for it.
    See ``docs/model-format.md``.
    """
