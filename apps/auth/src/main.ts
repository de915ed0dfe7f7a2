import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '#common';
import { AuthAppModule } from './auth-app.module.js';
import { AuthEnv } from './auth.env.js';

const env = loadConfigOrExit(AuthEnv, 'auth');
await bootstrapService('auth', env, AuthAppModule.forRoot(env));
