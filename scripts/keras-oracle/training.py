"""Step-by-step training in real Keras, for src/ml/kerasTraining.test.ts.

Reads the inputs written by trainingInputs.gen.ts (LossLab's digits, initial weights and batch
order for each case of src/test/kerasTraining.ts), trains the exported MLP
(Flatten -> Dense(units, relu) -> Dense(10, activation)) with keras.optimizers.Adam for 30 steps
with `train_on_batch`, one batch after the other in LossLab's order, and writes each step's loss
(computed before that step's update) and the final weights.

    KERAS_BACKEND=tensorflow python training.py --inputs inputs.json --out keras-training.json

Final weights are stored as (final - initial) / 2^-17 rounded to int16, zlib-deflated and base64
(see DELTA_SCALE in src/test/kerasTraining.ts).
"""

import argparse
import base64
import json
import os
import sys
import time
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import keras  # noqa: E402
from keras import layers  # noqa: E402

import common  # noqa: E402
from common import f32, log  # noqa: E402

DELTA_SCALE = 2.0**-17
K = 10


def b64(kind, text):
    return np.frombuffer(base64.b64decode(text), dtype=kind)


def loss_object(config):
    fl = config["fromLogits"]
    name = config["loss"]
    if name == "binary_crossentropy":
        return keras.losses.BinaryCrossentropy(from_logits=fl)
    if name == "categorical_crossentropy":
        return keras.losses.CategoricalCrossentropy(from_logits=fl)
    if name == "sparse_categorical_crossentropy":
        return keras.losses.SparseCategoricalCrossentropy(from_logits=fl)
    raise ValueError(f"no training case for {name}")


def build(config, pixels, initial):
    act = config["activation"]
    kw = {} if act == "linear" else {"activation": act}
    model = keras.Sequential(
        [
            keras.Input((pixels,)),
            layers.Dense(config["units"], activation="relu"),
            layers.Dense(K, **kw),
        ]
    )
    shapes = [w.shape for w in model.get_weights()]
    weights = [b64(np.float32, w).reshape(s) for w, s in zip(initial, shapes)]
    model.set_weights(weights)
    return model, weights


def run_case(case):
    keras.backend.clear_session()
    config = case["config"]
    n, pixels = case["count"], case["pixels"]
    x = b64(np.uint8, case["images"]).reshape(n, pixels).astype(np.float32) / np.float32(255)
    if "targets" in case:
        y = b64(np.uint8, case["targets"]).reshape(n, K).astype(np.float32)
    elif config["labels"] == "int":
        y = b64(np.uint8, case["labels"]).astype(np.int64)
    else:
        y = np.eye(K, dtype=np.float32)[b64(np.uint8, case["labels"])]
    order = b64(np.int32, case["order"])
    model, initial = build(config, pixels, case["initial"])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=config["learningRate"]),
        loss=loss_object(config),
    )
    b = config["batchSize"]
    losses = []
    with common.Warnings() as w:
        for start in range(0, n, b):
            idx = order[start : start + b]
            logs = model.train_on_batch(x[idx], y[idx], return_dict=True)
            losses.append(f32(logs["loss"]))
    final = model.get_weights()
    deltas = []
    for a, z in zip(initial, final):
        q = np.rint((z.astype(np.float64) - a.astype(np.float64)) / DELTA_SCALE)
        if np.abs(q).max() >= 32768:
            raise RuntimeError("a weight moved too far for the int16 encoding")
        deltas.append(
            base64.b64encode(zlib.compress(q.astype("<i2").tobytes(), 9)).decode("ascii")
        )
    return {
        "id": case["id"],
        "config": config,
        "fingerprint": case["fingerprint"],
        "losses": losses,
        "finalDelta": deltas,
        **({"warnings": w.messages()} if w.messages() else {}),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.inputs) as f:
        cases = json.load(f)["cases"]
    started = time.time()
    results = []
    for case in cases:
        results.append(run_case(case))
        for earlier in results[:-1]:
            # TF trains some cases identically (cached logits): store their weights once.
            if earlier.get("finalDelta") == results[-1]["finalDelta"]:
                results[-1]["finalDelta"] = {"sameAs": earlier["id"]}
                break
        log(f"  {case['id']}: first loss {results[-1]['losses'][0]}, last {results[-1]['losses'][-1]}")
    fixture = {
        "about": "Written by scripts/keras-oracle/training.py (npm run oracle); do not edit by hand.",
        "versions": common.versions(),
        "deltaScale": DELTA_SCALE,
        "cases": results,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("{\n")
        items = list(fixture.items())
        for i, (k, v) in enumerate(items):
            sep = "," if i < len(items) - 1 else ""
            if k == "cases":
                f.write('  "cases": [\n')
                for j, c in enumerate(v):
                    f.write("    " + json.dumps(c, separators=(",", ":")) + ("," if j < len(v) - 1 else "") + "\n")
                f.write(f"  ]{sep}\n")
            else:
                f.write(f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}{sep}\n")
        f.write("}\n")
    log(f"wrote {args.out} in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
