import { validateRefreshInputs } from "../../provider/workiva/validation";
import { UNKNOWN_VALUE } from "../../provider/workiva/unknown";

const reasons = (news: Record<string, unknown>): string[] =>
  validateRefreshInputs(news).failures.map((f) => `${f.property} | ${f.reason}`);

describe("Refresh input validation (check)", () => {
  it("accepts ids and long forms, and applies the defaults", () => {
    const { inputs, failures } = validateRefreshInputs({
      connections: ["conn-a", { connectionId: "conn-b", sourceParameters: { year: 2024 } }],
    });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      connections: ["conn-a", { connectionId: "conn-b", sourceParameters: { year: 2024 } }],
      cancelUnwritables: false,
      waitForCompletion: true,
      timeoutSeconds: 1800,
      failOnError: true,
    });
  });

  it("rejects an empty or missing list", () => {
    expect(reasons({ connections: [] })).toEqual(["connections | must list at least one connection"]);
    expect(reasons({})).toEqual(["connections | is required"]);
  });

  it("rejects more than 1000 connections", () => {
    const connections = Array.from({ length: 1001 }, (_, i) => `c-${i}`);
    expect(reasons({ connections })).toEqual(["connections | must list at most 1000 connections"]);
    expect(reasons({ connections: connections.slice(0, 1000) })).toEqual([]);
  });

  it("names each bad id with its position and the rule", () => {
    expect(reasons({ connections: ["ok", "a/b", "c d", "x..y", "", { connectionId: "e\tf" }] })).toEqual([
      `connections[1] | connection id "a/b" must not contain '/'`,
      `connections[2] | connection id "c d" must not contain whitespace`,
      `connections[3] | connection id "x..y" must not contain '..'`,
      `connections[4] | connection id "" must not be empty`,
      `connections[5].connectionId | connection id "e\\tf" must not contain whitespace`,
    ]);
  });

  it("rejects duplicate ids, whatever the form", () => {
    expect(reasons({ connections: ["a", "b", { connectionId: "a" }] })).toEqual([
      `connections[2] | duplicate connection id "a" (also at connections[0])`,
    ]);
  });

  it("rejects unknown fields and wrong types", () => {
    expect(
      reasons({ connections: [{ connectionId: "a", destinationId: "x" }, 7], failOnError: "yes" }),
    ).toEqual([
      "connections[0] | unknown field(s) destinationId",
      "connections[1] | must be a connection id or { connectionId, ... }",
      "failOnError | must be a boolean",
    ]);
  });

  it("requires a positive timeout", () => {
    expect(reasons({ connections: ["a"], timeoutSeconds: 0 })).toEqual([
      "timeoutSeconds | must be a positive number of seconds",
    ]);
    expect(reasons({ connections: ["a"], timeoutSeconds: -5 })).toHaveLength(1);
    expect(reasons({ connections: ["a"], timeoutSeconds: 0.5 })).toEqual([]);
  });

  it("tolerates the preview placeholder anywhere", () => {
    expect(
      reasons({ connections: UNKNOWN_VALUE, timeoutSeconds: UNKNOWN_VALUE, failOnError: UNKNOWN_VALUE }),
    ).toEqual([]);
    expect(
      reasons({
        connections: [
          UNKNOWN_VALUE,
          UNKNOWN_VALUE,
          {
            connectionId: UNKNOWN_VALUE,
            sourceParameters: UNKNOWN_VALUE,
            usePreviousSourceParameters: UNKNOWN_VALUE,
          },
        ],
        triggers: { version: UNKNOWN_VALUE },
      }),
    ).toEqual([]);
  });
});
