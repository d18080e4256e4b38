/**
 * Process-wide secret redaction.
 *
 * Every credential the provider resolves (API keys, client secrets, tokens) and every secret input
 * value is registered here; `redact()` scrubs them from any text before it is thrown or logged.
 * Pattern rules catch credentials that were never registered (Authorization header values,
 * `client_secret=...` pairs), so a forgotten registration still does not leak a Bearer token.
 */

/** What replaces a secret in text and in redacted objects. */
export const REDACTED = "[redacted]";

/** Values shorter than this are not registered: scrubbing "1" or "ab" would mangle every message. */
const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();
/** Registered secrets, longest first, so a secret that contains another is replaced whole. */
let ordered: string[] = [];

/** Header-style credentials: `Bearer abc`, `Basic abc`. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** `key=value` / `"key": "value"` pairs whose key names a credential (scheme values are left to AUTH_SCHEME). */
const SECRET_PAIR =
  /((?:["']?)(?:client_secret|access_token|refresh_token|api_key|apikey|password|secret_key|authorization)(?:["']?)\s*[:=]\s*)(?!(?:Bearer|Basic)\s)("[^"]*"|'[^']*'|[^\s&,;"'}\]]+)/gi;
/** PostHog personal API keys. */
const POSTHOG_KEY = /\bphx_[A-Za-z0-9]+/g;

/** Object keys whose values are always replaced by `[redacted]` in structural redaction. */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|password|passwd|secret|client_secret|access_token|refresh_token|id_token|token|api_key|apikey|api-key|x-api-key|private_key|credentials?)$|_(secret|password|token|key)$/i;

/**
 * Registers a secret value so that it is scrubbed from every error message and log line of this
 * process. Also registers its URL-encoded form (as it appears in form bodies and query strings).
 * Empty, missing and very short values are ignored.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== "string") return;
  const variants = [value, value.trim(), encodeURIComponent(value)];
  let changed = false;
  for (const variant of variants) {
    if (variant.length >= MIN_SECRET_LENGTH && !secrets.has(variant)) {
      secrets.add(variant);
      changed = true;
    }
  }
  if (changed) ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** True when `value` has been registered as a secret. */
export function isRegisteredSecret(value: string): boolean {
  return secrets.has(value);
}

/** Forgets every registered secret. For tests only. */
export function clearSecrets(): void {
  secrets.clear();
  ordered = [];
}

/** Returns `text` with every registered secret and every credential-looking pattern replaced. */
export function redact(text: string): string {
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SECRET_PAIR, (_m, key: string) => `${key}${REDACTED}`)
    .replace(POSTHOG_KEY, REDACTED);
}

/** True when an object key names a credential (e.g. `authorization`, `client_secret`, `stripe_secret_key`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * Returns a redacted deep copy of `value` for logging: values under credential-named keys become
 * `[redacted]`, every string is passed through `redact()`, cycles become `[circular]` and
 * nesting deeper than `maxDepth` becomes `[nested]`.
 */
export function redactValue(value: unknown, maxDepth = 8): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redact(v);
    if (v === null || typeof v !== "object") return v;
    if (seen.has(v)) return "[circular]";
    if (depth >= maxDepth) return "[nested]";
    seen.add(v);
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      out[key] = isSecretKey(key) && item !== null && item !== undefined ? REDACTED : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}
