"""What Keras prints for an epoch of `model.fit(..., verbose=2)`: the log-line fixture.

Trains three tiny models (a softmax classifier with metrics=['accuracy'], a regression-style one
with metrics=['mse'], and a one-unit sigmoid classifier with the binary task's
metrics=['accuracy', Precision(), Recall(), AUC()]) for one epoch each on the Keras backend in KERAS_BACKEND and prints the
JSON entries for src/core/keras/fixtures/keras-log.json: the line exactly as Keras printed it
(its epoch and step times differ from run to run; the format is what the fixture records).

    KERAS_BACKEND=jax python scripts/keras-oracle/keras_log.py
"""

import contextlib
import io
import json
import os

import numpy as np
import keras


def fit_line(loss, metrics, y, units, activation="softmax"):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((160, 8), dtype=np.float32)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(units, activation=activation)])
    model.compile(optimizer="adam", loss=loss, metrics=metrics)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.fit(x, y, batch_size=32, epochs=1, validation_data=(x, y), verbose=2)
    lines = [line for line in out.getvalue().splitlines() if "/step" in line]
    return lines[-1].strip()


def main():
    rng = np.random.default_rng(1)
    ids = rng.integers(0, 10, 160)
    onehot = np.eye(10, dtype=np.float32)[ids]
    source = f"Keras {keras.__version__}, {os.environ.get('KERAS_BACKEND', 'tensorflow')}"
    entries = [
        {"source": source, "metricKey": "accuracy", "line": fit_line("categorical_crossentropy", ["accuracy"], onehot, 10)},
        {"source": source, "metricKey": "mse", "line": fit_line("mean_squared_error", ["mse"], onehot, 10)},
        {
            "source": source,
            "metricKey": "accuracy",
            "line": fit_line(
                "binary_crossentropy",
                ["accuracy", keras.metrics.Precision(), keras.metrics.Recall(), keras.metrics.AUC()],
                (ids == 3).astype(np.float32)[:, None],
                1,
                "sigmoid",
            ),
        },
    ]
    print(json.dumps(entries, indent=2))


if __name__ == "__main__":
    main()
