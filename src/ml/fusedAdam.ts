/**
 * tfjs' Adam with its per-variable update fused into one kernel on the CPU and WASM backends.
 *
 * tfjs' `AdamOptimizer.applyGradients` runs 14 element-wise ops per variable (moments, bias
 * corrections, square root, update), each a kernel call with its own allocation. `LossLabAdam`
 * computes the same update in one pass in JavaScript with the same float32 operations in the
 * same order (every intermediate rounded with `Math.fround`, which is exact IEEE float32
 * arithmetic for + − × ÷ and √), so weights and moments are bit for bit those of tfjs' Adam
 * (src/ml/fusedAdam.test.ts).
 *
 * Where it pays (measured in Node, CPU time, interleaved): on the CPU backend always (the MLP
 * trains 1.7× faster: its stock ops are JavaScript loops too, one allocation each). On WASM the
 * stock ops are SIMD, about 0.04 ms per op on the MLP's 100,352 weights against 1.15 ms for the
 * scalar JavaScript pass, but each op also costs ~5 µs of dispatch: fusing wins below roughly
 * 9,000 elements, so WASM fuses only variables up to `WASM_FUSE_MAX` (all of the CNN's: +12%;
 * the MLP's biases and output layer). On WebGPU the update is three shaders (webgpuAdam.ts)
 * instead of 14 dispatches; on WebGL it is tfjs' Adam unchanged.
 *
 * The engine uses it through `KerasAdam` (optimizers.ts), which sets Keras' ε before each step;
 * `applyGradients` reads `this.epsilon` at every step, so the fused update is Keras' Adam too.
 */
import * as tf from './tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdAdamFor } from './wasmAdam';
import { heapOf } from './wasmAssembler';
import { WEBGPU_FUSE_MAX, webgpuAdamKernel } from './webgpuAdam';

/** The fused kernel: inputs value, gradient, m, v and the two `1 − βᵗ` scalars. */
export const ADAM_KERNEL = 'LossLabAdamUpdate';

interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

type Inputs = Record<
  'value' | 'gradient' | 'm' | 'v' | 'oneMinusAccBeta1' | 'oneMinusAccBeta2',
  tf.TensorInfo
>;

/**
 * One Adam update over flat float32 arrays, as tfjs' op sequence computes it in float32. `read`
 * gives an input's values on the kernel's backend.
 */
function update(
  inputs: Inputs,
  read: (info: tf.TensorInfo) => Float32Array,
  attrs: AdamAttrs,
  out: { value: Float32Array; m: Float32Array; v: Float32Array },
): void {
  const [value, gradient, m, v] = [inputs.value, inputs.gradient, inputs.m, inputs.v].map(read) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const oneMinusAccBeta1 = read(inputs.oneMinusAccBeta1)[0] as number;
  const oneMinusAccBeta2 = read(inputs.oneMinusAccBeta2)[0] as number;
  const f = Math.fround;
  // tfjs turns each JavaScript number into a float32 scalar tensor.
  const b1 = f(attrs.beta1);
  const c1 = f(1 - attrs.beta1);
  const b2 = f(attrs.beta2);
  const c2 = f(1 - attrs.beta2);
  const eps = f(attrs.epsilon);
  const negLr = f(-attrs.learningRate);
  for (let i = 0; i < value.length; i++) {
    const g = gradient[i] as number;
    const m1 = f(f((m[i] as number) * b1) + f(g * c1));
    const v1 = f(f((v[i] as number) * b2) + f(f(g * g) * c2));
    const mHat = f(m1 / oneMinusAccBeta1);
    const vHat = f(v1 / oneMinusAccBeta2);
    const step = f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * negLr);
    out.value[i] = f(step + (value[i] as number));
    out.m[i] = m1;
    out.v[i] = v1;
  }
}

function wasmKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: Inputs;
  backend: BackendWasm;
  attrs: AdamAttrs;
}): tf.TensorInfo[] {
  const read = (info: tf.TensorInfo) => backend.typedArrayFromHeap(info) as Float32Array;
  const outputs = [0, 1, 2].map(() => backend.makeOutput(inputs.value.shape, 'float32'));
  const [value, m, v] = outputs.map(read) as [Float32Array, Float32Array, Float32Array];
  const simd = wasmSimdAdam(backend);
  if (simd) {
    const at = (info: tf.TensorInfo) => read(info).byteOffset;
    simd(
      {
        value: at(inputs.value),
        gradient: at(inputs.gradient),
        m: at(inputs.m),
        v: at(inputs.v),
        outValue: value.byteOffset,
        outM: m.byteOffset,
        outV: v.byteOffset,
        length: value.length,
      },
      {
        ...attrs,
        oneMinusAccBeta1: read(inputs.oneMinusAccBeta1)[0] as number,
        oneMinusAccBeta2: read(inputs.oneMinusAccBeta2)[0] as number,
      },
    );
  } else {
    update(inputs, read, attrs, { value, m, v });
  }
  return outputs;
}

/** The SIMD update on this backend's heap, or null (then the JavaScript pass runs). */
function wasmSimdAdam(backend: BackendWasm) {
  const memory = heapOf(backend);
  return memory ? simdAdamFor(memory) : null;
}

interface CpuBackend {
  data: { get(dataId: tf.DataId): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function cpuKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: Inputs;
  backend: CpuBackend;
  attrs: AdamAttrs;
}): tf.TensorInfo[] {
  const read = (info: tf.TensorInfo) => backend.data.get(info.dataId).values;
  const size = tf.util.sizeFromShape(inputs.value.shape);
  const out = {
    value: new Float32Array(size),
    m: new Float32Array(size),
    v: new Float32Array(size),
  };
  update(inputs, read, attrs, out);
  return [out.value, out.m, out.v].map((values) =>
    backend.makeTensorInfo(inputs.value.shape, 'float32', values),
  );
}

/**
 * Largest variable (elements) whose Adam update the JavaScript pass takes on WASM, where the SIMD
 * update (wasmAdam.ts) cannot compile; larger ones use tfjs' SIMD ops.
 */
export const WASM_FUSE_MAX = 8192;

/** Per backend, the largest variable the fused update takes; larger ones use tfjs' own ops. */
const FUSE_MAX: Readonly<Record<string, number>> = {
  wasm: WASM_FUSE_MAX,
  webgpu: WEBGPU_FUSE_MAX,
};

/**
 * The largest variable fused on `backend` now: on WASM every variable where the SIMD update
 * compiles (it beats tfjs' 14 SIMD ops at every size), else the JavaScript pass's limit.
 */
function fuseLimit(backend: string): number {
  if (backend === 'wasm' && wasmSimdAdam(tf.backend() as BackendWasm)) return Infinity;
  return FUSE_MAX[backend] ?? Infinity;
}

let registered = false;

function registerAdamKernels(): void {
  if (registered) return;
  for (const [backendName, kernelFunc] of [
    ['wasm', wasmKernel],
    ['cpu', cpuKernel],
    ['webgpu', webgpuAdamKernel],
  ] as const) {
    if (!tf.getKernel(ADAM_KERNEL, backendName)) {
      tf.registerKernel({
        kernelName: ADAM_KERNEL,
        backendName,
        kernelFunc: kernelFunc as unknown as tf.KernelFunc,
      });
    }
  }
  registered = true;
}

/** The fields of tfjs' `AdamOptimizer` its `applyGradients` uses (private in its typings). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/**
 * `tf.train.adam(learningRate, beta1, beta2, epsilon)` with the fused update where the backend
 * has it. The caller owns it and disposes it like tfjs' Adam.
 */
export class LossLabAdam extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1: number, beta2: number, epsilon: number) {
    super(learningRate, beta1, beta2, epsilon);
    registerAdamKernels();
  }

  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0],
  ): void {
    const backend = tf.getBackend();
    if (!tf.getKernel(ADAM_KERNEL, backend)) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((g): [string, tf.Tensor] => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const attrs = {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      learningRate: this.learningRate,
    };
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, state.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, state.accBeta2);
      entries.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name] as tf.Variable;
        // The moments are created exactly as tfjs' Adam does (names, order, trainable = false).
        const m = (state.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        }).variable;
        const v = (state.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        }).variable;
        if (!gradient) return;
        const fuseMax = fuseLimit(backend);
        if (value.size > fuseMax) {
          // tfjs' own op sequence (adam_optimizer.js), on the backend's stock kernels.
          const newM = tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1));
          const newV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
          const mHat = tf.div(newM, oneMinusAccBeta1);
          const vHat = tf.div(newV, oneMinusAccBeta2);
          m.assign(newM);
          v.assign(newV);
          value.assign(
            tf.add(
              tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate),
              value,
            ),
          );
          return;
        }
        const [newValue, newM, newV] = tf
          .engine()
          .runKernel<tf.Tensor[]>(
            ADAM_KERNEL,
            { value, gradient, m, v, oneMinusAccBeta1, oneMinusAccBeta2 },
            attrs,
          );
        m.assign(newM as tf.Tensor);
        v.assign(newV as tf.Tensor);
        value.assign(newValue as tf.Tensor);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
