import type { RequestFilter } from "./types";

function normalise(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Does `path` match a filter pattern: a RegExp, or an exact path where `*` is one segment. */
export function matchesPath(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  const want = normalise(pattern).split("/");
  const got = normalise(path).split("/");
  return want.length === got.length && want.every((seg, i) => seg === "*" || seg === got[i]);
}

/** Does a request (service, method, path) match a filter; absent fields match anything. */
export function matchesFilter(filter: RequestFilter, service: string, method: string, path: string): boolean {
  if (filter.service && filter.service !== service) return false;
  if (filter.method && filter.method.toUpperCase() !== method.toUpperCase()) return false;
  if (filter.path !== undefined && !matchesPath(filter.path, path)) return false;
  return true;
}
