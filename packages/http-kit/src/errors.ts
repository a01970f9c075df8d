/**
 * The one error model of every service. Bad input from outside throws {@link AppError} with a stable
 * snake_case code; the HTTP status comes from {@link ERROR_STATUS}, the single code→status table.
 * `detail` is public (it goes into the problem+json body); `message` and `cause` are for logs only.
 */
export const ERROR_STATUS = {
  /** The request body, query or params failed schema validation; `errors` lists the paths. */
  validation_failed: 400,
  /** The body is not parseable JSON (or not the declared content type). */
  malformed_body: 400,
  /** A well-formed request that the domain refuses (e.g. catalogue item not issuable). */
  bad_request: 400,
  /** No credentials, or credentials that do not match (same answer for both). */
  unauthorized: 401,
  /** Authenticated but not allowed to do this. */
  forbidden: 403,
  /** Missing — or not yours (same answer for both, so existence does not leak). */
  not_found: 404,
  /** A conflicting state, e.g. an account with that email exists. */
  conflict: 409,
  /** The thing existed but is no longer usable: an expired or withdrawn share, an expired offer. */
  gone: 410,
  /** The body is larger than the route's limit. */
  payload_too_large: 413,
  /** The request's Content-Type is not accepted by the route. */
  unsupported_media_type: 415,
  /** The request is understood but semantically invalid (e.g. a presentation that cannot be fetched). */
  unprocessable: 422,
  /** Too many attempts. */
  rate_limited: 429,
  /** A dependency (database, Redis, a remote issuer) is unavailable. */
  unavailable: 503,
  /** An upstream service answered badly. */
  bad_gateway: 502,
  /** Anything unexpected; the body is generic and the detail goes to the log only. */
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** JSON-pointer-like path of the bad field, e.g. `/body/worker/email`. */
  path: string;
  message: string;
}

export interface AppErrorOptions {
  /** Public, human-readable explanation (RFC 9457 `detail`). Never put secrets or tokens here. */
  detail: string;
  /** Overrides the status from the table (rarely needed). */
  status?: number;
  /** Field-level errors for `validation_failed`. */
  errors?: FieldError[];
  /** Internal cause, logged, never sent. */
  cause?: unknown;
  /** Render as an OAuth 2.0 error body (`{ error, error_description }`) — OpenID4VCI/VP endpoints need that. */
  oauthError?: string;
  /** Extra public members for the problem body. */
  extra?: Record<string, unknown>;
  /** Extra response headers (e.g. WWW-Authenticate, Cache-Control). */
  headers?: Record<string, string>;
}

/**
 * Bad input or a refused operation, with a stable code.
 * @example throw new AppError('gone', { detail: 'This share link has expired' });
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly oauthError: string | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions) {
    super(`${code}: ${options.detail}`, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.detail = options.detail;
    this.errors = options.errors;
    this.oauthError = options.oauthError;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

/**
 * An OAuth 2.0 / OpenID4VCI error (RFC 6749 §5.2, OpenID4VCI 1.0 §8.3.1.2): rendered as `{ error, error_description }`.
 * @example throw oauthError('invalid_grant', 'The pre-authorised code is not valid', 400);
 */
export function oauthError(
  error: string,
  description: string,
  status = 400,
  headers?: Record<string, string>,
): AppError {
  return new AppError(status === 401 ? 'unauthorized' : 'bad_request', {
    detail: description,
    status,
    oauthError: error,
    ...(headers ? { headers } : {}),
  });
}
