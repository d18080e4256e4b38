import { inspect } from "node:util";
import {
  ApiError,
  clearSecrets,
  parseErrorBody,
  redact,
  redactValue,
  registerSecret,
} from "../../provider/http";

afterEach(() => clearSecrets());

describe("parseErrorBody: the API's own message", () => {
  it("DRF {type, code, detail, attr}", () => {
    const body = JSON.stringify({
      type: "validation_error",
      code: "invalid_choice",
      detail: '"Strype" is not a valid choice.',
      attr: "source_type",
    });
    expect(parseErrorBody(body, "application/json")).toEqual({
      message: '"Strype" is not a valid choice.',
      code: "invalid_choice",
      attr: "source_type",
    });
  });

  it('view-level {"message"} and {"detail"}', () => {
    expect(parseErrorBody('{"message":"Invalid credentials"}').message).toBe("Invalid credentials");
    expect(parseErrorBody('{"detail":"No running sync to cancel."}').message).toBe(
      "No running sync to cancel.",
    );
  });

  it("DRF field errors in detail objects and lists", () => {
    expect(parseErrorBody('{"detail":{"prefix":["Too long."]}}').message).toBe("prefix: Too long.");
    expect(parseErrorBody('["a","b"]').message).toBe("a; b");
  });

  it("Workiva {code, body} with a string, a list and details", () => {
    expect(parseErrorBody('{"code":404,"body":"Not found"}')).toEqual({ message: "Not found" });
    expect(parseErrorBody('{"code":400,"body":["Invalid request","limit must be <= 1000"]}').message).toBe(
      "Invalid request; limit must be <= 1000",
    );
    const withDetails = parseErrorBody(
      JSON.stringify({
        code: 400,
        body: ["Invalid request"],
        details: [{ code: "x", message: "too many", target: "items" }],
      }),
    );
    expect(withDetails.message).toBe("Invalid request; items: too many");
  });

  it("OAuth {error, error_description}", () => {
    expect(
      parseErrorBody('{"error":"unauthorized_client","error_description":"Bad client credentials"}'),
    ).toEqual({
      message: "Bad client credentials",
      code: "unauthorized_client",
    });
    expect(parseErrorBody('{"error":"invalid_request"}').message).toBe("invalid_request");
  });

  it("HTML: the title, else the text; plain text trimmed to one line", () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>";
    expect(parseErrorBody(html, "text/html").message).toBe("502 Bad Gateway");
    expect(parseErrorBody("<html><body><p>Service\n  down</p></body></html>").message).toBe("Service down");
    expect(parseErrorBody("  upstream connect error\n or disconnect \n").message).toBe(
      "upstream connect error or disconnect",
    );
    expect(parseErrorBody("x".repeat(2000)).message!.length).toBeLessThanOrEqual(500);
    expect(parseErrorBody("")).toEqual({});
  });

  it("scrubs secrets the API echoes back", () => {
    registerSecret("sk_test-not-real-abcdef");
    const info = parseErrorBody('{"message":"Invalid key sk_test-not-real-abcdef for account"}');
    expect(info.message).toBe("Invalid key [redacted] for account");
  });
});

describe("ApiError", () => {
  const init = {
    service: "posthog" as const,
    method: "post",
    path: "/api/projects/1/external_data_sources/",
    status: 400,
    kind: "http" as const,
    apiMessage: "Another source of this type already uses the prefix 'stripe_'",
    attr: "prefix",
    ambiguous: false,
    retryable: false,
  };

  it("reads as one line naming service, method, path, status, message and attr", () => {
    const err = new ApiError(init);
    expect(err.message).toBe(
      "PostHog POST /api/projects/1/external_data_sources/ failed: 400 Another source of this type already uses the prefix 'stripe_' (attr: prefix)",
    );
    expect(err.name).toBe("ApiError");
    expect(err).toBeInstanceOf(Error);
    expect(err.stack!.split("\n")[0]).toBe(`ApiError: ${err.message}`);
  });

  it("drops the query string from the path and warns when a write may have been applied", () => {
    const err = new ApiError({
      ...init,
      service: "workiva",
      method: "POST",
      path: "/api/v1/connections/c1/refresh?token=abc",
      status: 503,
      apiMessage: "Service Unavailable",
      attr: undefined,
      ambiguous: true,
      attempts: 1,
    });
    expect(err.path).toBe("/api/v1/connections/c1/refresh");
    expect(err.message).toMatch(
      /^Workiva POST \/api\/v1\/connections\/c1\/refresh failed: 503 Service Unavailable \[.*may have been applied/,
    );
  });

  it("never shows a registered secret: message, stack, JSON and inspect", () => {
    const secret = "phc_super_secret_value_42";
    registerSecret(secret);
    const err = new ApiError({
      ...init,
      apiMessage: `bad key ${secret}`,
      path: `/x/${secret}`,
      code: secret,
    });
    for (const text of [
      err.message,
      err.stack ?? "",
      JSON.stringify(err),
      inspect(err, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({
      name: "ApiError",
      status: 400,
      service: "posthog",
    });
  });
});

describe("redaction", () => {
  it("replaces registered secrets (and their URL-encoded form), longest first", () => {
    registerSecret("abc/def+ghi");
    registerSecret("abc/def+ghi-longer");
    expect(redact("a abc/def+ghi-longer b abc/def+ghi c abc%2Fdef%2Bghi")).toBe(
      "a [redacted] b [redacted] c [redacted]",
    );
  });

  it("ignores tiny values that would mangle every message", () => {
    registerSecret("ab");
    registerSecret("");
    registerSecret(undefined);
    expect(redact("about tabs")).toBe("about tabs");
  });

  it("catches unregistered credentials by pattern", () => {
    expect(redact("Authorization: Bearer eyJhbGciOi.x-y_z")).toBe("Authorization: Bearer [redacted]");
    expect(redact("Basic ZW11bGF0b3I6c2VjcmV0")).toBe("Basic [redacted]");
    expect(redact("grant_type=client_credentials&client_secret=s3cr3t&x=1")).toBe(
      "grant_type=client_credentials&client_secret=[redacted]&x=1",
    );
    expect(redact('{"access_token": "tok123"}')).toBe('{"access_token": [redacted]}');
    expect(redact("key phx_AbC123 used")).toBe("key [redacted] used");
  });

  it("redacts objects structurally: secret-named keys, nested strings, cycles", () => {
    registerSecret("hunter2-password");
    const obj: Record<string, unknown> = {
      headers: { Authorization: "Bearer abc", accept: "application/json" },
      payload: { stripe_secret_key: "sk_test_1", stripe_account_id: "acct_1", note: "pw hunter2-password" },
      list: [{ client_secret: "x" }],
    };
    obj.self = obj;
    expect(redactValue(obj)).toEqual({
      headers: { Authorization: "[redacted]", accept: "application/json" },
      payload: { stripe_secret_key: "[redacted]", stripe_account_id: "acct_1", note: "pw [redacted]" },
      list: [{ client_secret: "[redacted]" }],
      self: "[circular]",
    });
  });
});
