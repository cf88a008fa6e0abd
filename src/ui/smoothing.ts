/**
 * Smoothing of the per-batch series. Each point is the mean loss (or metric) of the batches
 * since the previous point: the worker sends a few points a second, so one point stands for one
 * batch when training is slow and for dozens when it is fast. The average therefore runs over
 * batches, not points: a point of k batches enters as k batches of its mean. A fixed weight per
 * point would lag by a fixed number of *points*, which on a fast backend is most of an epoch (the
 * line would end near 0.9 while the epoch's loss is 0.38).
 *
 * `span` is the time constant in batches (each batch's weight decays by e^(−1/span)); the
 * average is debiased as TensorBoard does, so the first points are not pulled toward 0.
 * Non-finite values pass through without disturbing the average. `x` is in epochs, so the batches
 * of a point are (x − previous x) · batchesPerEpoch.
 */
export function smoothOverBatches(
  points: readonly { x: number; y: number }[],
  batchesPerEpoch: number,
  span = 8,
): { x: number; y: number }[] {
  const perBatch = Math.exp(-1 / span);
  let mean = 0;
  let weight = 0;
  let previousX = 0;
  return points.map(({ x, y }) => {
    const batches = Math.max(1, Math.round((x - previousX) * batchesPerEpoch));
    previousX = x;
    if (!Number.isFinite(y)) return { x, y };
    const keep = perBatch ** batches;
    mean = keep * mean + (1 - keep) * y;
    weight = keep * weight + (1 - keep);
    return { x, y: mean / weight };
  });
}
