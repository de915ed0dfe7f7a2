import { applyDecorators, Controller, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Subject } from '#contracts';
import { strictValidationPipe } from '../errors/validation.js';
import { RequestContextInterceptor } from './request-context.interceptor.js';
import { RpcErrorFilter } from './rpc-error.filter.js';

/**
 * A class of NATS request handlers: payloads validated strictly (whitelist + forbidNonWhitelisted),
 * errors sent back as codes, logs tagged with the caller's request id.
 */
export function RpcController(): ClassDecorator {
  return applyDecorators(
    Controller(),
    UsePipes(strictValidationPipe()),
    UseFilters(new RpcErrorFilter()),
    UseInterceptors(RequestContextInterceptor),
  );
}

/** Handles one request/reply subject from libs/contracts. */
export function RpcHandler(subject: Subject): MethodDecorator {
  return MessagePattern(subject);
}
