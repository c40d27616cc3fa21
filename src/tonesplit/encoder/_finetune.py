"""Fine-tuning a small encoder for the accurate tier (needs ``tonesplit[train]``).

The recipe measured in issue 10: mean pooling over the last hidden layer,
one linear unit on top, binary cross-entropy weighted per sentence, AdamW
with a one-cycle warm-up, batch 32, sentences cut at 64 tokens. torch and
transformers are imported here only, so labelling never needs them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FineTuneConfig", "TunedEncoder", "fine_tune", "tiny_base", "load_base"]


@dataclass(frozen=True)
class FineTuneConfig:
    """Hyper-parameters of one fine-tuning run (the defaults are the issue-10 recipe)."""

    epochs: float = 1.0
    learning_rate: float = 4e-5
    warmup: float = 0.1
    batch_size: int = 32
    max_length: int = 64
    weight_decay: float = 0.01
    seed: int = 0
    threads: int = 2


@dataclass(frozen=True)
class TunedEncoder:
    """A fine-tuned encoder: the torch module, its tokenizer and the head's weights."""

    encoder: Any  # transformers PreTrainedModel
    tokenizer: Any  # transformers PreTrainedTokenizerFast
    head_weight: np.ndarray  # (hidden,)
    head_bias: float
    config: FineTuneConfig
    seconds: float
    steps: int


def _torch():
    try:
        import torch
        import transformers
    except ImportError as exc:  # the message names the extra that brings them
        raise ImportError(
            "training the accurate tier needs torch and transformers: "
            "pip install 'tonesplit[train]'") from exc
    return torch, transformers


def load_base(path: str | Path):
    """The encoder and tokenizer saved in a local folder (no network)."""
    _, transformers = _torch()
    tok = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    enc = transformers.AutoModel.from_pretrained(str(path), local_files_only=True)
    return enc, tok


def tiny_base(tokenizer_json: str | Path | None = None, *, vocab: Sequence[str] | None = None,
              hidden: int = 32, layers: int = 2, seed: int = 0):
    """A small randomly initialised BERT built from a config, for tests (no download).

    The tokenizer is a word-piece vocabulary over ``vocab`` (or the given
    ``tokenizer.json``).
    """
    torch, transformers = _torch()
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    if tokenizer_json is not None:
        raw = Tokenizer.from_file(str(tokenizer_json))
    else:
        words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *sorted(set(vocab or ()))]
        raw = Tokenizer(models.WordPiece({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
        raw.normalizer = normalizers.BertNormalizer(lowercase=True)
        raw.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        raw.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_object=raw, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", mask_token="[MASK]")
    config = transformers.BertConfig(
        vocab_size=raw.get_vocab_size(), hidden_size=hidden, num_hidden_layers=layers,
        num_attention_heads=2, intermediate_size=2 * hidden, max_position_embeddings=128)
    torch.manual_seed(seed)
    return transformers.BertModel(config), tok


def _mean_pool(torch, hidden, mask):
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def fine_tune(texts: Sequence[str], targets: Sequence[float], weights: Sequence[float] | None,
              base, *, config: FineTuneConfig = FineTuneConfig(),
              log: Callable[[str], None] | None = None) -> TunedEncoder:
    """Fine-tune ``base`` (an ``(encoder, tokenizer)`` pair) on reflective targets.

    ``targets`` are probabilities of reflective (1.0 / 0.0 for gold labels,
    an annotator's probability for silver ones); ``weights`` scale each
    sentence's loss.
    """
    torch, transformers = _torch()
    encoder, tokenizer = base
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    n = len(texts)
    y = np.asarray(targets, dtype=np.float32)
    w = np.ones(n, np.float32) if weights is None else np.asarray(weights, np.float32)
    if len(y) != n or len(w) != n:
        raise ValueError(f"{n} texts but {len(y)} targets and {len(w)} weights")
    head = torch.nn.Linear(encoder.config.hidden_size, 1)
    params = list(encoder.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=config.weight_decay)
    per_epoch = math.ceil(n / config.batch_size)
    total = max(1, int(round(per_epoch * config.epochs)))
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=config.learning_rate, total_steps=total, pct_start=config.warmup,
        anneal_strategy="linear")
    order = np.concatenate([rng.permutation(n) for _ in range(math.ceil(config.epochs) + 1)])
    encoder.train()
    head.train()
    start = time.perf_counter()
    running = 0.0
    for step in range(total):
        idx = order[step * config.batch_size:(step + 1) * config.batch_size]
        batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                          max_length=config.max_length, return_tensors="pt")
        out = encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        logit = head(_mean_pool(torch, out.last_hidden_state, batch["attention_mask"]))[:, 0]
        loss_each = torch.nn.functional.binary_cross_entropy_with_logits(
            logit, torch.from_numpy(y[idx]), reduction="none")
        wb = torch.from_numpy(w[idx])
        loss = (loss_each * wb).sum() / wb.sum()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        value = float(loss.detach())
        running = 0.98 * running + 0.02 * value if step else value
        if log is not None and (step % 50 == 0 or step == total - 1):
            log(f"step {step + 1}/{total} loss {running:.4f} "
                f"{time.perf_counter() - start:.0f}s")
    encoder.eval()
    return TunedEncoder(
        encoder, tokenizer, head.weight.detach().numpy()[0].astype(np.float32),
        float(head.bias.detach()), config, time.perf_counter() - start, total)


def logits(tuned: TunedEncoder, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
    """The fine-tuned model's reflective logit for each text (torch, for checks)."""
    torch, _ = _torch()
    out = np.empty(len(texts), np.float32)
    with torch.inference_mode():
        for s in range(0, len(texts), batch_size):
            b = tuned.tokenizer(list(texts[s:s + batch_size]), padding=True, truncation=True,
                                max_length=tuned.config.max_length, return_tensors="pt")
            h = tuned.encoder(input_ids=b["input_ids"], attention_mask=b["attention_mask"])
            v = _mean_pool(torch, h.last_hidden_state, b["attention_mask"]).numpy()
            out[s:s + len(v)] = v @ tuned.head_weight + tuned.head_bias
    return out
