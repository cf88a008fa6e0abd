"""Native reference for `npm run bench`: the same two models trained with PyTorch on the CPU.

MLP 784 -> Dense(128, ReLU) -> Dense(10); CNN Conv(8, 3x3, ReLU) -> MaxPool 2 -> Conv(16, 3x3,
ReLU) -> MaxPool 2 -> Dense(10); softmax cross-entropy on the logits, Adam(1e-3, eps 1e-7),
batch 64, the first N digits of LossLab's MNIST file, reshuffled each epoch. Prints one JSON
object: per model and thread count, the median samples per second of the epochs after the first
(the first warms up), and the best over the thread counts. Both one thread and all cores are
measured: on a machine shared with other jobs PyTorch's OpenMP threads can be far slower than
one thread.

Usage: python3 bench/native.py <mnist-10k.bin.gz> [--seconds S] [--threads 1,2]
"""
import argparse
import gzip
import json
import os
import re
import struct
import time

import torch
from torch import nn


def load(path, count):
    # The file travels gzipped (data/mnist-10k.bin.gz); an uncompressed copy reads as well.
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    magic, _version, total, rows, cols, images_at, labels_at, _crc = struct.unpack_from("<4s7I", data)
    if magic != b"LLMN":
        raise SystemExit(f"{path} is not a LossLab MNIST file")
    count = min(count, total)
    pixels = torch.frombuffer(bytearray(data[images_at:images_at + count * rows * cols]), dtype=torch.uint8)
    labels = torch.frombuffer(bytearray(data[labels_at:labels_at + count]), dtype=torch.uint8)
    return pixels.float().div(255).reshape(count, rows * cols), labels.long()


def model_of(kind):
    if kind == "mlp":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 10),
    )


def bench(kind, x, y, seconds, batch=64):
    torch.manual_seed(42)
    model = model_of(kind)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    rates = []
    started = time.perf_counter()
    epoch = 0
    while epoch < 3 or (time.perf_counter() - started < seconds and epoch < 50):
        order = torch.randperm(len(x))
        t0 = time.perf_counter()
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
        loss.item()
        if epoch > 0:
            rates.append(len(x) / (time.perf_counter() - t0))
        epoch += 1
    rates.sort()
    return round(rates[len(rates) // 2])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mnist")
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--threads", default=f"1,{os.cpu_count() or 1}")
    args = parser.parse_args()
    # Which BLAS the build links decides the MLP's speed: Debian's python3-torch calls the
    # reference BLAS (BLAS_INFO=generic, about 10x slower for the dense layers than PyPI's
    # build with MKL), so the report names it and does not score a target against it.
    blas = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    result = {"torch": torch.__version__, "blas": blas.group(1) if blas else "unknown"}
    for kind, count in (("mlp", 3200), ("cnn", 1280)):
        x, y = load(args.mnist, count)
        rates = {}
        for threads in sorted({int(t) for t in args.threads.split(",")}):
            torch.set_num_threads(threads)
            rates[str(threads)] = bench(kind, x, y, args.seconds)
        best = max(rates, key=rates.get)
        result[kind] = {"samplesPerSec": rates[best], "threads": int(best), "byThreads": rates}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
