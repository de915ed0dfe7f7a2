import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { GatewayEnv } from '../gateway.env.js';

export const SOCKET_PATH = '/socket.io';

// Typed from the adapter itself: @nestjs/platform-socket.io brings its own copy of socket.io.
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type IoServer = ReturnType<IoAdapter['createIOServer']>;

/**
 * Nest's Socket.IO adapter on the gateway's own HTTP server, with the settings that come from the
 * environment (a decorator cannot read them): CORS origins like the REST API. No Socket.IO adapter
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
      cors: { origin: this.env.CORS_ORIGINS === '*' ? true : this.env.CORS_ORIGINS.split(',') },
    } as IoServerOptions);
  }
}
