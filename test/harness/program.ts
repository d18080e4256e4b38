import * as path from "path";

/**
 * A Pulumi program: a function (its return value becomes the stack outputs) or the path of a
 * program module such as `examples/quickstart/index.ts`, run like the Node.js language host does:
 * the module is evaluated, its exports are the stack outputs, and an exported function (CommonJS
 * `export =` or `export default`) is called and its result used instead.
 */
export type Program = (() => unknown) | string;

/** Requires a module afresh (a new `pulumi up` is a new process): jest's isolateModules, else require.cache. */
function requireFresh(file: string): unknown {
  if (typeof jest !== "undefined") {
    // Each fresh copy of @pulumi/pulumi adds one process "exit" listener (its promise-leak
    // detector). The CLI runs every program in a new process; here many runs share one, so allow
    // one more listener per run instead of printing MaxListenersExceededWarning.
    process.setMaxListeners(process.getMaxListeners() + 1);
    let exported: unknown;
    jest.isolateModules(() => {
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
