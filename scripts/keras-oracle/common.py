"""Shared pieces of LossLab's Keras oracle: float32 serialisation, error-text normalisation, the
custom losses and metrics exactly as LossLab's Keras export writes them, and a resumable cache.

Imported by oracle.py and training.py after KERAS_BACKEND has been set by the caller.
"""

import json
import os
import re
import sys
import warnings

import numpy as np

import keras
from keras import ops

EPSILON = keras.config.epsilon()

# Bump when a row of the cache would now be computed differently.
ORACLE_VERSION = 1

# ---------------------------------------------------------------------------------------------
# Float32 values in JSON
# ---------------------------------------------------------------------------------------------


def f32(x):
    """A float32 as JSON: the shortest decimal that reads back (float64 parse, then float32) to
    exactly the same float32, or the strings 'NaN', 'Infinity', '-Infinity'."""
    v = np.float32(x)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    s = str(v)  # numpy 2: the shortest repr that round-trips float32
    if np.float32(float(s)) != v:
        s = repr(float(v))  # exact float64 value of the float32: always reads back
    out = float(s)
    return int(out) if out.is_integer() and abs(out) < 2**53 and "e" not in s else out


def f32_list(a):
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 0:
        return f32(a)
    return [f32_list(x) for x in a]


def versions():
    import platform

    out = {
        "python": platform.python_version(),
        "keras": keras.__version__,
        "numpy": np.__version__,
        "backend": keras.backend.backend(),
    }
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        out["tensorflow"] = tf.__version__
    if keras.backend.backend() == "jax":
        import jax
        import jaxlib

        out["jax"] = jax.__version__
        out["jaxlib"] = jaxlib.__version__
    return out


# ---------------------------------------------------------------------------------------------
# Errors and warnings
# ---------------------------------------------------------------------------------------------

# A TensorFlow run-time error inside fit: "Graph execution error:", the Python stack where the
# failing node was defined (file paths of this machine), the kernel's message, and the node.
_RUNTIME = re.compile(
    r"^Graph execution error:\n\nDetected at node (?P<node>\S+) defined at \(most recent call "
    r"last\):\n(?:  File .*\n\n)*(?P<message>.*?)\n\t \[\[\{\{node (?P<node2>[^}]+)\}\}\]\]"
    r"(?P<rest>.*)$",
    re.S,
)
_INFERENCE_ID = re.compile(r"__inference_(\w+?)_\d+")


def error_record(e):
    """Python class, phase and texts of an exception raised by Keras.

    `text` is str(e), except that TensorFlow's run-time errors lose the traceback of where the
    failing node was defined (this machine's file paths) and the function id's counter; their
    kernel message alone is `message`, the failing node `node`.
    """
    text = str(e)
    rec = {"type": type(e).__name__}
    m = _RUNTIME.match(text)
    if m:
        rest = _INFERENCE_ID.sub(lambda g: "__inference_" + g.group(1), m.group("rest"))
        rec["phase"] = "run"
        rec["message"] = m.group("message")
        rec["node"] = m.group("node")
        rec["text"] = (
            f"Graph execution error:\n\nDetected at node {m.group('node')}\n\n"
            f"{m.group('message')}\n\t [[{{{{node {m.group('node2')}}}}}]]{rest}"
        )
    else:
        rec["phase"] = "trace"
        rec["text"] = text
    if os.sep + "site-packages" in rec["text"] or "/home/" in rec["text"]:
        raise RuntimeError("an error text still holds a local path: " + rec["text"][:200])
    return rec


class Warnings:
    """Records the Python warnings raised inside a `with` block (all of them, in order)."""

    def __enter__(self):
        self._cm = warnings.catch_warnings(record=True)
        self.records = self._cm.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)

    def messages(self):
        """Unique warning texts in order of first appearance (Keras repeats a warning once per
        trace of the step, so fit prints the from_logits warning twice)."""
        seen = []
        for w in self.records:
            msg = str(w.message)
            if msg not in seen:
                seen.append(msg)
        return seen


# ---------------------------------------------------------------------------------------------
# LossLab's custom losses and metrics, as src/core/codegen writes them in the Keras export
# ---------------------------------------------------------------------------------------------

POS_WEIGHT = 9.0
THRESHOLD = 0.5


def make_weighted_bce(backend_name):
    """`weighted_binary_crossentropy` of the export: tf.nn on TensorFlow, keras.ops elsewhere."""
    if backend_name == "tensorflow":
        import tensorflow as tf

        def weighted_binary_crossentropy(y_true, y_pred):
            y_true = tf.cast(y_true, y_pred.dtype)
            values = tf.nn.weighted_cross_entropy_with_logits(y_true, y_pred, POS_WEIGHT)
            return tf.reduce_mean(values, axis=-1)

    else:

        def weighted_binary_crossentropy(y_true, y_pred):
            x, y = y_pred, ops.cast(y_true, y_pred.dtype)
            softplus_neg = ops.log1p(ops.exp(-ops.abs(x))) + ops.relu(-x)
            values = (1.0 - y) * x + (1.0 + (POS_WEIGHT - 1.0) * y) * softplus_neg
            return ops.mean(values, axis=-1)

    return weighted_binary_crossentropy


def abs_kl_divergence(y_true, y_pred):
    """The seed's abs_KL_div: sum over classes of |(y - p) * log(y / p)|, y and p clipped to
    [epsilon, 1] (a custom loss; Keras has none)."""
    y_true = ops.clip(ops.cast(y_true, y_pred.dtype), EPSILON, 1.0)
    y_pred = ops.clip(y_pred, EPSILON, 1.0)
    return ops.sum(ops.abs((y_true - y_pred) * ops.log(y_true / y_pred)), axis=-1)


def subset_accuracy(y_true, y_pred):
    """1 when every label decision of a sample is right (exact match), else 0."""
    y_hat = ops.cast(y_pred > THRESHOLD, y_true.dtype)
    return ops.cast(ops.all(ops.equal(y_true, y_hat), axis=-1), "float32")


def hamming_loss(y_true, y_pred):
    """The fraction of label decisions that are wrong (lower is better)."""
    y_hat = ops.cast(y_pred > THRESHOLD, y_true.dtype)
    return ops.mean(ops.cast(ops.not_equal(y_true, y_hat), "float32"), axis=-1)


# ---------------------------------------------------------------------------------------------
# A resumable cache of finished rows (one JSON object per line)
# ---------------------------------------------------------------------------------------------


class RowCache:
    """Rows already computed, keyed by a string; survives interruption (append-only JSONL).

    The file name carries ORACLE_VERSION and the Keras version, so a change to what a row means
    (bump ORACLE_VERSION) starts a fresh cache instead of mixing rows from two versions.
    """

    def __init__(self, directory, name):
        os.makedirs(directory, exist_ok=True)
        tag = f"{name}-v{ORACLE_VERSION}-keras{keras.__version__}"
        self.path = os.path.join(directory, tag + ".jsonl")
        self.rows = {}
        if os.path.exists(self.path):
            with open(self.path) as f:
                for line in f:
                    line = line.strip()
                    if not line:
                        continue
                    try:
                        item = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut short by an interruption
                    self.rows[item["key"]] = item["row"]
        self._file = open(self.path, "a")

    def get(self, key):
        return self.rows.get(key)

    def put(self, key, row):
        self.rows[key] = row
        self._file.write(json.dumps({"key": key, "row": row}) + "\n")
        self._file.flush()


def log(*args):
    print(*args, file=sys.stderr, flush=True)
