/**
 * The CNN's convolution kernels on WebGPU as direct, barrier-free WGSL programs
 * (webgpuProgram.ts), in place of tfjs' tiled `Conv2DMMProgram` and its filter and input
 * gradients (the pooling gradient is in webgpuPool.ts). On SwiftShader tfjs' tiled convolution took 5.7 s of a
 * 7.2 s CNN step; see the README's "On WebGPU" for the measurements.
 *
 * Channels-last (NHWC) only; every other layout returns null and the caller runs tfjs' kernel.
 * Each output element is one invocation that sums its products in a fixed order, so the results
 * equal the CPU backend's to float32 rounding (src/ml/webgpuKernels.test.ts).
 */
import * as tf from './tfjs';
import type { WebGPUBackendLike } from './webgpuProgram';
import { flatProgram, ints, sumPartials } from './webgpuProgram';

type Attrs = Record<string, unknown>;
type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: Attrs,
  dilations: number | [number, number] = 1,
): Conv2DInfo | null {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') return null;
  if (xShape.length !== 4 || filterShape.length !== 4) return null;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    dilations,
    attrs.pad as 'valid',
    attrs.dimRoundingMode as 'floor' | undefined,
    false,
    'channelsLast',
  );
}

/** Writes `sum` (one value, or four consecutive channels as a vec4) from output index `out`. */
const writeSum = (vec4: boolean) =>
  vec4
    ? `setOutputAtIndex(out, sum.x);
    setOutputAtIndex(out + 1, sum.y);
    setOutputAtIndex(out + 2, sum.z);
    setOutputAtIndex(out + 3, sum.w);`
    : 'setOutputAtIndex(out, sum);';

const CONV_UNIFORMS =
  'strideH : i32, strideW : i32, padTop : i32, padLeft : i32, dilH : i32, dilW : i32,';
const convUniforms = (info: Conv2DInfo) =>
  ints(
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.dilationHeight,
    info.dilationWidth,
  );

/**
 * `y[b, r, c, o] = act(Σ_{i, j, d} x[b, r·s − pad + i·dil, c·s − pad + j·dil, d] · w[i, j, d, o]
 * + bias[o])`: `Conv2D`, and `FusedConv2D` with a bias and ReLU or no activation (the written-out
 * CNN step's forward pass, src/ml/convStep.ts).
 */
export function conv2D(
  backend: WebGPUBackendLike,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  attrs: Attrs,
  fused: { bias?: tf.TensorInfo; activation: 'linear' | 'relu' } = { activation: 'linear' },
): tf.TensorInfo | null {
  const dilations = (attrs.dilations ?? 1) as number | [number, number];
  const info = convInfo(x.shape, filter.shape, attrs, dilations);
  if (!info) return null;
  const { bias, activation } = fused;
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== info.outChannels)) return null;
  // Four output channels per invocation where they divide evenly: each input value read once
  // serves four products, and the index arithmetic is shared.
  const vec4 = info.outChannels % 4 === 0;
  const program = flatProgram(
    info.outShape,
    `losslab_conv2d${vec4 ? '_vec4' : ''}${bias ? '_bias' : ''}${activation === 'relu' ? '_relu' : ''}`,
    bias ? ['x', 'w', 'bias'] : ['x', 'w'],
    CONV_UNIFORMS,
    `let xs = uniforms.xShape;
    let ws = uniforms.wShape;
    let os = uniforms.outShape;
    let lanes = ${vec4 ? 'os.w / 4' : 'os.w'};
    if (index >= os.x * os.y * os.z * lanes) { return; }
    let o = (index % lanes) * ${vec4 ? 4 : 1};
    let pixel = index / lanes;
    let oc = pixel % os.z;
    let orow = (pixel / os.z) % os.y;
    let batch = pixel / (os.z * os.y);
    let r0 = orow * uniforms.strideH - uniforms.padTop;
    let c0 = oc * uniforms.strideW - uniforms.padLeft;
    var sum = ${vec4 ? 'vec4<f32>(0.0)' : '0.0'};
    for (var i = 0; i < ws.x; i++) {
      let xr = r0 + i * uniforms.dilH;
      if (xr < 0 || xr >= xs.y) { continue; }
      for (var j = 0; j < ws.y; j++) {
        let xc = c0 + j * uniforms.dilW;
        if (xc < 0 || xc >= xs.z) { continue; }
        let xBase = ((batch * xs.y + xr) * xs.z + xc) * xs.w;
        var wi = (i * ws.y + j) * ws.z * ws.w + o;
        for (var d = 0; d < xs.w; d++) {
          sum = sum + x[xBase + d] * ${vec4 ? 'vec4<f32>(w[wi], w[wi + 1], w[wi + 2], w[wi + 3])' : 'w[wi]'};
          wi = wi + ws.w;
        }
      }
    }
    ${bias ? `sum = sum + ${vec4 ? 'vec4<f32>(bias[o], bias[o + 1], bias[o + 2], bias[o + 3])' : 'bias[o]'};` : ''}
    ${
      // tfjs' ReLU: negatives become 0, NaN stays NaN (a comparison with NaN is false).
      activation === 'relu'
        ? `sum = select(sum, ${vec4 ? 'vec4<f32>(0.0)' : '0.0'}, sum < ${vec4 ? 'vec4<f32>(0.0)' : '0.0'});`
        : ''
    }
    let out = pixel * os.w + o;
    ${writeSum(vec4)}`,
    vec4 ? tf.util.sizeFromShape(info.outShape) / 4 : undefined,
  );
  return backend.runWebGPUProgram(
    program,
    bias ? [x, filter, bias] : [x, filter],
    'float32',
    convUniforms(info),
  );
}

/** The input gradient: `dx[b, r, c, d] = Σ dy[b, yr, yc, o] · w[i, j, d, o]` over the taps that read it. */
export function conv2DBackpropInput(
  backend: WebGPUBackendLike,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  attrs: Attrs,
): tf.TensorInfo | null {
  const info = convInfo(attrs.inputShape as number[], filter.shape, attrs);
  if (!info) return null;
  // Four input channels per invocation where they divide evenly (as in `conv2D`).
  const vec4 = info.inChannels % 4 === 0;
  const program = flatProgram(
    info.inShape,
    vec4 ? 'losslab_conv2d_dx_vec4' : 'losslab_conv2d_dx',
    ['dy', 'w'],
    CONV_UNIFORMS,
    `let ds = uniforms.dyShape;
    let ws = uniforms.wShape;
    let os = uniforms.outShape;
    let lanes = ${vec4 ? 'os.w / 4' : 'os.w'};
    if (index >= os.x * os.y * os.z * lanes) { return; }
    let d = (index % lanes) * ${vec4 ? 4 : 1};
    let pixel = index / lanes;
    let xc = pixel % os.z;
    let xr = (pixel / os.z) % os.y;
    let batch = pixel / (os.z * os.y);
    var sum = ${vec4 ? 'vec4<f32>(0.0)' : '0.0'};
    for (var i = 0; i < ws.x; i++) {
      let tr = xr + uniforms.padTop - i * uniforms.dilH;
      if (tr < 0 || tr % uniforms.strideH != 0) { continue; }
      let yr = tr / uniforms.strideH;
      if (yr >= ds.y) { continue; }
      for (var j = 0; j < ws.y; j++) {
        let tc = xc + uniforms.padLeft - j * uniforms.dilW;
        if (tc < 0 || tc % uniforms.strideW != 0) { continue; }
        let yc = tc / uniforms.strideW;
        if (yc >= ds.z) { continue; }
        let dyBase = ((batch * ds.y + yr) * ds.z + yc) * ds.w;
        let wBase = ((i * ws.y + j) * ws.z + d) * ws.w;
        for (var o = 0; o < ds.w; o++) {
          let wi = wBase + o;
          sum = sum + dy[dyBase + o] * ${
            vec4 ? 'vec4<f32>(w[wi], w[wi + ws.w], w[wi + 2 * ws.w], w[wi + 3 * ws.w])' : 'w[wi]'
          };
        }
      }
    }
    let out = pixel * os.w + d;
    ${writeSum(vec4)}`,
    vec4 ? tf.util.sizeFromShape(info.inShape) / 4 : undefined,
  );
  return backend.runWebGPUProgram(program, [dy, filter], 'float32', convUniforms(info));
}

/** Batch items per partial sum of the filter gradient (at most this many partials). */
const FILTER_PARTIALS = 64;

/**
 * The filter gradient `dw[i, j, d, o] = Σ_{b, yr, yc} x[b, ·, ·, d] · dy[b, yr, yc, o]`, in two
 * barrier-free passes: partial sums over slices of the batch (one invocation per slice and filter
 * element, so a filter of 72 weights still fills a GPU), then the sum of the partials.
 */
export function conv2DBackpropFilter(
  backend: WebGPUBackendLike,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  attrs: Attrs,
): tf.TensorInfo | null {
  const filterShape = attrs.filterShape as number[];
  const info = convInfo(x.shape, filterShape, attrs);
  if (!info) return null;
  const batch = x.shape[0] as number;
  const chunk = Math.ceil(batch / FILTER_PARTIALS);
  const partials = Math.ceil(batch / chunk);
  const weights = filterShape.reduce((a, b) => a * b, 1);
  const [, fw, inC, outC] = filterShape as [number, number, number, number];
  // Four output channels per invocation where they divide evenly: each input value read serves
  // four products, and the index arithmetic is shared (as in `conv2D`).
  const vec4 = outC % 4 === 0;
  const zero = vec4 ? 'vec4<f32>(0.0)' : '0.0';
  const partial = backend.runWebGPUProgram(
    flatProgram(
      [partials, weights],
      vec4 ? 'losslab_conv2d_dw_partial_vec4' : 'losslab_conv2d_dw_partial',
      ['x', 'dy'],
      `${CONV_UNIFORMS} chunk : i32, fw : i32, inC : i32, outC : i32,`,
      `let lanes = ${vec4 ? 'uniforms.outShape.y / 4' : 'uniforms.outShape.y'};
      if (index >= uniforms.outShape.x * lanes) { return; }
      let p = index / lanes;
      let k = (index % lanes) * ${vec4 ? 4 : 1};
      let o = k % uniforms.outC;
      let d = (k / uniforms.outC) % uniforms.inC;
      let j = (k / (uniforms.outC * uniforms.inC)) % uniforms.fw;
      let i = k / (uniforms.outC * uniforms.inC * uniforms.fw);
      let xs = uniforms.xShape;
      let ds = uniforms.dyShape;
      let bEnd = min(xs.x, (p + 1) * uniforms.chunk);
      var sum = ${zero};
      for (var b = p * uniforms.chunk; b < bEnd; b++) {
        for (var yr = 0; yr < ds.y; yr++) {
          let xr = yr * uniforms.strideH - uniforms.padTop + i * uniforms.dilH;
          if (xr < 0 || xr >= xs.y) { continue; }
          let xRow = (b * xs.y + xr) * xs.z;
          let dyRow = (b * ds.y + yr) * ds.z;
          for (var yc = 0; yc < ds.z; yc++) {
            let xc = yc * uniforms.strideW - uniforms.padLeft + j * uniforms.dilW;
            if (xc < 0 || xc >= xs.z) { continue; }
            let g = (dyRow + yc) * ds.w + o;
            sum = sum + x[(xRow + xc) * xs.w + d] * ${
              vec4 ? 'vec4<f32>(dy[g], dy[g + 1], dy[g + 2], dy[g + 3])' : 'dy[g]'
            };
          }
        }
      }
      let out = p * uniforms.outShape.y + k;
      ${writeSum(vec4)}`,
      vec4 ? (partials * weights) / 4 : undefined,
    ),
    [x, dy],
    'float32',
    [...convUniforms(info), ...ints(chunk, fw, inC, outC)],
  );
  try {
    return sumPartials(backend, partial, filterShape);
  } finally {
    backend.disposeData(partial.dataId);
  }
}
