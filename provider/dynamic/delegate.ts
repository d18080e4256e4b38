import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object that Pulumi serializes into every resource's `__provider` input.
 *
 * Pulumi's closure serializer keeps function bodies as text and serializes captured values by
 * value, so each method here only `require`s the installed implementation module at run time,
 * inside the provider host (whose working directory is the Pulumi program's, so the module
 * resolves from the program's `node_modules`). The one captured value is the module specifier:
 * no code, no configuration and no credential of this process ends up in state, `__provider`
 * stays around 2 KB, and `read`/`delete` of old state run today's installed code
 * (pulumi#18976, pulumi#11764).
 *
 * The implementation module must export `provider`, a full `pulumi.dynamic.ResourceProvider`
 * (including `configure`). Create one delegating provider per resource kind at module level and
 * share it: the program-side serialization cache is keyed by object identity.
 */
export function delegatingProvider(moduleId: string): pulumi.dynamic.ResourceProvider {
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
