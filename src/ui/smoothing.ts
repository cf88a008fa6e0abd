/**
 * Exponential moving average with TensorBoard's debiasing, so the first points are not pulled
 * toward zero: s_t = (α·m_{t-1} + (1-α)·x_t) / (1 - α^t). Non-finite values are passed through
 * without disturbing the average.
 */
export function smooth(values: readonly number[], weight = 0.8): number[] {
  let last = 0;
  let steps = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    last = weight * last + (1 - weight) * value;
    steps += 1;
    return last / (1 - weight ** steps);
  });
}
