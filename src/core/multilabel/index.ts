/** Multi-label MNIST: composed images with 1–3 distinct digits, and multi-label metrics. */
export * from './compose';
export * from './metrics';
