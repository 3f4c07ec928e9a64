// Jest runs in its native ESM mode (node --experimental-vm-modules, see package.json) because
// NestJS 12 ships ESM only. SWC strips types and keeps decorator metadata, which Nest needs.
import { readFileSync } from 'node:fs';

const swc = JSON.parse(readFileSync(new URL('./.swcrc.jest.json', import.meta.url), 'utf8'));
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // light-my-request (fastify's inject) require()s the ESM-only `cookie`; Node 20's jest cannot.
    '/node_modules/cookie/.+\\.js$': ['@swc/jest', { swcrc: false, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/tests/support/setup.ts'],
};

export default {
  testTimeout: 30000,
  // The suite waits on stores, child processes and sockets far more than it computes: four workers on two
  // cores measured 260 s -> 110 s (issue 12); KIM_JEST_WORKERS overrides.
  maxWorkers: Number(process.env.KIM_JEST_WORKERS ?? 4),
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/{unit,projections}/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
    },
    { ...common, displayName: 'contract', testMatch: ['<rootDir>/tests/contract/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/{integration,e2e}/**/*.spec.ts'] },
    // The long reliability runs (about 15 minutes) only with `npm run test:reliability`; their fast
    // variants live in the other projects and run with every `npm test`.
    ...(process.env.KIM_RELIABILITY
      ? [{ ...common, displayName: 'reliability', testMatch: ['<rootDir>/tests/reliability/**/*.spec.ts'] }]
      : []),
  ],
};
