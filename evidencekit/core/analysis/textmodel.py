"""A small statistical reader beside the rules: one logistic regression per label over character
n-grams of the matching form and the rules' own findings.

The rules (``rules/*.toml``) say precisely why they fire, but keyword rules miss wording nobody
wrote down ("你婆婆家在双流对吧", "今天不hk，明天直接安排sm"). The model is trained on the
hand-labelled tuning sets (``scripts/train_label_model.py``, scikit-learn at training time only)
and shipped as a small JSON file of weights (``rules/label_model.json``), scored here in plain
Python: a message's features are looked up, their weights added, a sigmoid taken. Deterministic,
offline and fast; both scripts meet in the matching form (:mod:`textnorm`).

Features:
    ``g:…``  character 1–3-grams of the matching form, digits folded to ``0`` (both scripts are
             already one form; spaced-out and dotted characters are already joined), except those
             made of Latin letters alone;
    ``w:…``  Latin words and word pairs (English, pinyin abbreviations such as ``hk``, ``zx``);
    ``r:…``  a label rule that fired; ``c:…`` a word class (concept) found;
    ``x:…``  facts about the message: sent or received, read as a reply, names someone else.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: The feature scheme; a model file made for another scheme is not used.
FEATURE_VERSION = 3
MODEL_FILE = "label_model.json"

#: Stands for masked characters (people's names): n-grams holding it are not features.
MASK = "\x00"
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_DIGITS = re.compile(r"\d")
# Pieces of Latin words ("ll ", "oc") say nothing a whole word does not: English and pinyin are read
# as words (``w:``) only.
_LATIN_ONLY = re.compile(r"[a-z ]+")


def text_features(norm_text: str) -> set[str]:
    """The n-gram features of one message in matching form.

    Args:
        norm_text: :attr:`textnorm.Normalized.text`.

    Returns:
        Character 1–3-grams (``g:``, digits as ``0``, runs of spaces as one) and Latin words and
        word pairs (``w:``).
    """
    t = _DIGITS.sub("0", norm_text)
    t = re.sub(r"\s+", " ", t).strip()
    out: set[str] = set()
    n = len(t)
    for size in (1, 2, 3):
        for i in range(n - size + 1):
            gram = t[i:i + size]
            if gram.strip() and MASK not in gram and not _LATIN_ONLY.fullmatch(gram):
                out.add("g:" + gram)
    words = _LATIN_WORD.findall(t)
    out.update("w:" + w for w in words)
    out.update(f"w:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return out


@dataclass(frozen=True, slots=True)
class Contribution:
    """One feature's part in a label's score."""

    feature: str
    weight: float


@dataclass(frozen=True, slots=True)
class LabelModel:
    """Logistic regressions sharing one feature space.

    Attributes:
        outputs: what each regression predicts: label names and ``who:<name>``.
        bias: the intercept of each output.
        weights: per feature, (output index, weight) pairs (features with no weight are absent).
        thresholds: per output, the probabilities from which it is taken as present: when the
            rules found words for it, and when they did not.
        trained_on: a description of the training material.
    """

    outputs: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]
    thresholds: tuple[tuple[float, float], ...]
    trained_on: str = ""

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """The probability of every output for a message with these features."""
        z = list(self.bias)
        for f in features:
            for i, w in self.weights.get(f, ()):
                z[i] += w
        return {name: _sigmoid(v) for name, v in zip(self.outputs, z, strict=True)}

    def present(self, probabilities: dict[str, float], supported: Iterable[str] = ()) -> set[str]:
        """The outputs at or above their threshold: the lower one for an output the rules
        ``supported`` (found words for), the higher one for an output the model alone suggests."""
        backed = set(supported)
        return {name for name, (with_rule, alone) in zip(self.outputs, self.thresholds, strict=True)
                if probabilities.get(name, 0.0) >= (with_rule if name in backed else alone)}

    def contributions(self, features: Iterable[str], output: str) -> list[Contribution]:
        """The features that push ``output`` up, strongest first."""
        i = self.outputs.index(output)
        got = [Contribution(f, w) for f in features for j, w in self.weights.get(f, ()) if j == i and w > 0]
        return sorted(got, key=lambda c: (-c.weight, c.feature))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def model_from_json(data: dict[str, object]) -> LabelModel:
    """A :class:`LabelModel` from the JSON written by the training script.

    Raises:
        ValueError: the data is not a model of this feature scheme.
    """
    if data.get("feature_version") != FEATURE_VERSION:
        raise ValueError(f"label model of feature scheme {data.get('feature_version')!r}, "
                         f"expected {FEATURE_VERSION}")
    outputs = data["outputs"]
    bias = data["bias"]
    thresholds = data["thresholds"]
    raw = data["weights"]
    if not (isinstance(outputs, list) and isinstance(bias, list) and isinstance(thresholds, list)
            and isinstance(raw, dict) and len(outputs) == len(bias) == len(thresholds)):
        raise ValueError("label model: outputs, bias, thresholds and weights do not fit together")
    pairs_of: list[tuple[float, float]] = []
    for t in thresholds:
        if not (isinstance(t, list) and len(t) == 2):
            raise ValueError("label model: a threshold is not a (with rule, alone) pair")
        pairs_of.append((float(t[0]), float(t[1])))
    weights: dict[str, tuple[tuple[int, float], ...]] = {}
    for feature, pairs in raw.items():
        if not isinstance(pairs, list):
            raise ValueError(f"label model: weights of {feature!r} are not a list")
        weights[str(feature)] = tuple((int(i), float(w)) for i, w in pairs)
    return LabelModel(tuple(str(o) for o in outputs), tuple(float(b) for b in bias), weights,
                      tuple(pairs_of), str(data.get("trained_on", "")))


@lru_cache(maxsize=1)
def load_model() -> LabelModel | None:
    """The shipped model (``rules/label_model.json``), or None when there is none.

    Raises:
        ValueError: the file is there but is not a model of this feature scheme.
    """
    path = resources.files("evidencekit.core.analysis").joinpath("rules").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return model_from_json(json.loads(path.read_text(encoding="utf-8")))
