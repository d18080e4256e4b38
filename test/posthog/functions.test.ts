/**
 * The read functions, run in a Pulumi program (preview and up) through the harness against the
 * PostHog emulator: configuration from the stack's `posthog:*` config.
 */
import { posthog } from "pulumi-datasync";
import type { Emulator } from "../emulator";
import type { Stack } from "../harness";
import { posthogCalls, posthogStack, startPosthogEmulator } from "./support";

describe("posthog read functions", () => {
  let emulator: Emulator;
  let stack: Stack;
  let calls: ReturnType<typeof posthogCalls>;

  beforeAll(async () => {
    emulator = await startPosthogEmulator();
    calls = posthogCalls(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
  });
  afterEach(() => stack?.dispose());

  it("getExternalDataSource, listExternalDataSources (all pages), getSourceJobs, getIncrementalFields", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) {
      ids.push(
        emulator.posthog.createSource({
          source_type: "Stripe",
          prefix: `shop${i}_`,
          description: `shop ${i}`,
          payload: {
            auth_method: { selection: "api_key", stripe_secret_key: "sk_test_functions" },
            stripe_account_id: `acct_${i}`,
            schemas: [
              {
                name: "Customer",
                should_sync: true,
                sync_type: "incremental",
                incremental_field: "created",
                incremental_field_type: "integer",
              },
            ],
          },
        }).id,
      );
    }
    const first = ids[0];
    const customer = emulator.posthog.schemaByName(first, "Customer")!;
    emulator.posthog.completeJobs();
    emulator.log.clear();

    stack = posthogStack(emulator, "functions");
    const program = () => {
      const source = posthog.getExternalDataSourceOutput({ id: first });
      const all = posthog.listExternalDataSourcesOutput({});
      const some = posthog.listExternalDataSourcesOutput({ search: "shop12" });
      const jobs = posthog.getSourceJobsOutput({ sourceId: first, schemas: ["Customer"] });
      const fields = posthog.getIncrementalFieldsOutput({ schemaId: customer.id });
      return {
        source,
        count: all.sources.apply((s) => s.length),
        some: some.sources.apply((s) => s.map((x) => x.prefix).sort()),
        jobs: jobs.jobs,
        fields,
      };
    };
    const up = await stack.up(program);
    const source = up.outputs.source as unknown as posthog.ExternalDataSourceResult;
    expect(source).toMatchObject({
      id: first,
      sourceType: "Stripe",
      prefix: "shop0_",
      description: "shop 0",
      jobInputs: { stripe_account_id: "acct_0" },
    });
    expect(JSON.stringify(source)).not.toContain("sk_test_functions");
    expect(source.schemas.find((t) => t.name === "Customer")).toMatchObject({
      id: customer.id,
      shouldSync: true,
      syncType: "incremental",
      incrementalField: "created",
      status: "Completed",
    });
    expect(up.outputs.count).toBe(130);
    expect(up.outputs.some).toEqual([
      "shop120_",
      "shop121_",
      "shop122_",
      "shop123_",
      "shop124_",
      "shop125_",
      "shop126_",
      "shop127_",
      "shop128_",
      "shop129_",
      "shop12_",
    ]);
    // 130 sources = 2 pages of 100; the search fits in one.
    expect(emulator.log.filter({ method: "GET", path: "/api/projects/1/external_data_sources" }).length).toBe(
      3,
    );
    expect(up.outputs.jobs).toEqual([
      expect.objectContaining({
        status: "Completed",
        schemaName: "Customer",
        schemaId: customer.id,
        rowsSynced: expect.any(Number),
      }),
    ]);
    expect(up.outputs.fields).toEqual({
      incrementalFields: [
        { field: "created", type: "datetime", fieldType: "integer", label: "created_at", nullable: false },
      ],
      incrementalAvailable: false, // PostHog's Stripe tables are append-only
      appendAvailable: true,
      fullRefreshAvailable: true,
    });
    expect(calls.writes()).toBe(1); // incremental_fields is a POST that changes nothing

    emulator.log.clear();
    const preview = await stack.preview(() => ({
      source: posthog.getExternalDataSourceOutput({ id: first }).prefix,
    }));
    expect(preview.outputs.source).toBe("shop0_");
  });

  it("an unknown source is named in the error (settings from the environment, no stack)", async () => {
    Object.assign(process.env, emulator.env);
    try {
      const id = "00000000-0000-0000-0000-000000000000";
      const error = await posthog.getExternalDataSource({ id }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toBe(`getExternalDataSource: source "${id}" not found in PostHog project 1`);
      expect(calls.sequence()).toEqual(["GET external_data_sources/:id/"]);
      await expect(posthog.listExternalDataSources({ search: "nothing" })).resolves.toEqual({ sources: [] });
    } finally {
      for (const key of Object.keys(emulator.env)) delete process.env[key];
    }
  });
});
