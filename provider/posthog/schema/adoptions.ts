/**
 * The tables adopted by ExternalDataSchema creates of this provider process, i.e. of this
 * `pulumi up` (the engine starts one provider host per run). When a resource is renamed without an
 * alias, or replaced by one on the same table, the engine first creates the new resource, which
 * adopts the same table row, and deletes the old one afterwards: that delete must leave the table
 * to the new resource (no `should_sync: false`, no cancel, no `delete_data`).
 *
 * This holds within one run. If a run stops between the two steps, the next run deletes the old
 * resource from a fresh process that cannot know; the README tells users to use `aliases`.
 */

const adopted = new Set<string>();

const key = (scope: string, schemaId: string) => `${scope}|${schemaId}`;

/** Records that a create of this run adopted schema `schemaId` (`scope`: host + project). */
export function recordAdoption(scope: string, schemaId: string): void {
  adopted.add(key(scope, schemaId));
}

/** True when a create of this run adopted schema `schemaId`: a delete of it must leave it alone. */
export function adoptedInThisRun(scope: string, schemaId: string): boolean {
  return adopted.has(key(scope, schemaId));
}
