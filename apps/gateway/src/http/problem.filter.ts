import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode } from '#contracts';
import { DomainError } from '#common';
import { problem, PROBLEM_CONTENT_TYPE, type ProblemBody } from './problem.js';

/** The code an HTTP error status stands for when nothing more specific is known. */
export const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

export function requestIdOf(req: Request): string {
  const id = (req as Request & { id?: unknown }).id;
  return typeof id === 'string' ? id : '';
}

/** Every error leaves the gateway as problem+json with the request id; a 500 never shows internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = this.toProblem(exception, requestIdOf(req));
    const retryAfterMs = exception instanceof DomainError ? exception.details?.retryAfterMs : undefined;
    if (body.code === ErrorCode.RATE_LIMITED && typeof retryAfterMs === 'number') {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    }
    if (body.status >= 500 && body.code !== ErrorCode.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'request failed');
    }
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).json(body);
  }

  private toProblem(exception: unknown, requestId: string): ProblemBody {
    if (exception instanceof DomainError) {
      return problem(exception.code, exception.message, requestId, exception.details?.errors);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED);
      const detail = status >= 500 ? 'Internal error' : exception.message;
      return problem(code, code === ErrorCode.UNAUTHORIZED ? 'Missing, invalid or expired access token' : detail, requestId);
    }
    return problem(ErrorCode.INTERNAL, 'Internal error', requestId);
  }
}
