import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { Problem } from '#contracts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: invalid or unknown fields',
  401: 'UNAUTHORIZED: missing, invalid, expired or revoked token',
  403: 'FORBIDDEN / NOT_A_MEMBER / BLOCKED / MUTED / BANNED',
  404: 'NOT_FOUND',
  409: 'Conflict (USERNAME_TAKEN, EMAIL_TAKEN, ALREADY_FRIENDS, LAST_ADMIN, …)',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED (see Retry-After)',
  503: 'SERVICE_UNAVAILABLE: a service did not answer in time',
};

/** Documents the problem+json responses a route can give (503 is possible everywhere). */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([...statuses, 503])];
  return applyDecorators(
    ...all.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: Problem, content: undefined }),
    ),
  );
}
