import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '#common';
import { AvatarsService } from './avatars/avatars.service.js';
import { blobStoreProvider } from './blobs/blob-store.provider.js';
import { MediaHttpServer } from './http/media-http.server.js';
import { MediaEnv } from './media.env.js';
import { MediaStorageModule } from './storage/media-storage.module.js';
import { UploadCollector } from './uploads/upload-collector.js';
import { UploadsHandler } from './uploads/uploads.handler.js';
import { UploadsService } from './uploads/uploads.service.js';

@Module({})
export class MediaAppModule {
  static forRoot(env: MediaEnv): DynamicModule {
    return {
      module: MediaAppModule,
      imports: [CoreModule.forRoot('media', env), MediaStorageModule.forRoot(env)],
      controllers: [UploadsHandler],
      providers: [
        { provide: MediaEnv, useValue: env },
        blobStoreProvider(env),
        UploadsService,
        AvatarsService,
        UploadCollector,
        MediaHttpServer,
      ],
    };
  }
}
