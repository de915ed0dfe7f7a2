/**
 * Error codes are the one vocabulary for failures across process boundaries: services throw them,
 * they travel over NATS as `{ code, message, details? }`, and the gateway maps each to one HTTP status.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  FORBIDDEN: 'FORBIDDEN',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  BLOCKED: 'BLOCKED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  ALREADY_FRIENDS: 'ALREADY_FRIENDS',
  ALREADY_ATTACHED: 'ALREADY_ATTACHED',
  LAST_ADMIN: 'LAST_ADMIN',
  MUTED: 'MUTED',
  BANNED: 'BANNED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  NOT_A_MEMBER: 403,
  BLOCKED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  ALREADY_FRIENDS: 409,
  ALREADY_ATTACHED: 409,
  LAST_ADMIN: 409,
  MUTED: 403,
  BANNED: 403,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCode, value);
}

export interface FieldError {
  field: string;
  message: string;
}

/** The shape of an error on the bus. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: { errors?: FieldError[] } & Record<string, unknown>;
}
