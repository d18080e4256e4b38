/**
 * Configuration for code that runs in the Pulumi program itself (functions such as
 * getConnection, getExternalDataSource), not in the provider host: the stack config comes from `pulumi.Config` instead
 * of `configure(req)`. Resolution (config, then environment, then defaults) stays in
 * provider/config.ts; this only plugs the program's config into it.
 */
import * as pulumi from "@pulumi/pulumi";
import { configure, type ConfigSource } from "./config";

/** A ConfigSource reading fully qualified keys (`workiva:apiUrl`) from the program's stack config. */
export function programConfigSource(): ConfigSource {
  return {
    get(key: string): string | undefined {
      const split = key.indexOf(":");
      if (split <= 0) return undefined;
      return new pulumi.Config(key.slice(0, split)).get(key.slice(split + 1));
    },
  };
}

/** Points provider/config.ts at the program's stack config (idempotent). */
export function useProgramConfig(): void {
  configure(programConfigSource());
}
