import { ERROR_HTTP_STATUS, type ErrorCode, type FieldError } from '#contracts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  requestId: string;
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Validation failed',
  UNAUTHORIZED: 'Unauthorized',
  INVALID_CREDENTIALS: 'Invalid credentials',
  NOT_A_MEMBER: 'Not a member',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL: 'Internal server error',
};

const titleOf = (code: ErrorCode): string =>
  TITLES[code] ?? code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 body; `type` names the code so clients can link to its documentation. */
export function problem(code: ErrorCode, detail: string, requestId: string, errors?: FieldError[]): ProblemBody {
  return {
    type: `urn:chat-platform:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titleOf(code),
    status: ERROR_HTTP_STATUS[code],
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
    requestId,
  };
}
