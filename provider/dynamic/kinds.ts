/**
 * Our resource kinds and their implementation modules (the ids the resource classes pass to
 * `delegatingProvider`). Each kind has a module `./kinds/<kind>.ts` whose whole export is its lazy
 * provider, so that `__provider` can be a reference to that module (see delegate.ts).
 * provider/dynamic/delegate.test.ts checks that every `delegatingProvider` call in provider/ has a kind.
 * An id without a kind still works, serialized by value (about 2 KB instead of about 300 B).
 *
 * Users' state refers to these paths: `__provider` of an installed package requires
 * `dist/provider/dynamic/kinds/<kind>.js`, and older state (by value) requires an implementation
 * module id. The provider host of a later version must still find them: never move or remove a
 * kind's module, and keep an implementation module's old id resolvable (a one-line re-export,
 * like provider/posthog/source-provider.ts) when it moves.
 */
import type * as pulumi from "@pulumi/pulumi";

export const KIND_MODULE_IDS = {
  "posthog-source": "pulumi-datasync/dist/provider/posthog/source/provider.js",
  "posthog-schema": "pulumi-datasync/dist/provider/posthog/schema/provider.js",
  "posthog-webhook": "pulumi-datasync/dist/provider/posthog/webhook/provider.js",
  "workiva-refresh": "pulumi-datasync/dist/provider/workiva/refresh-provider.js",
} as const;

/** One of our resource kinds. */
export type Kind = keyof typeof KIND_MODULE_IDS;

type Provider = pulumi.dynamic.ResourceProvider;

/** Each kind's module, loaded on first use (static paths, so that compilers and bundlers see them). */
export const KIND_MODULES: Record<Kind, () => Provider> = {
  "posthog-source": () => require("./kinds/posthog-source") as Provider,
  "posthog-schema": () => require("./kinds/posthog-schema") as Provider,
  "posthog-webhook": () => require("./kinds/posthog-webhook") as Provider,
  "workiva-refresh": () => require("./kinds/workiva-refresh") as Provider,
};

/** The kind whose implementation module is `moduleId`, if any. */
export function kindOf(moduleId: string): Kind | undefined {
  return (Object.keys(KIND_MODULE_IDS) as Kind[]).find((kind) => KIND_MODULE_IDS[kind] === moduleId);
}
