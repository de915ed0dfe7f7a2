import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '#common';
import { UsersEnv } from './users.env.js';

@Module({})
export class UsersAppModule {
  static forRoot(env: UsersEnv): DynamicModule {
    return {
      module: UsersAppModule,
      imports: [CoreModule.forRoot('users', env)],
      providers: [{ provide: UsersEnv, useValue: env }],
    };
  }
}
