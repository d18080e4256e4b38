/** ExternalDataSource diff: exact, order-insensitive tables, replace-fields only, unknowns. */
import { diffSource } from "../../provider/posthog/source/diff";
import type { SourceInputs, SourceOutputs } from "../../provider/posthog/source/model";
import { UNKNOWN } from "../../provider/posthog/common/unknown";

const TABLES = [
  {
    name: "Customer",
    shouldSync: true,
    syncType: "incremental" as const,
    incrementalField: "created",
    incrementalFieldType: "integer" as const,
    syncFrequency: "1hour" as const,
  },
  { name: "Charge", shouldSync: true, syncType: "full_refresh" as const },
];

const OUTPUTS: SourceOutputs = {
  projectId: "1",
  sourceType: "Stripe",
  prefix: "stripe_",
  description: "billing",
  accessMethod: "warehouse",
  status: "Running",
  schemaIds: { Customer: "s1", Charge: "s2", Invoice: "s3" },
  jobInputs: {
    auth_method: { selection: "api_key", stripe_secret_key: "sk_test_1" },
    stripe_account_id: "acct_1",
  },
  schemas: TABLES,
};

const INPUTS: SourceInputs = {
  projectId: "1",
  sourceType: "Stripe",
  prefix: "stripe_",
  accessMethod: "warehouse",
  description: "billing",
  jobInputs: {
    auth_method: { selection: "api_key", stripe_secret_key: "sk_test_1" },
    stripe_account_id: "acct_1",
  },
  schemas: TABLES,
};

const diff = (news: Partial<SourceInputs>, olds: Partial<SourceOutputs> = {}) =>
  diffSource("id-1", { ...OUTPUTS, ...olds }, { ...INPUTS, ...news } as SourceInputs);

describe("diffSource", () => {
  it("no change -> changes: false (tables in another order too)", () => {
    expect(diff({})).toEqual({ changes: false, replaces: [] });
    expect(diff({ schemas: [...TABLES].reverse() })).toEqual({ changes: false, replaces: [] });
  });

  it("redacted secrets never cause a diff: jobInputs are compared with what was sent", () => {
    // PostHog shows `{stripe_account_id}` only; the state keeps what was sent.
    expect(diff({}, { jobInputs: { ...INPUTS.jobInputs } }).changes).toBe(false);
  });

  it.each([
    ["description", { description: "new" }],
    ["a jobInputs key", { jobInputs: { ...INPUTS.jobInputs, stripe_account_id: "acct_2" } }],
    ["one table's setting", { schemas: [{ ...TABLES[0], syncFrequency: "6hour" as const }, TABLES[1]] }],
    ["a table added", { schemas: [...TABLES, { name: "Invoice", shouldSync: true }] }],
    ["a table removed", { schemas: [TABLES[0]] }],
    ["a setting no longer declared", { schemas: [{ ...TABLES[0], syncFrequency: undefined }, TABLES[1]] }],
  ])("%s changes in place", (_what, news) => {
    expect(diff(news)).toEqual({ changes: true, replaces: [] });
  });

  it.each([
    ["sourceType", { sourceType: "Hubspot" }],
    ["prefix", { prefix: "billing_" }],
    ["accessMethod", { accessMethod: "direct" as const }],
    ["projectId", { projectId: "2" }],
    ["existingSourceId", { existingSourceId: "other-source" }],
  ])("%s replaces", (field, news) => {
    const result = diff(news);
    expect(result.changes).toBe(true);
    expect(result.replaces).toEqual([field]);
  });

  it("deletes before replacing when the new source would collide (same type, prefix and project)", () => {
    expect(diff({ accessMethod: "direct" }).deleteBeforeReplace).toBe(true);
    expect(diff({ prefix: undefined }).deleteBeforeReplace).toBe(true);
    expect(diff({ prefix: "other_" }).deleteBeforeReplace).toBeUndefined();
  });

  it("an undeclared description is not managed; an empty prefix equals none", () => {
    expect(diff({ description: undefined }).changes).toBe(false);
    expect(diff({ prefix: "" }, { prefix: undefined }).changes).toBe(false);
  });

  it("an adopted source keeps its prefix and access method unless declared; dropping existingSourceId changes nothing", () => {
    const adopted = { existingSourceId: "id-1", accessMethod: "direct" };
    expect(
      diff({ prefix: undefined, accessMethod: undefined, existingSourceId: "id-1" }, adopted).changes,
    ).toBe(false);
    expect(
      diff({ prefix: undefined, accessMethod: undefined, existingSourceId: undefined }, adopted).changes,
    ).toBe(false);
  });

  it("unknown values report a change, and a replacement for replace-fields", () => {
    expect(diff({ description: UNKNOWN })).toEqual({ changes: true, replaces: [] });
    expect(
      diff({ jobInputs: { auth_method: { selection: "api_key", stripe_secret_key: UNKNOWN } } }),
    ).toEqual({ changes: true, replaces: [] });
    expect(diff({ schemas: UNKNOWN as never })).toEqual({ changes: true, replaces: [] });
    expect(diff({ prefix: UNKNOWN }).replaces).toEqual(["prefix"]);
    expect(diff({ projectId: UNKNOWN }).replaces).toEqual(["projectId"]);
  });
});
