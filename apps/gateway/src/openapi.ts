import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document of the public contract: UI at /api/docs, JSON at /api/docs-json. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Chat Platform API')
    .setDescription(
      'REST API of the chat platform. Errors are application/problem+json with a stable `code`. ' +
        'Real-time events are delivered over Socket.IO at /socket.io.',
    )
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
