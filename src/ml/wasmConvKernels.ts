/**
 * The convolution and pooling gradients of LossLab's WASM kernels (see wasmKernels.ts for why
 * and how they are registered). Layout NHWC, filters `[kh, kw, in, out]`, as tfjs and Keras.
 *
 * Both convolution gradients are convolutions themselves, so they run on the
 * backend's XNNPACK `Conv2D` (SIMD, and threads where the page has them):
 *
 * - filter gradient: `dW[i, j, c, o] = Σ_{b,p,q} x[b, p+i, q+j, c] · dy[b, p, q, o]` (x padded)
 *   is `conv2d(x as [c, h, w, b], dy as [p, q, b, o])`, an output of `[c, kh, kw, o]` (for
 *   stride 1 without padding, the CNN's case, LossLab's SIMD pass runs instead: wasmFilterGrad.ts);
 * - input gradient: `dx = conv2d(dy padded by k−1−pad, W rotated 180° with in/out swapped)`.
 *
 * With a stride s the filter gradient is the same convolution with the output gradient dilated
 * by s; the input gradient falls back to the stock kernel (correct, slower; the CNN uses s = 1).
 */
import * as tf from './tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOf } from './wasmAssembler';
import { simdFilterGrad, simdFilterGradApplies } from './wasmFilterGrad';
import { simdMaxPoolGrad, simdPoolApplies } from './wasmPoolGrad';
import type { WasmKernelFunc } from './wasmStock';
import { free, runStock } from './wasmStock';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type Shape4 = [number, number, number, number];

/** The convolution's geometry from a gradient kernel's attributes (NHWC only, as wasm's Conv2D). */
function convInfo(
  kernel: string,
  attrs: Record<string, unknown>,
  inputShape: Shape4,
  filterShape: Shape4,
): tf.backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as ConvAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`wasm ${kernel} supports only dataFormat 'NHWC' (channels last)`);
  }
  return tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
}

function conv(
  backend: BackendWasm,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  pad: [[number, number], [number, number]],
  dilations: [number, number] = [1, 1],
): tf.TensorInfo {
  return runStock(
    'Conv2D',
    backend,
    { x, filter },
    { strides: 1, pad: [[0, 0], ...pad, [0, 0]], dataFormat: 'NHWC', dilations },
  );
}

/** The filter gradient by LossLab's SIMD kernel (wasmFilterGrad.ts) where it applies, else null. */
function directFilterGrad(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo | null {
  const memory = heapOf(backend);
  const { top, bottom, left, right } = info.padInfo;
  const geometry = {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    outChannels: info.outChannels,
  };
  if (
    !memory ||
    x.dtype !== 'float32' ||
    dy.dtype !== 'float32' ||
    !simdFilterGradApplies(
      geometry,
      info.strideHeight === 1 && info.strideWidth === 1,
      top + bottom + left + right === 0,
      info.dilationHeight === 1 && info.dilationWidth === 1,
    )
  ) {
    return null;
  }
  const out = backend.makeOutput(info.filterShape, 'float32');
  // Views are taken after the output exists: allocating may grow the heap and detach them.
  const at = (t: tf.TensorInfo) => (backend.typedArrayFromHeap(t) as Float32Array).byteOffset;
  if (simdFilterGrad(memory, geometry, { x: at(x), dy: at(dy), dw: at(out) })) return out;
  free(backend, out);
  return null;
}

const conv2DBackpropFilter: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const filterShape = attrs.filterShape as Shape4;
  const info = convInfo('Conv2DBackpropFilter', attrs, x.shape as Shape4, filterShape);
  const { top, bottom, left, right } = info.padInfo;
  const direct = directFilterGrad(backend, x, dy, info);
  if (direct) return direct;
  const xt = runStock('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const dyt = runStock('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  // With strides, the output gradient is a filter dilated by the stride.
  const swapped = conv(
    backend,
    xt,
    dyt,
    [
      [top, bottom],
      [left, right],
    ],
    [info.strideHeight, info.strideWidth],
  );
  free(backend, xt, dyt);
  const [kh, kw, channels, filters] = filterShape;
  const [, height, width] = swapped.shape as [number, number, number, number];
  if (height < kh || width < kw) {
    free(backend, swapped);
    throw new Error(
      `wasm Conv2DBackpropFilter: got [${swapped.shape.join(', ')}], expected [${filterShape.join(', ')}]`,
    );
  }
  // Strided 'same' padding can leave rows past the filter's last tap: drop them.
  const cropped =
    height > kh || width > kw
      ? runStock(
          'Slice',
          backend,
          { x: swapped },
          { begin: [0, 0, 0, 0], size: [channels, kh, kw, filters] },
        )
      : swapped;
  const dw = runStock('Transpose', backend, { x: cropped }, { perm: [1, 2, 0, 3] });
  free(backend, swapped);
  if (cropped !== swapped) free(backend, cropped);
  return dw;
};

const conv2DBackpropInput: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const info = convInfo(
    'Conv2DBackpropInput',
    attrs,
    attrs.inputShape as Shape4,
    filter.shape as Shape4,
  );
  const [kh, kw] = filter.shape as [number, number];
  const { top, bottom, left, right } = info.padInfo;
  const padding: [[number, number], [number, number]] = [
    [kh - 1 - top, kh - 1 - bottom],
    [kw - 1 - left, kw - 1 - right],
  ];
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || padding.flat().some((p) => p < 0)) {
    return runStock('Conv2DBackpropInput', backend, inputs, attrs);
  }
  const rotated = runStock('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const swapped = runStock('Transpose', backend, { x: rotated }, { perm: [0, 1, 3, 2] });
  const dx = conv(backend, dy, swapped, padding);
  free(backend, rotated, swapped);
  return dx;
};

/**
 * Max-pooling gradient: each output cell's gradient goes to the first strict maximum of its
 * window in row-major order, as on the CPU backend (NaN never wins; an all-NaN or −∞ window
 * passes nothing). Non-overlapping unpadded windows over channels in fours (the CNN's pools) run
 * as WebAssembly SIMD (wasmPoolGrad.ts); the rest is a loop in JavaScript over the WASM heap: the
 * window's offsets are computed once per cell, so the inner loop is a compare per tap.
 */
const maxPoolGrad: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const dy = inputs.dy as tf.TensorInfo;
  const input = inputs.input as tf.TensorInfo;
  if (input.dtype !== 'float32') return runStock('MaxPoolGrad', backend, inputs, attrs);
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const out = backend.makeOutput(input.shape, 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const geometry = { ...info, channels };
  const { top, left, bottom, right } = info.padInfo;
  const memory = heapOf(backend);
  if (
    memory &&
    simdPoolApplies(geometry, top + left + bottom + right > 0) &&
    simdMaxPoolGrad(memory, geometry, { x: x.byteOffset, g: g.byteOffset, dx: dx.byteOffset })
  ) {
    return out;
  }
  dx.fill(0);
  const taps = new Int32Array(info.filterHeight * info.filterWidth);
  let cell = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * info.strideHeight - info.padInfo.top;
      const rStart = Math.max(0, r0);
      const rEnd = Math.min(inHeight, r0 + info.filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = ow * info.strideWidth - info.padInfo.left;
        const cStart = Math.max(0, c0);
        const cEnd = Math.min(inWidth, c0 + info.filterWidth);
        let count = 0;
        for (let r = rStart; r < rEnd; r++) {
          for (let c = cStart; c < cEnd; c++)
            taps[count++] = ((b * inHeight + r) * inWidth + c) * channels;
        }
        for (let ch = 0; ch < channels; ch++, cell++) {
          let best = -Infinity;
          let at = -1;
          for (let t = 0; t < count; t++) {
            const i = (taps[t] as number) + ch;
            const v = x[i] as number;
            if (v > best) {
              best = v;
              at = i;
            }
          }
          if (at >= 0) dx[at] = (dx[at] as number) + (g[cell] as number);
        }
      }
    }
  }
  return out;
};

/** The convolution and pooling replacements, by kernel name. */
export const convKernels: Record<string, WasmKernelFunc> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  MaxPoolGrad: maxPoolGrad,
};
