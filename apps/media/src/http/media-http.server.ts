import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ERROR_HTTP_STATUS, ErrorCode } from '#contracts';
import { DomainError, MEDIA_AUTH_HEADER, requestContext, REQUEST_ID_HEADER, normalizeRequestId, verifyMediaRequest } from '#common';
import { AvatarsService, type AvatarSize } from '../avatars/avatars.service.js';
import { BlobStore } from '../blobs/blob-store.js';
import { MediaEnv } from '../media.env.js';
import { isInlineType, OCTET_STREAM } from '../uploads/content-inspector.js';
import { thumbnailKeyOf } from '../uploads/upload.entity.js';
import { UploadsService } from '../uploads/uploads.service.js';
import type { MediaVariant } from '../uploads/url-signer.js';
import { parseByteRange } from './byte-range.js';

interface Served {
  key: string;
  size: number;
  contentType: string;
  etag: string;
  cacheControl: string;
  /** `attachment; filename*=…` for types a browser could run, else inline. */
  disposition: string;
}

const UPLOAD = /^\/uploads\/([^/]{1,128})(\/thumbnail)?$/;
const AVATAR = /^\/avatars\/([^/]{1,128})$/;

function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The internal HTTP port the gateway streams bytes through (docs/adr/0013). Every request carries the
 * gateway's HMAC header (MEDIA_SECRET) naming the caller it authenticated; anything else is 404. Bodies are
 * piped, never buffered: an upload to a scratch file, a download from the blob store with its Range.
 */
@Injectable()
export class MediaHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MediaHttpServer.name);
  private readonly server: Server;

  constructor(
    private readonly env: MediaEnv,
    private readonly uploads: UploadsService,
    private readonly avatars: AvatarsService,
    private readonly blobs: BlobStore,
  ) {
    this.server = createServer((req, res) => {
      const requestId = normalizeRequestId(req.headers[REQUEST_ID_HEADER]);
      void requestContext.run({ requestId }, () => this.handle(req, res));
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.uploads.clearScratch();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.env.MEDIA_HTTP_PORT, this.env.HOST, () => resolve());
    });
    this.logger.log(`media internal HTTP :${this.env.MEDIA_HTTP_PORT}`);
  }

  async onApplicationShutdown(): Promise<void> {
    // Transfers in flight finish (bounded by the orchestrator's grace period); idle keep-alives go now.
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://media.internal');
    try {
      const caller = verifyMediaRequest(this.env.MEDIA_SECRET, req.headers[MEDIA_AUTH_HEADER] as string | undefined, req.method ?? 'GET', req.url ?? '/');
      // Without the gateway's signature nothing here exists.
      if (!caller) throw DomainError.notFound('Resource');
      const upload = UPLOAD.exec(url.pathname);
      const avatar = AVATAR.exec(url.pathname);
      if (req.method === 'POST' && url.pathname === '/uploads' && caller.userId) {
        const attachment = await this.uploads.ingest(caller.userId, url.searchParams.get('name'), req);
        return this.json(res, 201, attachment);
      }
      if (req.method === 'POST' && url.pathname === '/avatars' && caller.userId) {
        return this.json(res, 201, await this.avatars.store(req));
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && upload) {
        const variant: MediaVariant = upload[2] ? 'thumbnail' : 'original';
        const found = await this.uploads.readable(decodeURIComponent(upload[1]), variant, {
          userId: caller.userId,
          exp: url.searchParams.get('exp'),
          sig: url.searchParams.get('sig'),
        });
        const inline = isInlineType(found.contentType);
        const served: Served =
          variant === 'thumbnail'
            ? { key: thumbnailKeyOf(found.blobKey), size: -1, contentType: 'image/webp', etag: `"${found.sha256}-thumb"`, cacheControl: 'private, max-age=300', disposition: 'inline' }
            : {
                key: found.blobKey,
                size: found.size,
                contentType: inline ? found.contentType : OCTET_STREAM,
                etag: `"${found.sha256}"`,
                cacheControl: 'private, max-age=300',
                disposition: contentDisposition(inline ? 'inline' : 'attachment', found.name),
              };
        return await this.serve(req, res, served);
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && avatar) {
        const size: AvatarSize = url.searchParams.get('size') === '64' ? 64 : 256;
        const found = await this.avatars.find(decodeURIComponent(avatar[1]), size);
        return await this.serve(req, res, {
          key: found.key,
          size: found.size,
          contentType: 'image/webp',
          etag: `"${avatar[1]}-${size}"`,
          // A new avatar gets a new id: this one never changes.
          cacheControl: 'public, max-age=31536000, immutable',
          disposition: 'inline',
        });
      }
      throw DomainError.notFound('Resource');
    } catch (error) {
      this.fail(req, res, error);
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, served: Served): Promise<void> {
    const size = served.size >= 0 ? served.size : ((await this.blobs.stat(served.key))?.size ?? -1);
    if (size < 0) throw DomainError.notFound('Media');
    const headers: Record<string, string> = {
      'content-type': served.contentType,
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      etag: served.etag,
      'cache-control': served.cacheControl,
      'content-disposition': served.disposition,
    };
    if (req.headers['if-none-match'] === served.etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    const range = parseByteRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ code: ErrorCode.VALIDATION_FAILED, message: 'Range not satisfiable' }));
    }
    const length = range ? range.end - range.start + 1 : size;
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': String(length),
      ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || length === 0) return void res.end();
    const body = await this.blobs.get(served.key, range ?? undefined);
    if (!body) return void res.destroy();
    await pipeline(body, res).catch(() => undefined);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const domain = error instanceof DomainError ? error : undefined;
    const cutOff = !domain && (req.destroyed || ['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE'].includes((error as NodeJS.ErrnoException)?.code ?? ''));
    // A client (or the gateway on its behalf) that went away mid-transfer is not a fault of ours.
    if (cutOff) this.logger.warn({ url: req.url, reason: (error as Error)?.message }, 'transfer cut off; nothing kept');
    else if (!domain) this.logger.error({ err: error, url: req.url }, 'media request failed');
    if (res.headersSent) return void res.destroy();
    const payload = domain?.toPayload() ?? { code: ErrorCode.INTERNAL, message: 'Internal error' };
    res.writeHead(ERROR_HTTP_STATUS[payload.code], { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify(payload));
    // An upload refused half-way is not read to its end.
    if (!req.complete) res.once('finish', () => req.destroy());
  }
}
