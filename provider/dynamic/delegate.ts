import type * as pulumi from "@pulumi/pulumi";
import { KIND_MODULES, kindOf } from "./kinds";

/**
 * The provider object that Pulumi serializes into every resource's `__provider` input (twice per
 * resource in state: inputs and outputs).
 *
 * For our own resource kinds (`./kinds.ts`) it is the `module.exports` of a one-line module of
 * this package (`./kinds/<kind>.ts`). Pulumi's closure serializer writes such an object as a
 * reference when the package is installed in a `node_modules` folder, as a user's `npm install`
 * places it: `__provider` is then about 300 bytes, a `require("pulumi-datasync/dist/provider/
 * dynamic/kinds/<kind>.js")` of the installed package. Where the package is linked from elsewhere
 * (`npm link`, this repository's own tests) the serializer falls back to copying the object by
 * value: the lazy provider below, about 2 KB.
 *
 * The lazy provider: the serializer keeps function bodies as text and captured values by value, so
 * each method only `require`s the implementation module at run time, inside the provider host
 * (whose working directory is the program's, so the module resolves from the program's
 * `node_modules`). The one captured value is the module specifier: no code, no configuration and
 * no credential of this process ends up in state, and `read`/`delete` of old state run today's
 * installed code (pulumi#18976, pulumi#11764).
 *
 * The implementation module must export `provider`, a full `pulumi.dynamic.ResourceProvider`
 * (including `configure`). Create one delegating provider per resource kind at module level and
 * share it: the program-side serialization cache is keyed by object identity.
 */
export function delegatingProvider(moduleId: string): pulumi.dynamic.ResourceProvider {
  const kind = kindOf(moduleId);
  return kind ? KIND_MODULES[kind]() : lazyProvider(moduleId);
}

/**
 * A provider whose methods `require` the implementation module `moduleId` in the provider host, at
 * each call (Node caches the module). By value this is what is copied into state: keep it short.
 */
export function lazyProvider(moduleId: string): Required<pulumi.dynamic.ResourceProvider> {
  const impl = (): Required<pulumi.dynamic.ResourceProvider> => require(moduleId).provider;
  return {
    configure: (req) => impl().configure(req),
    check: (olds, news) => impl().check(olds, news),
    diff: (id, olds, news) => impl().diff(id, olds, news),
    create: (inputs) => impl().create(inputs),
    read: (id, props) => impl().read(id, props),
    update: (id, olds, news) => impl().update(id, olds, news),
    delete: (id, props) => impl().delete(id, props),
  };
}
