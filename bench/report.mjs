/**
 * The benchmark's verdicts and printout (bench/run.mjs): the issue's targets checked against a
 * summary, and the tables the README quotes, so a re-run on a quiet machine prints everything
 * needed.
 */

const fmt = (value, digits = 0) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const row = (summary, backend, model) =>
  summary.runs.find((r) => r.backend === backend && r.model === model);

/** Each target of issue 12 with the measured value and whether it is met (null: not measured). */
export function checkTargets(summary, targets) {
  const checks = [];
  const add = (name, value, target, met) =>
    checks.push({
      name,
      value: value ?? null,
      target,
      met: value === null || value === undefined ? null : met,
    });
  const cnnWasm = row(summary, 'wasm', 'cnn')?.engineSamplesPerSec;
  const cnnCpu = row(summary, 'cpu', 'cnn')?.engineSamplesPerSec;
  const mlpWasm = row(summary, 'wasm', 'mlp')?.engineSamplesPerSec;
  add('CNN on WASM, samples/s', cnnWasm, `≥ ${targets.cnnWasm}`, cnnWasm >= targets.cnnWasm);
  const speedup = cnnWasm && cnnCpu ? cnnWasm / cnnCpu : null;
  add(
    'CNN on WASM vs the CPU backend',
    speedup,
    `≥ ${targets.cnnWasmVsCpu}×`,
    speedup >= targets.cnnWasmVsCpu,
  );
  add('MLP on WASM, samples/s', mlpWasm, `≥ ${targets.mlpWasm}`, mlpWasm >= targets.mlpWasm);
  for (const r of summary.runs) {
    if (r.baselineCannotTrain) continue;
    add(
      `engine vs bare model.fit, ${r.backend} ${r.model}`,
      r.ratio,
      `≥ ${targets.engineVsFit}`,
      r.ratio >= targets.engineVsFit,
    );
  }
  for (const a of summary.acceptance ?? []) {
    if (a.model !== 'cnn' || a.notRun) continue;
    add(
      `CNN default configuration on ${a.backend}: val accuracy within ${a.epochs} epochs`,
      a.best,
      `≥ ${targets.valAccuracy}`,
      a.best >= targets.valAccuracy,
    );
  }
  return checks;
}

function printProfile(model, p) {
  console.log(
    `\nprofile ${model} on ${p.backend}: ${fmt(p.msPerStep, 2)} ms/step (${fmt(p.samplesPerSec)} samples/s), ` +
      `${p.kernels.count} kernels, ${fmt(p.kernels.kernelMs, 2)} ms in kernels, ` +
      `${fmt(p.kernels.outsideKernelsMs, 2)} ms outside them (op wrappers, tape, bookkeeping)`,
  );
  console.log(
    '  phases (median ms): ' +
      Object.entries(p.phases)
        .map(([phase, ms]) => `${phase} ${fmt(ms, 3)}`)
        .join(', '),
  );
  console.log(
    '  kernels (ms per step): ' +
      p.kernels.top.map((k) => `${k.name} ×${k.calls} ${fmt(k.ms, 3)}`).join(', '),
  );
}

/** Prints the tables and verdicts of a summary. */
export function printReport(summary) {
  const m = summary.machine;
  console.log(
    `\nmachine: ${m.cores} cores, load average ${m.loadAverageAtStart?.join(' ')} at start, ` +
      `${m.loadAverageAtEnd?.join(' ')} at end; ${m.browser}`,
  );
  console.log('\nbackend  model  engine/s  model.fit/s  ratio  fit+kernels/s  ratio');
  for (const r of summary.runs) {
    console.log(
      [
        r.backend.padEnd(8),
        r.model.padEnd(5),
        fmt(r.engineSamplesPerSec).padStart(9),
        (r.baselineCannotTrain ? 'cannot' : fmt(r.baselineSamplesPerSec)).padStart(12),
        fmt(r.ratio, 2).padStart(6),
        fmt(r.fitWithKernelsSamplesPerSec).padStart(14),
        fmt(r.ratioVsFitWithKernels, 2).padStart(6),
      ].join(' '),
    );
  }
  for (const r of summary.runs.filter((run) => run.baselineCannotTrain)) {
    console.log(`  bare model.fit on ${r.backend} × ${r.model}: ${r.baselineCannotTrain}`);
  }
  for (const s of summary.skipped) console.log(`${s.backend} ${s.model} skipped: ${s.reason}`);
  for (const a of summary.auto) {
    console.log(
      `auto ${a.model}: picked ${a.picked}, fastest measured ${a.bestMeasured} (${a.pickedVsBest ?? '?'} of it)`,
    );
  }
  console.log(
    `main-thread long tasks: ${summary.mainThreadLongTasks.count} (max ${summary.mainThreadLongTasks.maxMs} ms); leaked tensors: ${summary.leakedTensors}`,
  );
  for (const [model, setups] of Object.entries(summary.profile ?? {})) {
    for (const [setup, p] of Object.entries(setups))
      printProfile(`${model} (${setup}, ${p.threads ?? '?'} thread(s))`, p);
  }
  const native = summary.native;
  if (native?.skipped) console.log(`\nnative reference skipped: ${native.skipped}`);
  else if (native) {
    console.log(`\nnative reference: PyTorch ${native.torch} on the CPU`);
    for (const model of ['mlp', 'cnn']) {
      const n = native[model];
      const wasm = row(summary, 'wasm', model)?.engineSamplesPerSec;
      if (!n) continue;
      console.log(
        `  ${model}: ${fmt(n.samplesPerSec)} samples/s (${n.threads} thread(s); by threads ${JSON.stringify(n.byThreads)}); ` +
          `LossLab on WASM is ${wasm ? fmt(wasm / n.samplesPerSec, 2) : '–'}× of it`,
      );
    }
  }
  for (const a of summary.acceptance ?? []) {
    console.log(
      a.notRun
        ? `acceptance ${a.model}/${a.backend}: not run (${a.notRun})`
        : `acceptance ${a.model}/${a.backend}: val accuracy ${a.valAccuracy.join(' ')}; best ${a.best}` +
            `${a.firstEpochAtTarget ? `, ≥ 0.944 from epoch ${a.firstEpochAtTarget}` : ''} (${a.minutes} min)`,
    );
  }
  console.log('\ntargets (issue 12):');
  for (const t of summary.targets) {
    const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED';
    console.log(
      `  ${verdict.padEnd(12)} ${t.name}: ${fmt(t.value, t.value < 10 ? 3 : 0)} (${t.target})`,
    );
  }
}
