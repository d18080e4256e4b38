/** Validation of an OAuth2 client-credentials token request (form fields or Basic auth). */
import { DEFAULT_TOKEN_SCOPE, TOKEN_ERROR_URI, UNSUPPORTED_GRANT_ERROR } from "./decisions";

/** The parts of a token request this module looks at. */
export interface TokenRequestInput {
  contentType: string | undefined;
  authorization: string | undefined;
  body: unknown;
  /** Whether this endpoint also takes a JSON object body (2022-01-01 `/iam/v1/oauth2/token`). */
  acceptsJson?: boolean;
}

/** An accepted request: which client asked and for what scope. */
export interface AcceptedTokenRequest {
  ok: true;
  clientId: string;
  scope: string;
}

/** A rejected request, ready to send: status and OAuth error body. */
export interface RejectedTokenRequest {
  ok: false;
  status: 400 | 401;
  body: { error: string; error_description: string; error_uri: string };
}

/** Outcome of `checkTokenRequest`. */
export type TokenRequestOutcome = AcceptedTokenRequest | RejectedTokenRequest;

/** Check a token request against the known clients (id -> secret). */
export function checkTokenRequest(
  input: TokenRequestInput,
  clients: Record<string, string>,
): TokenRequestOutcome {
  const hasBody = input.body !== undefined && input.body !== null && input.body !== "";
  const json = input.acceptsJson === true && isJson(input.contentType);
  if (hasBody && !isFormEncoded(input.contentType) && !json) {
    return reject(
      400,
      "invalid_request",
      input.acceptsJson
        ? "Content-Type must be application/x-www-form-urlencoded or application/json"
        : "Content-Type must be application/x-www-form-urlencoded",
    );
  }
  const form = asStringFields(input.body);

  const grantType = form.grant_type;
  if (!grantType) return reject(400, "invalid_request", "Missing required parameter: grant_type");
  if (grantType !== "client_credentials") {
    return reject(400, UNSUPPORTED_GRANT_ERROR, `Unsupported grant_type: ${grantType}`);
  }

  const fromForm = form.client_id !== undefined || form.client_secret !== undefined;
  const fromHeader = input.authorization !== undefined && /^basic\s/i.test(input.authorization);
  if (fromForm && fromHeader) {
    return reject(400, "invalid_request", "Use only one client authentication method");
  }

  let credentials: { id: string; secret: string } | undefined;
  if (fromHeader) {
    credentials = decodeBasic(input.authorization as string);
    if (!credentials) return reject(400, "invalid_request", "Malformed Basic authorization header");
  } else if (form.client_id && form.client_secret) {
    credentials = { id: form.client_id, secret: form.client_secret };
  } else {
    return reject(400, "invalid_request", "Missing client credentials: client_id and client_secret");
  }

  const knownSecret = Object.prototype.hasOwnProperty.call(clients, credentials.id)
    ? clients[credentials.id]
    : undefined;
  if (knownSecret === undefined || knownSecret !== credentials.secret) {
    return reject(401, "unauthorized_client", "Client authentication failed");
  }
  return { ok: true, clientId: credentials.id, scope: form.scope || DEFAULT_TOKEN_SCOPE };
}

function reject(status: 400 | 401, error: string, description: string): RejectedTokenRequest {
  return { ok: false, status, body: { error, error_description: description, error_uri: TOKEN_ERROR_URI } };
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").toLowerCase().startsWith("application/json");
}

function isFormEncoded(contentType: string | undefined): boolean {
  return (contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
}

/** Keep only the string-valued fields of a parsed form (repeated fields are rejected as absent). */
function asStringFields(body: unknown): Record<string, string | undefined> {
  if (typeof body !== "object" || body === null) return {};
  const fields: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") fields[key] = value;
  }
  return fields;
}

/** `Basic base64(id:secret)` -> credentials; the id and secret are form-urlencoded (RFC 6749 2.3.1). */
function decodeBasic(header: string): { id: string; secret: string } | undefined {
  const encoded = header.replace(/^basic\s+/i, "").trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
    };
  } catch {
    return undefined;
  }
}
