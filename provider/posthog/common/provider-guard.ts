/** Shared plumbing of the PostHog resource providers: redacted errors and the configure step. */
import type * as pulumi from "@pulumi/pulumi";
import { configure } from "../../config";
import { errorText, ResourceInitFailedError } from "./init-failed";

/**
 * Runs a provider method so that whatever it throws reaches the host as one redacted line
 * (ErrorResourceInitFailed errors pass through: their reasons are already redacted).
 */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ResourceInitFailedError) throw error;
    throw new Error(errorText(error));
  }
}

/** `configure(req)`: stores the stack config for provider/config.ts (credentials resolve lazily). */
export async function configureFromRequest(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configure(req.config);
}
