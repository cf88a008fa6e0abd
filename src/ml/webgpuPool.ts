/**
 * Max pooling's gradient on WebGPU as barrier-free WGSL programs (webgpuProgram.ts), in place of
 * tfjs' two passes (the maxima's positions, then a scan of every window that could hold each
 * element).
 *
 * Non-overlapping, unpadded windows (the CNN's 2×2, stride 2) take one invocation per window's
 * cell: it reads its window once, writes the output gradient at the window's maximum and zero at
 * every other element of its cell, so each element is written once, by the one invocation whose
 * cell holds it. Other windows take one invocation per input element that rescans every window
 * holding it. Both pick the CPU backend's maximum: the first strictly greatest in-bounds element
 * in row-major order; a window of NaN or −∞ passes no gradient (src/ml/webgpuKernels.test.ts).
 */
import * as tf from './tfjs';
import type { WebGPUBackendLike } from './webgpuProgram';
import { flatProgram, ints } from './webgpuProgram';

type Attrs = Record<string, unknown>;

/**
 * Max pooling's gradient: each input element receives the output gradient of every window
 * whose maximum it is, the maximum being the first strictly greatest in-bounds element in
 * row-major order (the CPU backend's rule; a window of NaN or −∞ passes no gradient).
 */
export function maxPoolGrad(
  backend: WebGPUBackendLike,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  attrs: Attrs,
): tf.TensorInfo | null {
  if (x.shape.length !== 4) return null;
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize as number | [number, number],
    attrs.strides as number | [number, number],
    1,
    attrs.pad as 'valid',
    attrs.dimRoundingMode as 'floor' | undefined,
  );
  const uniforms = ints(
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.filterHeight,
    info.filterWidth,
  );
  const cells =
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.strideHeight >= info.filterHeight &&
    info.strideWidth >= info.filterWidth;
  return backend.runWebGPUProgram(
    cells ? perCell(x.shape, info.strideHeight, info.strideWidth) : perElement(x.shape),
    [dy, x],
    'float32',
    uniforms,
  );
}

const POOL_UNIFORMS =
  'strideH : i32, strideW : i32, padTop : i32, padLeft : i32, fh : i32, fw : i32,';

/**
 * One invocation per stride × stride cell of the input (cells past the last window included, so
 * every element is written): the maximum of the cell's window, if it has one, receives the
 * window's gradient; every other element of the cell 0.
 */
function perCell(shape: number[], strideH: number, strideW: number) {
  const [batch, rows, cols, channels] = shape as [number, number, number, number];
  return flatProgram(
    shape,
    'losslab_maxpool_grad_cells',
    ['dy', 'x'],
    POOL_UNIFORMS,
    `let xs = uniforms.xShape;
    let ds = uniforms.dyShape;
    let cellsW = (xs.z + uniforms.strideW - 1) / uniforms.strideW;
    let cellsH = (xs.y + uniforms.strideH - 1) / uniforms.strideH;
    if (index >= xs.x * cellsH * cellsW * xs.w) { return; }
    let ch = index % xs.w;
    let cell = index / xs.w;
    let cc = cell % cellsW;
    let cr = (cell / cellsW) % cellsH;
    let b = cell / (cellsW * cellsH);
    let r0 = cr * uniforms.strideH;
    let c0 = cc * uniforms.strideW;
    var bestR = -1;
    var bestC = -1;
    var grad = 0.0;
    if (cr < ds.y && cc < ds.z) {
      var best = -uniforms.INFINITY;
      for (var r = r0; r < min(r0 + uniforms.fh, xs.y); r++) {
        for (var q = c0; q < min(c0 + uniforms.fw, xs.z); q++) {
          let v = x[((b * xs.y + r) * xs.z + q) * xs.w + ch];
          if (v > best) { best = v; bestR = r; bestC = q; }
        }
      }
      grad = dy[((b * ds.y + cr) * ds.z + cc) * ds.w + ch];
    }
    for (var r = r0; r < min(r0 + uniforms.strideH, xs.y); r++) {
      for (var q = c0; q < min(c0 + uniforms.strideW, xs.z); q++) {
        setOutputAtIndex(((b * xs.y + r) * xs.z + q) * xs.w + ch, select(0.0, grad, r == bestR && q == bestC));
      }
    }`,
    batch * Math.ceil(rows / strideH) * Math.ceil(cols / strideW) * channels,
  );
}

/** One invocation per input element, summing the gradients of the windows whose maximum it is. */
function perElement(shape: number[]) {
  return flatProgram(
    shape,
    'losslab_maxpool_grad',
    ['dy', 'x'],
    POOL_UNIFORMS,
    `let c = getCoordsFromIndex(index);
    let xs = uniforms.xShape;
    let ds = uniforms.dyShape;
    var sum = 0.0;
    for (var i = 0; i < uniforms.fh; i++) {
      let tr = c.y + uniforms.padTop - i;
      if (tr < 0 || tr % uniforms.strideH != 0) { continue; }
      let yr = tr / uniforms.strideH;
      if (yr >= ds.y) { continue; }
      for (var j = 0; j < uniforms.fw; j++) {
        let tc = c.z + uniforms.padLeft - j;
        if (tc < 0 || tc % uniforms.strideW != 0) { continue; }
        let yc = tc / uniforms.strideW;
        if (yc >= ds.z) { continue; }
        // The window of output (yr, yc): is this element its first strict maximum?
        let r0 = yr * uniforms.strideH - uniforms.padTop;
        let c0 = yc * uniforms.strideW - uniforms.padLeft;
        var best = -uniforms.INFINITY;
        var bestR = -1;
        var bestC = -1;
        for (var r = max(r0, 0); r < min(r0 + uniforms.fh, xs.y); r++) {
          for (var q = max(c0, 0); q < min(c0 + uniforms.fw, xs.z); q++) {
            let v = x[((c.x * xs.y + r) * xs.z + q) * xs.w + c.w];
            if (v > best) { best = v; bestR = r; bestC = q; }
          }
        }
        if (bestR == c.y && bestC == c.z) {
          sum = sum + dy[((c.x * ds.y + yr) * ds.z + yc) * ds.w + c.w];
        }
      }
    }
    setOutputAtIndex(index, sum);`,
  );
}
