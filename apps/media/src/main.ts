import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '#common';
import { MediaAppModule } from './media-app.module.js';
import { MediaEnv } from './media.env.js';

const env = loadConfigOrExit(MediaEnv, 'media');
await bootstrapService('media', env, MediaAppModule.forRoot(env));
