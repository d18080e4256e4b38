import * as path from "path";

/**
 * A Pulumi program: a function (its return value becomes the stack outputs) or the path of a
 * program module such as `examples/quickstart/index.ts`, run like the Node.js language host does:
 * the module is evaluated, its exports are the stack outputs, and an exported function (CommonJS
 * `export =` or `export default`) is called and its result used instead.
 */
export type Program = (() => unknown) | string;

/**
 * Requires a program module afresh (a new `pulumi up` is a new process). Under jest, in an isolated
 * module registry in which `@pulumi/pulumi` and `pulumi-datasync` are this process's own copies, as
 * they are for function programs: the program's own modules are evaluated anew, but the SDK and the
 * package are not loaded again for every run (each copy of the SDK and its gRPC stack held tens of
 * MB, so a test file's worker grew to 700 MB and took longer than jest allows to exit).
 */
function requireFresh(file: string): unknown {
  if (typeof jest !== "undefined") {
    const shared = {
      "@pulumi/pulumi": require("@pulumi/pulumi"),
      "pulumi-datasync": require("pulumi-datasync"),
    };
    let exported: unknown;
    jest.isolateModules(() => {
      for (const [id, loaded] of Object.entries(shared)) jest.setMock(id, loaded);
      exported = require(file);
    });
    return exported;
  }
  const dir = path.dirname(file) + path.sep;
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(dir) && !key.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[key];
  }
  return require(file);
}

/** Turns a {@link Program} into the init function run inside the Stack resource. */
export function programInit(program: Program): () => Promise<unknown> {
  if (typeof program === "function") return async () => program();
  const file = require.resolve(path.resolve(program));
  return async () => {
    const exported = requireFresh(file) as Record<string, unknown> | (() => unknown);
    if (typeof exported === "function") return exported();
    if (exported && typeof exported.default === "function") return (exported.default as () => unknown)();
    return exported;
  };
}
