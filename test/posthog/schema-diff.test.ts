/** ExternalDataSchema diff: only declared settings, triggers, replace on source/name/project. */
import { diffSchema } from "../../provider/posthog/schema/diff";
import type { SchemaInputs, SchemaOutputs } from "../../provider/posthog/schema/model";
import { UNKNOWN } from "../../provider/posthog/common/unknown";

const OUTS: SchemaOutputs = {
  projectId: "1",
  sourceId: "src",
  name: "orders",
  shouldSync: true,
  syncType: "incremental",
  incrementalField: "updated_at",
  incrementalFieldType: "datetime",
  syncFrequency: "6hour",
  cdcTableMode: "consolidated",
  incremental: true,
  managedSettings: ["shouldSync", "syncType", "incrementalField"],
  deleteDataOnDestroy: false,
};
const INS: SchemaInputs = {
  projectId: "1",
  sourceId: "src",
  name: "orders",
  shouldSync: true,
  syncType: "incremental",
  incrementalField: "updated_at",
  deleteDataOnDestroy: false,
};
const diff = (news: Partial<SchemaInputs>) => diffSchema(OUTS, { ...INS, ...news } as SchemaInputs);

describe("diffSchema", () => {
  it("PostHog's values of undeclared settings are not a diff (filled incrementalFieldType included)", () => {
    expect(diff({})).toEqual({ changes: false, replaces: [] });
  });
  it.each([
    ["a setting", { syncFrequency: "1hour" as const }],
    ["syncTriggers", { syncTriggers: { v: 2 } }],
    ["resyncTriggers", { resyncTriggers: 1 }],
    ["deleteDataOnDestroy", { deleteDataOnDestroy: true }],
    ["an unknown setting", { syncTimeOfDay: UNKNOWN }],
  ])("%s changes in place", (_what, news) => {
    expect(diff(news)).toEqual({ changes: true, replaces: [] });
  });
  it.each(["sourceId", "name", "projectId"] as const)("%s replaces", (field) => {
    expect(diff({ [field]: "other" }).replaces).toEqual([field]);
    expect(diff({ [field]: UNKNOWN }).replaces).toEqual([field]);
  });
});
