/** The Wdata `{body, code}` envelope for successes and errors (contract: "Envelope and errors"). */
/** An answer of a Wdata route: status, JSON body and optional extra headers. */
export interface WdataAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One entry of the optional `details` list of an error. */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** 200 `{"body": payload, "code": 200}`. */
export function ok(payload: unknown): WdataAnswer {
  return { status: 200, body: { body: payload, code: 200 } };
}

/** 200 list answer: `{"body": items, "code": 200, "cursor": next}`; `cursor` left out when undefined. */
export function okList(items: unknown[], cursor: string | null | undefined): WdataAnswer {
  return { status: 200, body: { body: items, code: 200, ...(cursor === undefined ? {} : { cursor }) } };
}

/** 400 multi-error: `{"code": 400, "body": ["Invalid request", ...problems]}`. */
export function invalidRequest(problems: readonly string[]): WdataAnswer {
  return { status: 400, body: { code: 400, body: ["Invalid request", ...problems] } };
}

/** Any other error: `{"code": status, "body": message}` (+ `details` when given). */
export function errorAnswer(status: number, message: string, details?: ErrorDetail[]): WdataAnswer {
  const body: Record<string, unknown> = { code: status, body: message };
  if (details && details.length > 0) body.details = details;
  return { status, body };
}

/** 404 `{"code":404,"body":"Not found"}`. */
export function notFound(details?: ErrorDetail[]): WdataAnswer {
  return errorAnswer(404, "Not found", details);
}
