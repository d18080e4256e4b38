import { jobInputsAfterRead } from "../../provider/posthog/config/job-inputs-read";

describe("jobInputsAfterRead: what a refresh keeps of the job inputs PostHog shows", () => {
  const sent = {
    host: "db.internal",
    port: 5432,
    password: "pg-secret",
    ssh_tunnel: { enabled: true, host: "bastion", auth: { type: "password", password: "tunnel-secret" } },
  };

  it("keeps secrets PostHog hides, at any depth", () => {
    const shown = {
      host: "db.internal",
      port: "5432",
      ssh_tunnel: { enabled: true, host: "bastion", auth: { type: "password" } },
    };
    expect(jobInputsAfterRead(sent, shown)).toEqual(sent);
  });

  it("takes visible values changed elsewhere (drift), at any depth", () => {
    const shown = {
      host: "db2.internal",
      ssh_tunnel: { enabled: true, host: "bastion-2", auth: { type: "password" } },
    };
    expect(jobInputsAfterRead(sent, shown)).toEqual({
      ...sent,
      host: "db2.internal",
      ssh_tunnel: { ...sent.ssh_tunnel, host: "bastion-2" },
    });
  });

  it("ignores keys we never declared", () => {
    expect(jobInputsAfterRead({ host: "a" }, { host: "a", extra: "x" })).toEqual({ host: "a" });
  });
});
