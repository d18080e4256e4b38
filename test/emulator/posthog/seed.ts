/** The demo data `seed: true` creates: one Stripe source with two tables enabled, in the
 * `job_inputs` shape PostHog's current Stripe source takes (`auth_method` select, see FIDELITY.md). */

/** Create body of the seeded source (a test-only key, not a real Stripe secret). */
export const SEED_SOURCE: Record<string, unknown> = {
  source_type: "Stripe",
  prefix: "demo_",
  description: "Demo Stripe source (emulator seed)",
  payload: {
    auth_method: { selection: "api_key", stripe_secret_key: "rk_test_emulator_demo" },
    stripe_account_id: "acct_emulator_demo",
    schemas: [
      { name: "Customer", should_sync: true, sync_type: "full_refresh" },
      {
        name: "Charge",
        should_sync: true,
        sync_type: "append",
        incremental_field: "created_at",
        incremental_field_type: "datetime",
      },
    ],
  },
};
