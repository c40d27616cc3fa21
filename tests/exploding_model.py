"""A model wrapper that fails on purpose, shared by the corpus and parallel tests."""

import tonesplit


class ExplodingModel:
    """The shipped model, except that it raises on any sentence with 'BOOM'.

    It forwards every other attribute to the model but is not a ToneClassifier,
    so the labelling path must call its own ``predict_proba`` (in workers too).
    """

    def __init__(self):
        self.inner = tonesplit.load_model()

    def __getattr__(self, name):  # classes_, threshold, context_proba... from the model
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def predict_proba(self, X):
        X = list(X)
        if any("BOOM" in x for x in X):
            raise RuntimeError("the model exploded")
        return self.inner.predict_proba(X)
