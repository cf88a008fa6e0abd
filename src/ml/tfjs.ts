/**
 * TensorFlow.js as LossLab uses it: tfjs-core with its gradients and chained tensor methods,
 * tfjs-layers and the CPU backend, under the names the `@tensorflow/tfjs` bundle gives them
 * (`tf.tensor`, `tf.layers`, `tf.train`…). Not that bundle: it also brings the WebGL backend,
 * the graph-model converter and tf.data, about half of its code, which a worker that trains on
 * WASM would download, parse and run before "Ready to train." for nothing. The WASM backend
 * registers itself in ./backends.ts; the WebGL and WebGPU backends load there, on demand, when
 * one is tried. Every module of src/ml and src/worker imports TensorFlow.js from here.
 */
// tfjs-core first: its flags must exist before the gradients register (tfjs' list registers a
// few kernels' gradients twice, and a second registration reads the DEBUG flag). A bundler that
// keeps the deep imports in chunks of their own (Vite's dependency optimizer in the browser
// tests) would otherwise run the gradients before the flags.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
