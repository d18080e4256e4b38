/**
 * The one HTTP layer of pulumi-datasync: both API clients (PostHog, Workiva) send every request
 * through `HttpClient`; nothing else talks to axios.
 */
export {
  HttpClient,
  type AuthHook,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type QueryValue,
} from "./client";
export {
  ApiError,
  isApiError,
  formatApiErrorMessage,
  type ApiErrorInit,
  type ApiErrorJson,
  type FailureKind,
} from "./errors";
export { parseErrorBody, type ErrorBodyInfo } from "./error-body";
export { setHttpLogger, formatAttemptEvent, type HttpAttemptEvent, type HttpLogger } from "./log";
export {
  DEFAULT_RATE_LIMITS,
  sharedRateLimiter,
  resetRateLimiters,
  type RateLimit,
  type RateLimiter,
} from "./rate-limiter";
export { REDACTED, registerSecret, redact, redactValue, isSecretKey, clearSecrets } from "./redact";
export {
  DEFAULT_RETRY,
  backoffDelay,
  isAmbiguous,
  isReplayable,
  isRetryable,
  parseRetryAfter,
  retryDelay,
  type RetrySettings,
} from "./retry-policy";
export { DEFAULT_TIMING, HTTP_ENV, resolveTimingSettings, type TimingSettings } from "./settings";
export { SERVICE_LABEL, type HttpMethod, type ServiceName } from "./service";
