/**
 * The backward pass of a ReLU layer's mask and bias (wasmReluGrad.ts' `LossLabReluBiasGrad`) on
 * WebGPU: from the gradient `dy` of a layer's output `y = relu(pre)` (both `[rows, cols]`: the
 * batch for a Dense layer, the NHWC pixels `B·H·W` for a convolution) the pre-activation's
 * gradient `dx = dy · step(y)` and the bias gradient `db = Σ_rows dx`.
 *
 * On tfjs' ops this is `Step`, `Cast`, `Mul` and a `Sum` over the rows. tfjs' `Sum` along the
 * first axis transposes and then reduces each column in one workgroup through workgroup memory
 * and barriers: on SwiftShader the first convolution's bias gradient (43,264 rows, 8 columns)
 * took more than half of the CNN's step. Here it is three barrier-free programs
 * (webgpuProgram.ts): the masked product, partial column sums over slices of about √rows rows
 * (one invocation per slice and column), then the sum of the partials. No invocation writes
 * another's output; every read is inside its buffer.
 *
 * The mask is tfjs' `step`: 1 where y > 0, NaN where y is NaN (it then makes `dx` NaN), else 0.
 * The sums add in another order than the CPU backend's, so `db` agrees with it to float32
 * rounding (src/ml/webgpuKernels.test.ts).
 */
import type * as tf from './tfjs';
import type { WebGPUBackendLike } from './webgpuProgram';
import { flatProgram, ints, sumPartials } from './webgpuProgram';

/** `dy · step(y)` at flat index `i` (WGSL expression over the inputs `dy` and `y`). */
const masked = (i: string) =>
  `dy[${i}] * select(select(0.0, 1.0, y[${i}] > 0.0), y[${i}], isnan(y[${i}]))`;

/** Rows per partial sum: about √rows, so both passes stay short and the first fills the GPU. */
export const rowsPerPartial = (rows: number): number => Math.max(1, Math.ceil(Math.sqrt(rows)));

/**
 * `[dx, db]` for `dy` and `y` (`[rows, cols]` float32), or null for any other input (the caller
 * runs tfjs' ops). The caller owns both results.
 */
export function reluBiasGrad(
  backend: WebGPUBackendLike,
  dy: tf.TensorInfo,
  y: tf.TensorInfo,
): [tf.TensorInfo, tf.TensorInfo] | null {
  if (dy.dtype !== 'float32' || y.dtype !== 'float32') return null;
  if (dy.shape.length !== 2 || y.shape.length !== 2) return null;
  const [rows, cols] = dy.shape as [number, number];
  if (y.shape[0] !== rows || y.shape[1] !== cols) return null;
  const chunk = rowsPerPartial(rows);
  const partials = Math.ceil(rows / chunk);
  const dx = backend.runWebGPUProgram(
    flatProgram(
      [rows, cols],
      'losslab_relu_mask',
      ['dy', 'y'],
      '',
      `setOutputAtIndex(index, ${masked('index')});`,
    ),
    [dy, y],
    'float32',
  );
  const partial = backend.runWebGPUProgram(
    flatProgram(
      [partials, cols],
      'losslab_relu_bias_partial',
      ['dy', 'y'],
      'rows : i32, cols : i32, chunk : i32,',
      `let c = index % uniforms.cols;
      let p = index / uniforms.cols;
      let end = min(uniforms.rows, (p + 1) * uniforms.chunk);
      var sum = 0.0;
      for (var r = p * uniforms.chunk; r < end; r++) {
        let i = r * uniforms.cols + c;
        sum = sum + ${masked('i')};
      }
      setOutputAtIndex(index, sum);`,
    ),
    [dy, y],
    'float32',
    ints(rows, cols, chunk),
  );
  try {
    const db = sumPartials(backend, partial, [cols]);
    return [dx, db];
  } finally {
    backend.disposeData(partial.dataId);
  }
}
