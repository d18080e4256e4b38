/** Jest: TypeScript through ts-jest, transpile-only (type checking is `npm run typecheck`/`build`).
 * p-retry, is-network-error and cookie are ESM-only, so jest transforms them to CommonJS too
 * (plain Node, like the provider host, requires them natively). No platform-binary transformer
 * (swc, jest 30's resolver): the registry here does not carry every platform's binaries, and
 * `npm ci` needs a lockfile that lists them all. */
const esmPackages = ["p-retry", "is-network-error", "cookie"];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/provider"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.(ts|js|mjs)$": [
      "ts-jest",
      {
        diagnostics: false,
        tsconfig: {
          isolatedModules: true, // transpile each file on its own: fast, no type checking here
          allowJs: true,
          module: "commonjs",
          target: "es2022",
          esModuleInterop: true,
        },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join("|")})/)`],
  moduleNameMapper: {
    "^pulumi-datasync$": "<rootDir>/provider/index.ts",
  },
  testTimeout: 120000,
  setupFilesAfterEnv: ["<rootDir>/test/setup/release-after-file.ts"],
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  maxWorkers: 2,
};
