"""Lazy imports of the optional extras.

The core of tonesplit needs only scikit-learn, numpy, scipy, joblib and nltk.
Data frames, progress bars, plots and Dask are extras, imported only by the
function that needs them; when one is missing the error names the ``pip``
extra that brings it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["EXTRAS", "import_optional"]

#: The pip extra that installs each optional top-level module.
EXTRAS: dict[str, str] = {
    "pandas": "pandas",
    "tqdm": "progress",
    "matplotlib": "plot",
    "dask": "dask",
    "distributed": "dask",
    "pyarrow": "parquet",
    "spacy": "spacy",
}


def import_optional(name: str, *, purpose: str | None = None) -> ModuleType:
    """Import an optional dependency, or fail with the install command.

    Parameters
    ----------
    name : str
        Dotted module name, e.g. ``"pandas"`` or ``"tqdm.auto"``.
    purpose : str, optional
        What needs it, for the message (e.g. ``"to_sentences_frame"``).

    Returns
    -------
    module

    Raises
    ------
    ImportError
        When the module (or its top-level package) is not installed; the
        message says which extra to install, e.g.
        ``pip install "tonesplit[pandas]"``.

    Examples
    --------
    >>> from tonesplit._optional import import_optional
    >>> import_optional("json").__name__
    'json'
    """
    try:
        return importlib.import_module(name)
    except ImportError as err:
        top = name.split(".")[0]
        extra = EXTRAS.get(top)
        what = f"{purpose} needs {top}" if purpose else f"tonesplit needs {top} here"
        how = (
            f'pip install "tonesplit[{extra}]"' if extra else f"pip install {top}"
        )
        raise ImportError(
            f"{what}, which is not installed (or failed to import: {err}). "
            f"Install it with: {how}"
        ) from err
