"""LossLab's Keras oracle: runs real Keras over every configuration the page offers and writes what
Keras did, for src/core/keras/oracle.test.ts to compare with LossLab's semantics core.

Run once per backend, each in its own process (Keras picks its backend at import):

    KERAS_BACKEND=tensorflow python oracle.py --out ../../src/core/keras/fixtures/keras-oracle.tensorflow.json
    KERAS_BACKEND=jax        python oracle.py --out ../../src/core/keras/fixtures/keras-oracle.jax.json

(`npm run oracle` does both.) Three kinds of rows:

- fits: `model.fit` for one epoch on a model whose output layer is the activation over
  LossLab's logits (identity Dense layers named like the exported MLP, SGD with learning rate 0,
  so every batch sees exactly the given logits), for every output activation × loss variant
  (from_logits, focal options) × label encoding × train size/batch size setup, once with the
  loss alone (`metrics=[]`) and once per metric with a zero loss; then every loss × metric
  combination in which at least one of them failed, to see which error Keras raises first.
  A combination whose loss and metric both run alone also runs together (the metric only sees
  y_pred), so its numbers are the two rows' numbers.
- losses: one eager call of each loss on 6 samples of moderate and of saturated logits, with
  per-sample values, the reduced value, warnings and the gradient of the value with respect to
  the logits (tf.GradientTape / jax.grad), through the activation.
- metrics: one eager `update_state` of each metric (with `'accuracy'` resolved as compile does).
"""

import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import keras  # noqa: E402
from keras import layers, ops  # noqa: E402
from keras.src.losses.losses import LossFunctionWrapper  # noqa: E402

import common  # noqa: E402
from common import Warnings, error_record, f32, f32_list, log  # noqa: E402

BACKEND = keras.backend.backend()
# `--units 1|2` records the binary task (labels 0/1 from two classes, on one or two output units);
# without it, the ten digits. Read before anything else is defined: K shapes the data and model.
UNITS = int(sys.argv[sys.argv.index("--units") + 1]) if "--units" in sys.argv else None
BINARY = UNITS is not None
K = UNITS if BINARY else 10
# The classes labels are drawn from: the units' count, except on one unit (two classes, 0 and 1).
CLASSES = 2 if BINARY else K

ACTIVATIONS = ["linear", "sigmoid", "softmax"]
# Binary labels: (B,) uint8 ids, (B, 1) float32 columns, (B, 2) one-hot rows.
LABELS = ["int", "column", "onehot"] if BINARY else ["int", "onehot", "multihot"]
METRICS = [
    "accuracy",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "top_k_categorical_accuracy",
    "sparse_top_k_categorical_accuracy",
    "subset_accuracy",
    "hamming_loss",
]
if BINARY:
    METRICS = [
        "accuracy",
        "binary_accuracy",
        "categorical_accuracy",
        "sparse_categorical_accuracy",
    ]

# Train size / batch size pairs: the batch dimension TensorFlow sees depends on whether the last
# batch is partial, and broadcasts that fail for other sizes succeed when B is 1 or K.
SETUPS = [
    {"id": "full", "train": 128, "batch": 64},
    {"id": "partial", "train": 100, "batch": 64},
    {"id": "single-partial", "train": 40, "batch": 64},
    {"id": "batch-k", "train": 20, "batch": 10},
    {"id": "batch-k-partial", "train": 25, "batch": 10},
    {"id": "batch-one", "train": 3, "batch": 1},
]
if BINARY:
    # Every batch full (TF knows the batch size) and a partial last one (TF does not): the two
    # cases the binary task's shapes depend on at the page's batch sizes.
    SETUPS = [s for s in SETUPS if s["id"] in ("full", "partial")]
if BACKEND != "tensorflow":
    # JAX traces every batch shape with its concrete size: a lone partial batch behaves like a
    # full one, so that setup only tells TensorFlow's static and unknown batch sizes apart.
    SETUPS = [s for s in SETUPS if s["id"] != "single-partial"]
MAX_TRAIN = max(s["train"] for s in SETUPS)
# Where only the loss or only the metric fails, the combination raises that error: checked by
# running those combinations in these setups (every setup runs the ones where both fail).
ONE_FAILS = ("partial",)
# The order in which errors are raised does not depend on the activation or on which of several
# losses failing the same way fails: the pairs run with a softmax output and one loss of each
# kind of failure (Python shape check, broadcast in an element-wise op, sparse labels, the custom
# losses). Each loss and each metric alone runs for every activation.
COMBO_ACTIVATIONS = ("softmax",)
COMBO_VARIANTS = (
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "mean_squared_error",
    "kl_divergence",
    "weighted_binary_crossentropy:pos_weight=9.0",
    "abs_kl_divergence",
)
DIRECT_B = 6

# Exceptions that mean a bug in this script, never a result.
BUGS = (AttributeError, NameError, ImportError, KeyError)


def loss_variants():
    """Every loss the page offers, as the export constructs it. id -> (description, factory)."""
    L = keras.losses
    wbce = common.make_weighted_bce(BACKEND)
    out = {}

    def add(loss, from_logits, factory, options=None):
        vid = loss + (":logits" if from_logits else "")
        if options:
            vid += ":" + ",".join(f"{k}={v}" for k, v in sorted(options.items()))
        out[vid] = (
            {"loss": loss, "fromLogits": from_logits, **({"options": options} if options else {})},
            factory,
        )

    for fl in (False, True):
        add("binary_crossentropy", fl, lambda fl=fl, **kw: L.BinaryCrossentropy(from_logits=fl, **kw))
        add(
            "categorical_crossentropy",
            fl,
            lambda fl=fl, **kw: L.CategoricalCrossentropy(from_logits=fl, **kw),
        )
        add(
            "sparse_categorical_crossentropy",
            fl,
            lambda fl=fl, **kw: L.SparseCategoricalCrossentropy(from_logits=fl, **kw),
        )
        # The export writes from_logits only when it is True: that is what raises the TypeError.
        add(
            "mean_squared_error",
            fl,
            (lambda **kw: L.MeanSquaredError(from_logits=True, **kw))
            if fl
            else (lambda **kw: L.MeanSquaredError(**kw)),
        )
        add(
            "kl_divergence",
            fl,
            (lambda **kw: L.KLDivergence(from_logits=True, **kw))
            if fl
            else (lambda **kw: L.KLDivergence(**kw)),
        )
        add(
            "binary_focal_crossentropy",
            fl,
            lambda fl=fl, **kw: L.BinaryFocalCrossentropy(from_logits=fl, **kw),
        )
        add(
            "binary_focal_crossentropy",
            fl,
            lambda fl=fl, **kw: L.BinaryFocalCrossentropy(
                from_logits=fl, apply_class_balancing=True, alpha=0.25, gamma=2.0, **kw
            ),
            {"apply_class_balancing": True, "alpha": 0.25, "gamma": 2.0},
        )
    # Custom functions: they take y_pred as it is (the weighted loss reads it as logits).
    add(
        "weighted_binary_crossentropy",
        False,
        lambda **kw: LossFunctionWrapper(
            wbce, name="weighted_binary_crossentropy", **kw
        ),
        {"pos_weight": common.POS_WEIGHT},
    )
    add(
        "abs_kl_divergence",
        False,
        lambda **kw: LossFunctionWrapper(
            common.abs_kl_divergence, name="abs_kl_divergence", **kw
        ),
    )
    return out


def metric_identifier(name):
    if name == "subset_accuracy":
        return common.subset_accuracy
    if name == "hamming_loss":
        return common.hamming_loss
    return name


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


def make_data():
    """Deterministic logits and labels: moderate logits k/8 in [-4, 4] (exact in float32) for the
    fits, and 6-sample batches of moderate and saturated logits for the eager calls."""
    rng = np.random.default_rng(20240614)
    fit_logits = (rng.integers(-32, 33, (MAX_TRAIN, K)) / 8).astype(np.float32)
    fit_ids = rng.integers(0, CLASSES, MAX_TRAIN)
    fit_sets = multi_sets(rng, fit_ids)
    moderate = (rng.integers(-32, 33, (DIRECT_B, K)) / 8).astype(np.float32)
    big = np.array([-80, -40, -20, -12, -6, -1, 0, 1, 6, 12, 20, 40, 80], dtype=np.float32)
    saturated = rng.choice(big, (DIRECT_B, K)).astype(np.float32)
    direct_ids = rng.integers(0, CLASSES, DIRECT_B)
    # A confident mistake and a confident hit in the saturated batch.
    saturated[0, min(direct_ids[0], K - 1)] = -40
    saturated[1, min(direct_ids[1], K - 1)] = 40
    direct_sets = multi_sets(rng, direct_ids)
    return {
        "fit": {"logits": fit_logits, "ids": fit_ids, "sets": fit_sets},
        "regimes": {
            "moderate": {"logits": moderate, "ids": direct_ids, "sets": direct_sets},
            "saturated": {"logits": saturated, "ids": direct_ids, "sets": direct_sets},
        },
    }


def multi_sets(rng, ids):
    """1-3 distinct digits per sample, the first being the sample's class id."""
    if BINARY:
        return [[int(i)] for i in ids]
    sets = []
    for i in ids:
        extra = rng.choice([d for d in range(K) if d != i], rng.integers(0, 3), replace=False)
        sets.append(sorted([int(i), *map(int, extra)]))
    return sets


def labels_for(encoding, ids, sets):
    if encoding == "int":
        # uint8, as keras.datasets.mnist.load_data() returns them and LossLab's export uses them
        # (TF names the dtype in some error texts: Equal[T=DT_UINT8, ...]).
        return np.asarray(ids, dtype=np.uint8)
    if encoding == "column":
        return np.asarray(ids, dtype=np.float32).reshape(-1, 1)
    if encoding == "onehot":
        return np.eye(CLASSES, dtype=np.float32)[ids]
    y = np.zeros((len(sets), K), dtype=np.float32)
    for r, s in enumerate(sets):
        y[r, s] = 1
    return y


# ---------------------------------------------------------------------------------------------
# Fits
# ---------------------------------------------------------------------------------------------


def build_model(activation):
    """The exported MLP's layer names (Flatten, Dense, Dense) with identity weights, so that TF's
    node names in error texts are those of LossLab's exported script, and z passes unchanged."""
    kw = {} if activation == "linear" else {"activation": activation}
    return keras.Sequential(
        [
            keras.Input((K,)),
            layers.Flatten(),
            layers.Dense(K, kernel_initializer="identity", bias_initializer="zeros"),
            layers.Dense(K, kernel_initializer="identity", bias_initializer="zeros", **kw),
        ]
    )


def zero_loss(y_true, y_pred):
    """A loss that runs for any labels, so that a metric can be fitted on its own."""
    return ops.mean(y_pred * 0.0, axis=-1)


def fit_once(data, activation, loss_factory, metric, encoding, setup):
    keras.backend.clear_session()
    n, b = setup["train"], setup["batch"]
    x = data["fit"]["logits"][:n]
    y = labels_for(encoding, data["fit"]["ids"][:n], data["fit"]["sets"][:n])
    row = {}
    with Warnings() as w:
        try:
            loss = loss_factory()
        except TypeError as e:  # a keyword the loss does not take
            row["error"] = {**error_record(e), "phase": "construct"}
            return row
        try:
            model = build_model(activation)
            model.compile(
                optimizer=keras.optimizers.SGD(learning_rate=0.0),
                loss=loss,
                metrics=[metric_identifier(metric)] if metric else [],
            )
            history = model.fit(x, y, batch_size=b, epochs=1, shuffle=False, verbose=0).history
            row["history"] = {k: f32(v[0]) for k, v in history.items()}
        except BUGS:
            raise
        except Exception as e:  # noqa: BLE001 - Keras' error is the result
            row["error"] = error_record(e)
        finally:
            row["warnings"] = w.messages()
    if not row["warnings"]:
        del row["warnings"]
    return row


# ---------------------------------------------------------------------------------------------
# Eager calls: values, warnings, gradients
# ---------------------------------------------------------------------------------------------


def activate(z, activation):
    if activation == "linear":
        return z
    return keras.activations.get(activation)(z)


def loss_value_and_grad(loss_obj, y, z_np, activation):
    """The reduced loss and d loss / d logits, through the activation (which on TensorFlow caches
    the logits on its output, as the model's output layer does)."""
    if BACKEND == "tensorflow":
        import tensorflow as tf

        z = tf.constant(z_np)
        with tf.GradientTape() as tape:
            tape.watch(z)
            value = loss_obj(y, activate(z, activation))
        grad = tape.gradient(value, z)
        return np.asarray(value), None if grad is None else np.asarray(grad)
    import jax

    def fn(z):
        return loss_obj(y, activate(z, activation))

    value, grad = jax.value_and_grad(fn)(jax.numpy.asarray(z_np))
    return np.asarray(value), np.asarray(grad)


def direct_loss_row(description, factory, activation, encoding, regime):
    y = labels_for(encoding, regime["ids"], regime["sets"])
    z = regime["logits"]
    row = {}
    with Warnings() as w:
        try:
            loss_obj = factory()
            value, grad = loss_value_and_grad(loss_obj, y, z, activation)
            per_sample = factory(reduction=None)(y, activate(keras.ops.convert_to_tensor(z), activation))
            row["value"] = f32(value)
            row["perSample"] = f32_list(np.asarray(per_sample))
            if grad is not None:
                row["grad"] = f32_list(grad)
        except BUGS:
            raise
        except Exception as e:  # noqa: BLE001 - Keras' error is the result
            row["error"] = error_record(e)
        finally:
            row["warnings"] = w.messages()
    if not row["warnings"]:
        del row["warnings"]
    return row


def direct_metric_row(metric, activation, encoding, regime):
    from keras.src.trainers.compile_utils import get_metric

    y = labels_for(encoding, regime["ids"], regime["sets"])
    y_pred = activate(keras.ops.convert_to_tensor(regime["logits"]), activation)
    row = {}
    try:
        m = get_metric(metric_identifier(metric), y, y_pred)
        m.update_state(y, y_pred)
        row["value"] = f32(m.result())
        row["resolved"] = type(m).__name__ if type(m).__name__ != "MeanMetricWrapper" else m._fn.__name__
    except BUGS:
        raise
    except Exception as e:  # noqa: BLE001 - Keras' error is the result
        row["error"] = error_record(e)
    return row


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def data_json(data):
    def part(d):
        return {
            "logits": f32_list(d["logits"]),
            "ids": [int(i) for i in d["ids"]],
            "sets": d["sets"],
        }

    return {"fit": part(data["fit"]), **{k: part(v) for k, v in data["regimes"].items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="fixture JSON to write")
    parser.add_argument(
        "--cache",
        default=os.environ.get("KERAS_ORACLE_CACHE", os.path.join(HERE, ".cache")),
        help="folder for the resumable row cache",
    )
    parser.add_argument("--units", type=int, choices=(1, 2), help="the binary task on 1 or 2 units")
    parser.add_argument("--limit", type=int, default=0, help="stop after this many new rows")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="write only the rows already cached (a partial fixture, while a run is under way)",
    )
    args = parser.parse_args()

    cache = common.RowCache(args.cache, f"semantics-{BACKEND}" + (f"-binary{K}" if BINARY else ""))
    data = make_data()
    variants = loss_variants()
    started = time.time()
    new_fits = 0

    def cached(key, compute):
        nonlocal new_fits
        key = key.replace("|int|", "|int:uint8|")
        row = cache.get(key)
        if row is None and args.cached_only:
            return {"missing": True}
        if row is None:
            if args.limit and new_fits >= args.limit:
                raise SystemExit(f"stopped after --limit {args.limit} fits; run again to resume")
            row = compute()
            cache.put(key, row)
            new_fits += 1
            if new_fits % 50 == 0:
                log(f"  {new_fits} new rows, {time.time() - started:.0f} s")
        return row

    log(f"[{BACKEND}] eager loss and metric calls")
    losses = []
    metrics = []
    for regime_name, regime in data["regimes"].items():
        for act in ACTIVATIONS:
            for enc in LABELS:
                for vid, (desc, factory) in variants.items():
                    key = f"loss|{regime_name}|{act}|{enc}|{vid}"
                    row = cached(key, lambda: direct_loss_row(desc, factory, act, enc, regime))
                    losses.append({"regime": regime_name, "activation": act, "labels": enc, "variant": vid, **row})
                for metric in METRICS:
                    key = f"metric|{regime_name}|{act}|{enc}|{metric}"
                    row = cached(key, lambda: direct_metric_row(metric, act, enc, regime))
                    metrics.append({"regime": regime_name, "activation": act, "labels": enc, "metric": metric, **row})

    log(f"[{BACKEND}] fits: each loss alone")
    loss_fits = {}
    for setup in SETUPS:
        for act in ACTIVATIONS:
            for enc in LABELS:
                for vid, (_, factory) in variants.items():
                    key = f"fit-loss|{setup['id']}|{act}|{enc}|{vid}"
                    loss_fits[(setup["id"], act, enc, vid)] = cached(
                        key, lambda: fit_once(data, act, factory, None, enc, setup)
                    )

    log(f"[{BACKEND}] fits: each metric alone (zero loss)")
    zero = lambda: LossFunctionWrapper(zero_loss, name="zero_loss")  # noqa: E731
    metric_fits = {}
    for setup in SETUPS:
        for act in ACTIVATIONS:
            for enc in LABELS:
                for metric in METRICS:
                    key = f"fit-metric|{setup['id']}|{act}|{enc}|{metric}"
                    metric_fits[(setup["id"], act, enc, metric)] = cached(
                        key, lambda: fit_once(data, act, zero, metric, enc, setup)
                    )

    log(f"[{BACKEND}] fits: loss and metric together where either fails")
    combos = []
    for setup in SETUPS:
        for act in COMBO_ACTIVATIONS:
            for enc in LABELS:
                for vid, (_, factory) in variants.items():
                    if vid not in COMBO_VARIANTS:
                        continue
                    lrow = loss_fits[(setup["id"], act, enc, vid)]
                    if lrow.get("error", {}).get("phase") == "construct":
                        continue  # raised before compile, whatever the metric
                    for metric in METRICS:
                        mrow = metric_fits[(setup["id"], act, enc, metric)]
                        failures = ("error" in lrow) + ("error" in mrow)
                        if failures == 0 or (failures == 1 and setup["id"] not in ONE_FAILS):
                            continue
                        key = f"fit-both|{setup['id']}|{act}|{enc}|{vid}|{metric}"
                        row = cached(key, lambda: fit_once(data, act, factory, metric, enc, setup))
                        combos.append(
                            {"setup": setup["id"], "activation": act, "labels": enc, "variant": vid, "metric": metric, **row}
                        )

    fixture = {
        "about": "Written by scripts/keras-oracle/oracle.py (npm run oracle); do not edit by hand.",
        "versions": common.versions(),
        "K": K,
        **({"task": "binary", "classes": CLASSES} if BINARY else {}),
        "epsilon": f32(common.EPSILON),
        "posWeight": common.POS_WEIGHT,
        "threshold": common.THRESHOLD,
        "setups": SETUPS,
        "variants": {vid: desc for vid, (desc, _) in variants.items()},
        "metrics": METRICS,
        "combinations": {
            "activations": list(COMBO_ACTIVATIONS),
            "variants": list(COMBO_VARIANTS),
            "oneFails": list(ONE_FAILS),
        },
        "data": data_json(data),
        "losses": losses,
        "metricValues": metrics,
        "lossFits": [
            {"setup": s, "activation": a, "labels": e, "variant": v, **row}
            for (s, a, e, v), row in loss_fits.items()
        ],
        "metricFits": [
            {"setup": s, "activation": a, "labels": e, "metric": m, **row}
            for (s, a, e, m), row in metric_fits.items()
        ],
        "combinedFits": combos,
    }
    missing = 0
    for key, value in fixture.items():
        if isinstance(value, list):
            kept = [r for r in value if not (isinstance(r, dict) and r.get("missing"))]
            missing += len(value) - len(kept)
            fixture[key] = kept
    if missing:
        # A --cached-only fixture of a run still under way: the tests compare its rows and say
        # that its coverage is not complete.
        fixture["incomplete"] = missing
    write_fixture(args.out, fixture)
    log(f"[{BACKEND}] wrote {args.out} in {time.time() - started:.0f} s ({new_fits} new rows)")


def write_fixture(path, fixture):
    """Compact JSON, one row per line (readable diffs, a few hundred kB)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write("{\n")
        items = list(fixture.items())
        for i, (key, value) in enumerate(items):
            sep = "," if i < len(items) - 1 else ""
            if isinstance(value, list) and value and isinstance(value[0], dict):
                f.write(f"  {json.dumps(key)}: [\n")
                for j, row in enumerate(value):
                    comma = "," if j < len(value) - 1 else ""
                    f.write("    " + json.dumps(row, separators=(",", ":")) + comma + "\n")
                f.write(f"  ]{sep}\n")
            else:
                f.write(f"  {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}{sep}\n")
        f.write("}\n")


if __name__ == "__main__":
    main()
