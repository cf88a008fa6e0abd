// `npm run dev`: Vite and, beside it, a class server for the API and sync only (Vite serves the
// app and passes /api/class and /class-sync on to it; see vite.config.ts). Ctrl-C stops both.
import { spawn } from 'node:child_process';

const classPort = process.env.CLASS_PORT ?? '8787';
const children = [
  spawn('npx', ['tsx', 'server/index.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: classPort, HOST: '127.0.0.1', CLASS_APP: 'none' },
  }),
  spawn('npx', ['vite', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CLASS_SERVER: `http://127.0.0.1:${classPort}` },
  }),
];
const stop = (code) => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
};
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
