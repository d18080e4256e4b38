/** Jest: TypeScript through @swc/jest. p-retry and is-network-error are ESM-only, so jest
 * transforms them to CommonJS too (plain Node, like the provider host, requires them natively). */
const esmPackages = ["p-retry", "is-network-error", "cookie"];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/provider"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.(ts|js|mjs)$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join("|")})/)`],
  moduleNameMapper: {
    "^pulumi-datasync$": "<rootDir>/provider/index.ts",
  },
  testTimeout: 120000,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  maxWorkers: 2,
};
