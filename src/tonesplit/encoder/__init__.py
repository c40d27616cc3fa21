"""The accurate tier: a fine-tuned encoder run by onnxruntime (no torch at label time).

Training (`fine_tune`, `export_onnx`, `quantize_int8`) needs the
``tonesplit[train]`` extra; labelling needs ``onnxruntime`` and
``tokenizers`` (the ``tonesplit[accurate]`` extra).
"""

from __future__ import annotations

import importlib

__all__ = ["EncoderFeatures", "EncoderClassifier", "save_encoder_model", "load_encoder_model",
           "fine_tune", "FineTuneConfig", "export_onnx", "quantize_int8"]

_WHERE = {
    "EncoderFeatures": "._runtime",
    "EncoderClassifier": "._classifier",
    "save_encoder_model": "._file",
    "load_encoder_model": "._file",
    "fine_tune": "._finetune",
    "FineTuneConfig": "._finetune",
    "export_onnx": "._export",
    "quantize_int8": "._export",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
