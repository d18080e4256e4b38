/**
 * The emulator's answers against facts from Workiva's API reference (./reference.ts): every field
 * name it returns is one the schema lists, every enum value one the reference lists, every answer
 * in a documented envelope with a documented status. Scenarios cover each route and the answers
 * the reference leaves open (refusals, 409/423, late failures, last-page cursor forms).
 */
import {
  CONNECTION_RECORD_TYPES,
  IAM_ERROR_CODES,
  REQUIRED_FIELDS,
  RUN_STATUS_VALUES,
  SCHEMA_FIELDS,
  TOKEN_STATUSES,
  WDATA_STATUSES,
} from "./reference";
import { workivaTestApp, type Answer, type WorkivaTestApp } from "./test-support";

type Schema = keyof typeof SCHEMA_FIELDS;

/** Where `value` breaks the reference's `schema` (recursing into nested DTOs). */
function problemsOf(schema: Schema, value: unknown, at: string): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${at}: not an object`];
  const record = value as Record<string, unknown>;
  const allowed: readonly string[] = SCHEMA_FIELDS[schema];
  const problems = Object.keys(record)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${at}.${key}: not a field of ${schema}`);
  const required: readonly string[] = (REQUIRED_FIELDS as Record<string, readonly string[]>)[schema] ?? [];
  problems.push(
    ...required.filter((key) => !(key in record)).map((key) => `${at}.${key}: required by ${schema}`),
  );
  const enumIn = (key: string, values: readonly string[]) => {
    const v = record[key];
    if (v !== undefined && v !== null && !values.includes(v as string))
      problems.push(`${at}.${key}: ${String(v)} not in the enum`);
  };
  if (schema === "ConnectionRunDto" || schema === "RefreshBatchDto") {
    enumIn("sourceStatus", RUN_STATUS_VALUES);
    enumIn("destinationStatus", RUN_STATUS_VALUES);
  }
  if (schema === "RefreshBatchDto" && Array.isArray(record.childRefreshes)) {
    record.childRefreshes.forEach((child, i) =>
      problems.push(...problemsOf("ConnectionRunDto", child, `${at}.childRefreshes[${i}]`)),
    );
  }
  if (schema === "ConnectionDto") {
    enumIn("sourceType", CONNECTION_RECORD_TYPES);
    enumIn("destinationType", CONNECTION_RECORD_TYPES);
    if (record.lastRun !== undefined && record.lastRun !== null) {
      problems.push(...problemsOf("ConnectionRunDto", record.lastRun, `${at}.lastRun`));
    }
  }
  if ((schema === "SingleError" || schema === "MultiError") && Array.isArray(record.details)) {
    record.details.forEach((detail, i) =>
      problems.push(...problemsOf("BaseErrorResponseDetail", detail, `${at}.details[${i}]`)),
    );
  }
  if (schema === "SingleError" && typeof record.body !== "string") problems.push(`${at}.body: not a string`);
  if (schema === "MultiError" && !Array.isArray(record.body)) problems.push(`${at}.body: not an array`);
  if (schema === "IamError") enumIn("error", IAM_ERROR_CODES);
  return problems;
}

/** What a Wdata answer must be: the 200 envelope of `payload`, or a SingleError/MultiError. */
function wdataProblems(
  answer: Answer,
  payload: "ConnectionDto" | "ConnectionRunDto" | "RefreshBatchDto" | "list",
): string[] {
  const where = `${payload} answer ${answer.status}`;
  if (!(WDATA_STATUSES as readonly number[]).includes(answer.status)) return [`${where}: status not listed`];
  if (answer.status !== 200) {
    return problemsOf(Array.isArray(answer.body?.body) ? "MultiError" : "SingleError", answer.body, where);
  }
  if (payload === "list") {
    const problems = problemsOf("PagedResponseConnectionDto", answer.body, where);
    const items: unknown[] = Array.isArray(answer.body.body) ? answer.body.body : [];
    items.forEach((item, i) => problems.push(...problemsOf("ConnectionDto", item, `${where}.body[${i}]`)));
    if (
      answer.body.cursor !== undefined &&
      answer.body.cursor !== null &&
      typeof answer.body.cursor !== "string"
    ) {
      problems.push(`${where}.cursor: not a string`);
    }
    return problems;
  }
  return [
    ...problemsOf("BaseResponse", answer.body, where),
    ...problemsOf(payload, answer.body.body, `${where}.body`),
  ];
}

/** What a token answer must be: BearerToken, IamError, or (routing) the platform ErrorResponse. */
function tokenProblems(answer: Answer): string[] {
  const where = `token answer ${answer.status}`;
  if (answer.status === 200) return problemsOf("BearerToken", answer.body, where);
  if (answer.body && "error" in answer.body) {
    const problems = problemsOf("IamError", answer.body, where);
    if (!(TOKEN_STATUSES as readonly number[]).includes(answer.status))
      problems.push(`${where}: status not listed`);
    return problems;
  }
  return problemsOf("ErrorResponse", answer.body, where);
}

describe("Workiva emulator: answers keep to the reference's fields, enums and envelopes", () => {
  let t: WorkivaTestApp;
  beforeEach(async () => {
    t = await workivaTestApp();
  });
  afterEach(() => t.close());

  it("the problem finder does find problems (so the checks below can fail)", () => {
    expect(problemsOf("ConnectionRunDto", { jobId: "j", status: "done" }, "x")).toEqual([
      "x.status: not a field of ConnectionRunDto",
    ]);
    expect(problemsOf("ConnectionRunDto", { sourceStatus: "RUNNING" }, "x")).toEqual([
      "x.sourceStatus: RUNNING not in the enum",
    ]);
    expect(problemsOf("SingleError", { code: 409 }, "x")).toEqual([
      "x.body: required by SingleError",
      "x.body: not a string",
    ]);
    expect(problemsOf("IamError", { error: "unsupported_grant_type" }, "x")).toHaveLength(1);
  });

  it("token endpoints: tokens, IAM errors and version routing", async () => {
    const form = (body: string, headers: Record<string, string> = {}, path = "/oauth2/token") =>
      t.call({
        method: "POST",
        path,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-version": "2026-01-01",
          ...headers,
        },
        body,
      });
    const good = "grant_type=client_credentials&client_id=emulator-client&client_secret=emulator-secret";
    const answers = [
      await form(good),
      await t.call({
        method: "POST",
        path: "/iam/v1/oauth2/token",
        body: {
          grant_type: "client_credentials",
          client_id: "emulator-client",
          client_secret: "emulator-secret",
        },
      }),
      await form("grant_type=password&client_id=emulator-client&client_secret=emulator-secret"),
      await form("grant_type=client_credentials"),
      await form("grant_type=client_credentials&client_id=emulator-client&client_secret=wrong"),
      await form(good, { "x-version": "" }), // no version: 2022-01-01, which has no /oauth2/token
      await form(good, { "x-version": "2031-01-01" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 400, 401, 404, 400]);
    expect(answers.flatMap(tokenProblems)).toEqual([]);
  });

  it("connection routes: list, details, refreshes, statuses, batches and their errors", async () => {
    const answers: Array<[Answer, Parameters<typeof wdataProblems>[1]]> = [];
    const wdata = async (
      payload: Parameters<typeof wdataProblems>[1],
      method: "GET" | "POST",
      path: string,
      options: Parameters<WorkivaTestApp["wdata"]>[2] = {},
    ) => {
      const answer = await t.wdata(method, path, options);
      answers.push([answer, payload]);
      return answer;
    };
    const items = (...ids: string[]) => ({ body: ids.map((connectionId) => ({ connectionId })) });

    await wdata("list", "GET", "", { query: { limit: "3" } });
    for (const form of ["absent", "null", "empty"] as const) {
      t.control.setLastPageCursor(form);
      await wdata("list", "GET", "");
    }
    await wdata("list", "GET", "", { query: { destinationType: "document" } }); // needs destinationId: 400
    await wdata("ConnectionDto", "GET", "/conn-sales-1"); // before any run: nulls
    await wdata("ConnectionDto", "GET", "/ghost"); // 404

    t.control.failConnection("conn-finance-1", null, 1);
    t.control.failConnection("conn-finance-2", "Query timed out", 1);
    t.control.setUnwritable("conn-esg-1");
    t.control.failStart("conn-sales-3", "Destination is locked");
    const single = await wdata("ConnectionRunDto", "POST", "/conn-finance-3/refresh", { body: {} });
    await wdata("ConnectionRunDto", "POST", "/conn-esg-1/refresh", { body: {} }); // unwritable: error at once
    await wdata("ConnectionRunDto", "POST", "/conn-finance-3/refresh", { body: {} }); // already running: 409
    t.control.setAlreadyRunningStatus(423);
    await wdata("ConnectionRunDto", "POST", "/conn-finance-3/refresh", { body: {} }); // 423
    await wdata("ConnectionRunDto", "POST", "/conn-sales-1/refresh", { body: [] }); // 400 multi-error
    const batch = await wdata(
      "RefreshBatchDto",
      "POST",
      "/batch/refresh",
      items("conn-finance-1", "conn-finance-2"),
    );
    await wdata("RefreshBatchDto", "POST", "/batch/refresh", items("conn-sales-1", "conn-esg-2")); // refused 400
    t.control.setBatchRefusalStatus(409);
    await wdata("RefreshBatchDto", "POST", "/batch/refresh", items("conn-esg-1", "conn-esg-2")); // refused 409
    await wdata("RefreshBatchDto", "POST", "/batch/refresh", items("conn-sales-1", "ghost")); // 404 with details
    await wdata("RefreshBatchDto", "POST", "/batch/refresh", items("conn-sales-2", "conn-sales-3")); // a failed start
    t.clock.advance(150);
    await wdata("ConnectionRunDto", "GET", "/conn-finance-3/status", {
      query: { jobId: single.body.body.jobId },
    });
    await wdata("RefreshBatchDto", "GET", `/batch/refresh/${batch.body.body.batchRefreshId}`);
    t.clock.advance(1000);
    await wdata("RefreshBatchDto", "GET", `/batch/refresh/${batch.body.body.batchRefreshId}`); // late failures
    await wdata("ConnectionRunDto", "GET", "/conn-finance-1/status"); // latest: failed, no error
    await wdata("ConnectionDto", "GET", "/conn-finance-2"); // lastRun with its error
    await wdata("list", "GET", "");
    await wdata("RefreshBatchDto", "GET", "/batch/refresh/nope"); // 404
    await wdata("ConnectionDto", "GET", "/conn-sales-1", { token: "expired" }); // 401

    expect(answers.map(([a]) => a.status)).toEqual([
      200, 200, 200, 200, 400, 200, 404, 200, 200, 409, 423, 400, 200, 400, 409, 404, 200, 200, 200, 200, 200,
      200, 200, 404, 401,
    ]);
    expect(answers.flatMap(([answer, payload]) => wdataProblems(answer, payload))).toEqual([]);
    // The scenario did produce the answers the reference leaves open.
    const finalBatch = answers[answers.length - 6][0].body.body;
    expect(finalBatch.childRefreshes.map((c: { error?: string }) => c.error)).toEqual([
      undefined,
      "Query timed out",
    ]);
  });
});
