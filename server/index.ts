/**
 * `npm run class-server`: the class server on PORT (default 8787), serving dist/ (build it first:
 * `npm run build`), storing classes under CLASS_DATA (default ./class-data). See the README,
 * "Teach a class with LossLab", for every setting.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startClassServer } from './classServer';

const env = process.env;
const number = (name: string, fallback: number): number => {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name}=${raw} is not a number; using ${fallback}.`);
    return fallback;
  }
  return value;
};

const distDir = env.CLASS_APP === 'none' ? null : resolve(env.CLASS_APP ?? 'dist');
if (distDir && !existsSync(resolve(distDir, 'index.html'))) {
  console.error(`No built app in ${distDir}: run \`npm run build\` first (or CLASS_APP=none).`);
  process.exit(1);
}
const redis = env.REDIS_URL ? new URL(env.REDIS_URL) : null;

const server = await startClassServer({
  port: number('PORT', 8787),
  host: env.HOST ?? '0.0.0.0',
  dataDir: resolve(env.CLASS_DATA ?? 'class-data'),
  distDir,
  expiryMs: number('CLASS_EXPIRY_HOURS', 24) * 3_600_000,
  maxAgeMs: number('CLASS_MAX_AGE_HOURS', 168) * 3_600_000,
  maxStudents: number('CLASS_MAX_STUDENTS', 200),
  trustProxy: env.TRUST_PROXY === '1',
  redis: redis ? { host: redis.hostname, port: Number(redis.port || 6379) } : null,
});

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
