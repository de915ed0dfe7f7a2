import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { ErrorCode, type ErrorPayload } from '#contracts';
import { DomainError } from '../errors/domain.error.js';

/** Turns whatever a handler throws into the `{ code, message, details? }` the gateway understands. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    if (exception instanceof DomainError) {
      return throwError(() => exception.toPayload());
    }
    // Internals never cross the bus: log them here, send a bare code.
    this.logger.error({ err: exception }, 'unhandled error in a message handler');
    const payload: ErrorPayload = { code: ErrorCode.INTERNAL, message: 'Internal error' };
    return throwError(() => payload);
  }
}
