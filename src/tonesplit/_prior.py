"""The log-odds shift that moves a model's training prior to a user's prior."""

from __future__ import annotations

from scipy.special import logit

__all__ = ["prior_shift"]


def prior_shift(prior: float | None, train_prior: float) -> float:
    """Log-odds to add so that a model trained at ``train_prior`` expects ``prior``.

    Parameters
    ----------
    prior : float in (0, 1) or None
        The share of reflective sentences the user expects; None for no shift.
    train_prior : float
        The (weighted) share of reflective sentences the model was fitted on.

    Examples
    --------
    >>> prior_shift(None, 0.3)
    0.0
    >>> round(prior_shift(0.5, 0.5), 12)
    0.0
    """
    if prior is None:
        return 0.0
    if not 0.0 < prior < 1.0:
        raise ValueError(f"prior must be in (0, 1) or None, got {prior!r}")
    return float(logit(prior) - logit(train_prior))
