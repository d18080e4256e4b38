/** The remote services the provider talks to. */
export type ServiceName = "posthog" | "workiva";

/** Human-readable service names, used at the start of every error message. */
export const SERVICE_LABEL: Readonly<Record<ServiceName, string>> = {
  posthog: "PostHog",
  workiva: "Workiva",
};

/** HTTP methods the layer sends. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";

/** Methods that never change anything on the server. */
export function isReadOnlyMethod(method: string): boolean {
  const m = method.toUpperCase();
  return m === "GET" || m === "HEAD" || m === "OPTIONS";
}
