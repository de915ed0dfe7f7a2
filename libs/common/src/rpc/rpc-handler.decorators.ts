import { applyDecorators, Controller, UseFilters, UsePipes } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { type CommandOf, type ResultOf, rpcContract, type Subject } from '#contracts';
import { strictValidationPipe } from '../errors/validation.js';
import { RpcErrorFilter } from './rpc-error.filter.js';

/**
 * A class of NATS request handlers: payloads validated strictly (whitelist + forbidNonWhitelisted),
 * errors sent back as codes. The request's scope (the caller's request id and trace, its timing) is opened by
 * NamespacedNatsServer around the handler, not by an interceptor (ADR 0007 amendment).
 */
export function RpcController(): ClassDecorator {
  return applyDecorators(
    Controller(),
    UsePipes(strictValidationPipe()),
    UseFilters(new RpcErrorFilter()),
  );
}

/** A handler method of subject S: takes S's command (plus whatever Nest injects after it) and answers S's reply. */
export type RpcHandlerMethod<S extends Subject> = (command: CommandOf<S>, ...injected: never[]) => ResultOf<S> | Promise<ResultOf<S>>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The handler's first parameter must be the subject's command type itself, not a looser one: the validation pipe
 * validates against the parameter's class, so a handler typed with another class would check other rules.
 */
type CommandParameterCheck<M, S extends Subject> = M extends (command: infer P, ...injected: never[]) => unknown
  ? Same<P, CommandOf<S>> extends true
    ? unknown
    : { readonly 'the handler parameter must be the command type of the subject': CommandOf<S> }
  : unknown;

/**
 * Handles one request/reply subject from libs/contracts. The compiler checks the method against the subject's
 * entry in RpcMap (parameter = command, return = reply); at start-up the decorated parameter's class must be the
 * contract's command class, which is the class the validation pipe validates against.
 */
export function RpcHandler<S extends Subject>(subject: S) {
  return <M extends RpcHandlerMethod<S>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M> & CommandParameterCheck<M, S>): void => {
    const contract = rpcContract(subject);
    const [parameterClass] = (Reflect.getMetadata('design:paramtypes', target, key) ?? []) as unknown[];
    if (!contract || parameterClass !== contract.command) {
      throw new Error(`@RpcHandler(${subject}) on ${String(key)}: the parameter must be ${contract?.command.name ?? 'a contract command class'}`);
    }
    MessagePattern(subject)(target, key, descriptor);
  };
}
