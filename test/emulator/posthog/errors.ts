/**
 * The two error families PostHog answers with, as throwable values.
 *
 * - DRF (drf-exceptions-hog): `{"type","code","detail","attr"}`. A DRF `ValidationError("...")`
 *   raised by a view or serializer comes out as `code: "invalid_input"`, `attr: null`.
 * - View-level: `400 {"message": "..."}` or `400 {"detail": "..."}`.
 */

/** A DRF-style error body. */
export interface DrfErrorBody {
  type: string;
  code: string;
  detail: string;
  attr: string | null;
}

/** An HTTP answer a handler throws to stop early; the route wrapper sends `status` + `body`. */
export class PosthogHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`PostHog emulator answered ${status}`);
  }
}

/** Any DRF-style error. */
export function drfError(
  status: number,
  type: string,
  code: string,
  detail: string,
  attr: string | null = null,
): PosthogHttpError {
  const body: DrfErrorBody = { type, code, detail, attr };
  return new PosthogHttpError(status, body);
}

/** 400 DRF validation error (field errors carry `attr`; view-raised ones have `attr: null`). */
export function validationError(
  detail: string,
  attr: string | null = null,
  code = "invalid_input",
): PosthogHttpError {
  return drfError(400, "validation_error", code, detail, attr);
}

/** 400 DRF `invalid_choice` for a bad enum value, exactly as DRF words it. */
export function invalidChoice(value: unknown, attr: string): PosthogHttpError {
  return validationError(`"${String(value)}" is not a valid choice.`, attr, "invalid_choice");
}

/** 400 DRF `required` for a missing field. */
export function requiredField(attr: string): PosthogHttpError {
  return validationError("This field is required.", attr, "required");
}

/** 404 DRF not_found: unknown, soft-deleted or malformed ids. */
export function notFound(detail = "Not found."): PosthogHttpError {
  return drfError(404, "invalid_request", "not_found", detail);
}

/** 405 DRF method_not_allowed. */
export function methodNotAllowed(method: string): PosthogHttpError {
  return drfError(405, "invalid_request", "method_not_allowed", `Method "${method}" not allowed.`);
}

/** 400 `{"message": ...}` (view-level checks, e.g. source create). */
export function messageError(message: string): PosthogHttpError {
  return new PosthogHttpError(400, { message });
}

/** 400 `{"detail": ...}` (view-level checks of schema actions). */
export function detailError(detail: string): PosthogHttpError {
  return new PosthogHttpError(400, { detail });
}
