import { JOB_INPUTS_PATCH_MESSAGES } from "./job-inputs-patch";
import { buildEmulator, postgresBody, stripeBody, type TestEmulator } from "./test-helpers";

const TUNNEL = {
  enabled: true,
  host: "bastion.example.com",
  port: 22,
  auth: { selection: "password", username: "tunnel", password: "tunnel-pw" },
};

describe("PostHog emulator: PATCH job_inputs (merge and host-change guard)", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await buildEmulator();
  });
  afterEach(() => emu.close());

  const create = async (body: unknown): Promise<string> => {
    const answer = await emu.call("POST", "external_data_sources/", { body });
    expect(answer.status).toBe(201);
    return answer.body.id;
  };
  const patch = (id: string, jobInputs: unknown) =>
    emu.call("PATCH", `external_data_sources/${id}/`, { body: { job_inputs: jobInputs } });
  const stored = (id: string) => emu.control.source(id)!.stored_job_inputs;
  const refused = (detail: string, attr: string | null = null, code = "invalid_input") => ({
    type: "validation_error",
    code,
    detail,
    attr,
  });

  it("the read shape sent back unchanged is accepted and changes nothing", async () => {
    const id = await create(postgresBody({}, { ssh_tunnel: TUNNEL }));
    const before = stored(id);
    const read = (await emu.call("GET", `external_data_sources/${id}/`)).body.job_inputs;
    expect((await patch(id, read)).status).toBe(200);
    expect(stored(id)).toEqual(before);
  });

  it("host: refused without the password, also when the password is sent blank; same host is fine", async () => {
    const id = await create(postgresBody());
    expect((await patch(id, { host: "db2" })).body).toEqual(
      refused(JOB_INPUTS_PATCH_MESSAGES.connectionHost),
    );
    expect((await patch(id, { host: "db2", password: "" })).body).toEqual(
      refused(JOB_INPUTS_PATCH_MESSAGES.connectionHost),
    );
    expect((await patch(id, { host: "db.internal", database: "shop2" })).status).toBe(200);
    expect(stored(id)).toMatchObject({ host: "db.internal", database: "shop2", password: "s3cret-pw" });
  });

  it("SSH tunnel host moved without the database password: refused", async () => {
    const id = await create(postgresBody({}, { ssh_tunnel: TUNNEL }));
    const moved = { ...TUNNEL, host: "evil.example.com" };
    expect((await patch(id, { ssh_tunnel: moved })).body).toEqual(
      refused(JOB_INPUTS_PATCH_MESSAGES.sshTunnel),
    );
    // Its port too: every one of enabled/host/port counts.
    expect((await patch(id, { ssh_tunnel: { ...TUNNEL, port: 2200 } })).body).toEqual(
      refused(JOB_INPUTS_PATCH_MESSAGES.sshTunnel),
    );
    expect(stored(id).ssh_tunnel).toMatchObject({ host: "bastion.example.com", port: 22 });
  });

  it("SSH tunnel host moved with the database password but no SSH auth: refused; with both: applied", async () => {
    const id = await create(postgresBody({}, { ssh_tunnel: TUNNEL }));
    const { auth: _auth, ...noAuth } = TUNNEL;
    expect((await patch(id, { password: "s3cret-pw", ssh_tunnel: { ...noAuth, host: "b2" } })).body).toEqual(
      refused(JOB_INPUTS_PATCH_MESSAGES.sshTunnelHost),
    );
    const ok = await patch(id, { password: "s3cret-pw", ssh_tunnel: { ...TUNNEL, host: "b2" } });
    expect(ok.status).toBe(200);
    expect(stored(id).ssh_tunnel).toMatchObject({ host: "b2", auth: { password: "tunnel-pw" } });
  });

  it("an SSH tunnel sent without its auth keeps the stored auth (secrets included)", async () => {
    const id = await create(postgresBody({}, { ssh_tunnel: TUNNEL }));
    const { auth: _auth, ...noAuth } = TUNNEL;
    expect((await patch(id, { ssh_tunnel: noAuth })).status).toBe(200);
    expect(stored(id).ssh_tunnel).toMatchObject({ auth: { type: "password", password: "tunnel-pw" } });
  });

  it("nested containers: same selection keeps omitted secrets; a new selection replaces the container", async () => {
    const id = await create(stripeBody());
    expect(
      (await patch(id, { auth_method: { selection: "api_key" }, stripe_account_id: "acct_2" })).status,
    ).toBe(200);
    expect(stored(id).auth_method).toMatchObject({ selection: "api_key", stripe_secret_key: "rk_test_123" });
    expect((await patch(id, { auth_method: { selection: "oauth", stripe_integration_id: 9 } })).status).toBe(
      200,
    );
    expect(stored(id).auth_method).toEqual({
      selection: "oauth",
      stripe_integration_id: 9,
      stripe_secret_key: null,
    });
  });

  it("a container that is not an object is refused", async () => {
    const id = await create(stripeBody());
    expect((await patch(id, { auth_method: "api_key" })).body).toEqual(
      refused(JOB_INPUTS_PATCH_MESSAGES.mustBeObject, "job_inputs__auth_method", "invalid"),
    );
  });

  it("Snowflake key pair: a new passphrase alone keeps the stored private key", async () => {
    const id = await create({
      source_type: "Snowflake",
      payload: {
        account_id: "acc",
        database: "DB",
        warehouse: "WH",
        auth_type: { selection: "keypair", user: "svc", private_key: "PK", passphrase: "old" },
        schema: "public",
        schemas: [{ name: "orders", should_sync: false }],
      },
    });
    expect(
      (await patch(id, { auth_type: { selection: "keypair", user: "svc", passphrase: "new" } })).status,
    ).toBe(200);
    expect(stored(id).auth_type).toMatchObject({ private_key: "PK", passphrase: "new" });
  });

  it("switch groups merge: flipping `enabled` keeps the stored group values", async () => {
    const id = await create({
      source_type: "BigQuery",
      payload: {
        key_file: {
          project_id: "p",
          private_key: "k",
          private_key_id: "i",
          client_email: "e",
          token_uri: "t",
        },
        dataset_id: "d",
        // Every group given as an object: a stored null group fails every later config check
        // (PostHog's flat-lookup fallback, see FIDELITY.md).
        dataset_project: { enabled: true, dataset_project_id: "other" },
        use_custom_region: { enabled: false, region: "" },
        "temporary-dataset": { enabled: false, temporary_dataset_id: "" },
        schemas: [{ name: "orders", should_sync: false }],
      },
    });
    expect((await patch(id, { dataset_project: { enabled: false } })).status).toBe(200);
    expect(stored(id).dataset_project).toEqual({ enabled: false, dataset_project_id: "other" });
    expect(stored(id).key_file).toMatchObject({ private_key: "k" });
  });

  it("a merged config must still be valid (DRF error)", async () => {
    const id = await create(postgresBody());
    const answer = await patch(id, { ssh_tunnel: { enabled: true } });
    expect(answer.body).toEqual(
      refused("Changing the SSH tunnel requires re-entering your database credentials."),
    );
    const invalid = await patch(id, { password: "s3cret-pw", ssh_tunnel: { enabled: true } });
    expect(invalid.body).toEqual(
      refused("Invalid source config: Required field 'host' is missing, Required field 'port' is missing"),
    );
  });
});
