import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '#common';
import { ChatAppModule } from './chat-app.module.js';
import { ChatEnv } from './chat.env.js';

const env = loadConfigOrExit(ChatEnv, 'chat');
await bootstrapService('chat', env, ChatAppModule.forRoot(env));
