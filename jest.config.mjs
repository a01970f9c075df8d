// Three tiers, chosen by file suffix (docs/testing.md):
//   unit  *.test.ts       pure, next to the code
//   int   *.int.test.ts   real PostgreSQL and Redis on this machine
//   e2e   test/e2e/*.e2e.test.ts  each service started as its own process
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
  ],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
export default {
  // Per-test limit (jest reads it globally, not per project): generous because int and e2e tests cross processes.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{packages,services}/*/src/**/*.test.ts',
        '<rootDir>/{packages,services}/*/test/**/*.test.ts',
      ],
      testPathIgnorePatterns: [
        ...common.testPathIgnorePatterns,
        '\\.int\\.test\\.ts$',
        '\\.e2e\\.test\\.ts$',
      ],
    },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{packages,services}/*/{src,test}/**/*.int.test.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
    },
  ],
};
