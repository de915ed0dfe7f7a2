import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '#common';
import { ChatEnv } from './chat.env.js';

@Module({})
export class ChatAppModule {
  static forRoot(env: ChatEnv): DynamicModule {
    return {
      module: ChatAppModule,
      imports: [CoreModule.forRoot('chat', env)],
      providers: [{ provide: ChatEnv, useValue: env }],
    };
  }
}
