import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
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
   * Client events are dispatched by RealtimeGateway's typed table from the socket's packet middleware (docs/adr/0020
   * amendment), so no @SubscribeMessage handler exists to bind. Nest's version would keep a disconnect observable per
   * socket for nothing, and a handler added later would never be called (the middleware does not pass packets on):
   * it fails at once instead.
   */
  override bindMessageHandlers(_socket: Socket, handlers: MessageMappingProperties[]): void {
    if (handlers.length > 0) {
      throw new Error(`@SubscribeMessage(${handlers.map((h) => String(h.message)).join(', ')}): socket events go through RealtimeGateway's table`);
    }
  }
}
