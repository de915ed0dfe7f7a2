import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '#common';
import { UsersAppModule } from './users-app.module.js';
import { UsersEnv } from './users.env.js';

const env = loadConfigOrExit(UsersEnv, 'users');
await bootstrapService('users', env, UsersAppModule.forRoot(env));
