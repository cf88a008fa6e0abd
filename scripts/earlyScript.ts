import type { Plugin } from 'vite';

/**
 * Puts a script before the app's in index.html, as a chunk of its own.
 *
 * Vite bundles every module script of an HTML page into one entry, so a small script listed in
 * index.html beside the app's would run only once the app's whole chunk had downloaded and parsed.
 * This plugin builds `source` as a separate entry (its own few hundred bytes; it must import
 * nothing, or its imports would be shared with the app's chunk) and adds it to the page's head,
 * before the app's script; `async`, so it runs as soon as it arrives. The dev server serves the
 * source itself.
 */
export function earlyScript(source: string): Plugin {
  const name = 'early';
  let base = '/';
  let building = false;
  return {
    name: 'losslab-early-script',
    configResolved(config) {
      base = config.base;
      building = config.command === 'build';
    },
    buildStart() {
      // Only the app's build has index.html (the worker's own build runs these hooks too).
      if (building && this.environment.name === 'client') {
        this.emitFile({ type: 'chunk', id: source, name });
      }
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === name,
        );
        const src = context.bundle ? (chunk ? `${base}${chunk.fileName}` : null) : `/${source}`;
        if (src === null) throw new Error(`The early script ${source} was not built.`);
        return [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, crossorigin: true, src },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}
