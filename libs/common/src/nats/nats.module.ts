import { type DynamicModule, Global, Module } from '@nestjs/common';
import { NatsBus } from './nats-bus.js';
import { NATS_OPTIONS, type NatsModuleOptions } from './nats.options.js';
import { RpcClient } from './rpc-client.js';

@Global()
@Module({})
export class NatsModule {
  static forRoot(options: NatsModuleOptions): DynamicModule {
    return {
      module: NatsModule,
      providers: [{ provide: NATS_OPTIONS, useValue: options }, RpcClient, NatsBus],
      exports: [NATS_OPTIONS, RpcClient, NatsBus],
    };
  }
}
