"""Export a fine-tuned encoder to ONNX and quantize it (needs ``tonesplit[train]``).

The ONNX graph maps ``input_ids`` and ``attention_mask`` (int64, batch x
tokens) to ``embedding``, the mean-pooled last hidden layer (batch x
hidden). The linear head stays outside the graph, as plain arrays, so the
estimator's head and calibration are ordinary scikit-learn parameters.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["export_onnx", "quantize_int8"]


def export_onnx(encoder, path: str | os.PathLike, *, opset: int = 17) -> Path:
    """Write the encoder with mean pooling as an ONNX graph to ``path``."""
    import torch

    class _Pooled(torch.nn.Module):
        def __init__(self, enc):
            super().__init__()
            self.enc = enc

        def forward(self, input_ids, attention_mask):
            hidden = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)

    module = _Pooled(encoder).eval()
    ids = torch.ones((2, 8), dtype=torch.int64)
    mask = torch.ones((2, 8), dtype=torch.int64)
    path = Path(path)
    with torch.inference_mode():
        torch.onnx.export(
            module, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
            output_names=["embedding"], opset_version=opset, dynamo=False,
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                          "attention_mask": {0: "batch", 1: "tokens"},
                          "embedding": {0: "batch"}})
    return path


def quantize_int8(src: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Dynamic int8 quantization of the weights of an ONNX graph (onnxruntime)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped]
    from onnxruntime.quantization.shape_inference import (  # type: ignore[import-untyped]
        quant_pre_process,
    )

    dest = Path(dest)
    with tempfile.TemporaryDirectory() as tmp:
        pre = Path(tmp) / "pre.onnx"
        try:  # graph clean-up first, as onnxruntime recommends; optional
            quant_pre_process(str(src), str(pre), skip_symbolic_shape=True)
        except Exception:
            pre = Path(src)
        quantize_dynamic(str(pre), str(dest), weight_type=QuantType.QInt8, per_channel=True)
    return dest
