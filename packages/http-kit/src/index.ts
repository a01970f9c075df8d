export {
  AppError,
  ERROR_STATUS,
  oauthError,
  type AppErrorOptions,
  type ErrorCode,
  type FieldError,
} from './errors.js';
export { parseInput, zodFieldErrors } from './validate.js';
export {
  ConfigError,
  devAllowedHosts,
  loadEnv,
  zBaseUrl,
  zCommonEnv,
  zFlag,
  zKey32,
  zList,
  zLogLevel,
  zTrustProxy,
  zPort,
} from './config.js';
export { createLogger, type Logger } from './logger.js';
export { notFoundHandler, problemHandler, toAppError, type ProblemBody } from './problem.js';
export {
  createApp,
  requestListener,
  type CreateAppOptions,
  type LeanRequest,
  type LeanResponse,
  type LeanRoute,
} from './app.js';
export { isJsonRequest, readJsonBody } from './body.js';
export { listen, onShutdown, type RunningServer } from './server.js';
export { buildOpenApiDocument, OpenAPIRegistry, problemResponses, zProblem } from './openapi.js';
export { bearerToken, unauthorized } from './auth.js';
export {
  clientKey,
  createSignInLimiter,
  type FailureWindow,
  type SignInAttempt,
  type SignInLimiter,
  type SignInLimiterOptions,
} from './attempt-limiter.js';
