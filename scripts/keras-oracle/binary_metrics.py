"""Keras' Precision, Recall and AUC on binary scores: the fixture for src/core/binaryMetrics.ts.

Builds a few sets of scores (probabilities, scores exactly on thresholds, constant scores, logits
outside [0, 1]) with 0/1 answers, runs the metric classes of real Keras on them (one
`update_state` over all samples, as `evaluate` accumulates them) and prints the JSON that
src/core/binaryMetrics.keras.json holds.

    KERAS_BACKEND=jax python scripts/keras-oracle/binary_metrics.py > src/core/binaryMetrics.keras.json
"""

import json
import os

import numpy as np
import keras


def cases():
    rng = np.random.default_rng(21)
    n = 300
    targets = (rng.random(n) < 0.1).astype(np.float32)
    probs = np.clip(rng.normal(0.2 + 0.5 * targets, 0.2), 0, 1).astype(np.float32)
    yield "probabilities, 10% yes", probs, targets
    grid = (np.arange(40) % 11 / 10).astype(np.float32)
    yield "scores on the thresholds", grid, (np.arange(40) % 3 == 0).astype(np.float32)
    yield "constant scores", np.full(20, 0.3, np.float32), (np.arange(20) < 5).astype(np.float32)
    logits = rng.normal(2 * targets - 1, 1.5).astype(np.float32)
    yield "logits outside [0, 1]", logits, targets
    yield "no yes at all", probs[:50], np.zeros(50, np.float32)


def value(metric, scores, targets):
    metric.update_state(targets.reshape(-1, 1), scores.reshape(-1, 1))
    return float(metric.result())


def main():
    out = {
        "source": f"Keras {keras.__version__}, {os.environ.get('KERAS_BACKEND', 'tensorflow')}",
        "cases": [],
    }
    for name, scores, targets in cases():
        out["cases"].append(
            {
                "name": name,
                "scores": [float(s) for s in scores],
                "targets": [int(t) for t in targets],
                "precision": value(keras.metrics.Precision(), scores, targets),
                "recall": value(keras.metrics.Recall(), scores, targets),
                "precision_030": value(keras.metrics.Precision(thresholds=0.3), scores, targets),
                "recall_030": value(keras.metrics.Recall(thresholds=0.3), scores, targets),
                "auc": value(keras.metrics.AUC(), scores, targets),
                "auc_pr": value(keras.metrics.AUC(curve="PR"), scores, targets),
                "auc_11": value(keras.metrics.AUC(num_thresholds=11), scores, targets),
            }
        )
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
