import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import type { GatewayEnv } from '../gateway.env.js';

export const SOCKET_PATH = '/socket.io';

// Typed from the adapter itself: @nestjs/platform-socket.io brings its own copy of socket.io.
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type IoServer = ReturnType<IoAdapter['createIOServer']>;

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

/** BODY_LIMIT (`65536`, `64kb`, `1mb`; GatewayEnv checks the format) in bytes, with express's 1024-based units. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`BODY_LIMIT is not a size: ${limit}`);
  return Number(match[1]) * SIZE_UNITS[(match[2] ?? '').toLowerCase()];
}

/**
 * Nest's Socket.IO adapter on the gateway's own HTTP server, with the settings that come from the
 * environment (a decorator cannot read them): CORS origins like the REST API, and the largest message a client
 * may send capped at BODY_LIMIT like a REST body (Socket.IO's own default is 1 MB, 16x a REST body; a larger
 * message closes that client's connection before anything parses it). No Socket.IO adapter
 * (Redis etc.): each replica emits to the sockets it holds, fed by NATS (docs/adr/0006).
 */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly env: GatewayEnv,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    return super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      // Clients bring their own socket.io-client; the gateway serves no JavaScript.
      serveClient: false,
      maxHttpBufferSize: bodyLimitBytes(this.env.BODY_LIMIT),
      cors: { origin: this.env.CORS_ORIGINS === '*' ? true : this.env.CORS_ORIGINS.split(',') },
    } as IoServerOptions);
  }

  /**
   * Same contract as Nest's (the handler's result is the ack, `{ event, data }` an emit, errors logged), with one
   * plain listener per event. Nest's keeps an rxjs pipeline (fromEvent, mergeMap, takeUntil and their subscribers)
   * alive per event per socket: with 14 events that was most of the gateway's memory per idle socket (issue 10).
   * Nest's handler (its WsProxy) is async and has already awaited what the method returned, so its promise gives
   * the answer itself; `transform` (rxjs: fromPromise, mergeAll, of, a subscriber per event) only serves a handler
   * that answers with an Observable. A result that settles after the disconnect goes nowhere, as before (an ack to
   * a closed socket is dropped).
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const mapped: { data: unknown; ack?: unknown } = this.mapPayload(args.length === 1 ? args[0] : args);
        const { data, ack } = mapped;
        const answer = (response: unknown) => {
          if (response === null || response === undefined) return;
          const emitted = response as { event?: unknown; data?: unknown };
          if (typeof emitted.event === 'string') {
            socket.emit(emitted.event, emitted.data);
            return;
          }
          if (!isAckHandledManually && typeof ack === 'function') (ack as (answer: unknown) => void)(response);
        };
        const fail = (error: unknown) => this.logger.error(error);
        let result: unknown;
        try {
          result = callback(data, ack);
        } catch (error) {
          fail(error);
          return;
        }
        if (!(result instanceof Promise)) {
          transform(result).subscribe({ next: answer, error: fail });
          return;
        }
        result
          .then((settled: unknown) => {
            if (isObservable(settled)) settled.subscribe({ next: answer, error: fail });
            else answer(settled);
          })
          .catch(fail);
      });
    }
  }
}
