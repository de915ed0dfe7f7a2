import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { type Attachment, type AvatarPath, ErrorCode, type PrivateProfile, USERS_SUBJECTS, type Caller } from '#contracts';
import { DomainError, MEDIA_AUTH_HEADER, normalizeRequestId, requestContext, REQUEST_ID_HEADER, RpcClient, signMediaRequest } from '#common';
import { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import { GatewayEnv } from '../gateway.env.js';

/** A media transfer that sends or receives nothing for this long is cut (the bytes can take longer in total). */
const IDLE_TIMEOUT_MS = 30_000;
/** Headers of a media response passed on to the client. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'content-disposition', 'accept-ranges', 'etag', 'cache-control', 'x-content-type-options'];

const unavailable = () => new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The media service is unavailable');
const malformed = (message: string) => DomainError.validation([{ field: 'file', message }], 'Invalid upload');

function bearerToken(req: Request): string | undefined {
  return /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** Reads a small JSON answer of the media service (metadata or an error, never file bytes). */
async function jsonOf(res: IncomingMessage): Promise<unknown> {
  let text = '';
  res.setEncoding('utf8');
  for await (const chunk of res) {
    text += chunk as string;
    if (text.length > 1_000_000) throw unavailable();
  }
  try {
    return JSON.parse(text);
  } catch {
    throw unavailable();
  }
}

/**
 * The gateway's half of media (docs/adr/0013): it parses the multipart body as it arrives (busboy) and pipes
 * the one `file` part straight into the media service's internal port, with backpressure, so only a few
 * chunks are ever in memory; it stops at MEDIA_MAX_BYTES (413) and cuts the upstream request on any failure,
 * which makes the service drop its scratch file. Downloads are piped back the same way, Range included.
 * Every internal request carries an HMAC header (MEDIA_SECRET) naming the caller the gateway authenticated.
 */
@Injectable()
export class MediaProxyService {
  constructor(
    private readonly env: GatewayEnv,
    private readonly rpc: RpcClient,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  /** POST /api/media. */
  async upload(caller: Caller, req: Request): Promise<Attachment> {
    return (await this.streamUpload(caller, req, '/uploads')) as Attachment;
  }

  /** PUT /api/users/profile/avatar: media stores the versions, users records the url. */
  async setAvatar(caller: Caller, req: Request): Promise<PrivateProfile> {
    const { avatarUrl } = (await this.streamUpload(caller, req, '/avatars')) as AvatarPath;
    return this.rpc.request(USERS_SUBJECTS.setAvatar, { caller, avatarUrl });
  }

  /** GET /api/media/:id and /thumbnail: with a token any time (if the caller may read it), or with a signed url until it expires. */
  async download(req: Request, res: Response, id: string, thumbnail: boolean): Promise<void> {
    const token = bearerToken(req);
    const caller = token === undefined ? null : await this.tokens.verify(token);
    const query = new URLSearchParams();
    for (const name of ['exp', 'sig']) {
      const value = req.query[name];
      if (typeof value === 'string') query.set(name, value);
    }
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    await this.proxyGet(req, res, `/uploads/${encodeURIComponent(id)}${thumbnail ? '/thumbnail' : ''}${suffix}`, caller?.userId ?? null);
  }

  /** GET /api/media/avatars/:id: public, no token. */
  async avatar(req: Request, res: Response, id: string): Promise<void> {
    const size = req.query.size === '64' ? '?size=64' : '';
    await this.proxyGet(req, res, `/avatars/${encodeURIComponent(id)}${size}`, null);
  }

  private secret(): string {
    if (!this.env.MEDIA_SECRET) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Media is not configured on this gateway (MEDIA_SECRET)');
    return this.env.MEDIA_SECRET;
  }

  private open(method: string, path: string, userId: string | null, headers: Record<string, string> = {}): ClientRequest {
    const upstream = httpRequest(`${this.env.MEDIA_URL}${path}`, {
      method,
      headers: {
        ...headers,
        [MEDIA_AUTH_HEADER]: signMediaRequest(this.secret(), method, path, userId),
        [REQUEST_ID_HEADER]: requestContext.requestId() ?? normalizeRequestId(undefined),
      },
    });
    upstream.setTimeout(IDLE_TIMEOUT_MS, () => upstream.destroy(new Error('media idle timeout')));
    return upstream;
  }

  private async proxyGet(req: Request, res: Response, path: string, userId: string | null): Promise<void> {
    const headers: Record<string, string> = {};
    if (typeof req.headers.range === 'string') headers.range = req.headers.range;
    if (typeof req.headers['if-none-match'] === 'string') headers['if-none-match'] = req.headers['if-none-match'];
    const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
    const upstream = this.open(method, path, userId, headers);
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      upstream.once('response', resolve);
      upstream.once('error', () => reject(unavailable()));
      upstream.end();
    });
    const status = answer.statusCode ?? 502;
    if (status >= 400 && status !== 416) {
      const payload = await jsonOf(answer);
      throw DomainError.fromPayload(payload) ?? unavailable();
    }
    res.status(status);
    for (const name of PASSED_HEADERS) {
      const value = answer.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    // The client went away: stop reading from media too.
    res.once('close', () => answer.destroy());
    await pipeline(answer, res).catch(() => undefined);
  }

  /** Pipes the single `file` part of a multipart body to `target`; answers media's JSON reply. */
  private streamUpload(caller: Caller, req: Request, target: '/uploads' | '/avatars'): Promise<unknown> {
    const secretError = this.env.MEDIA_SECRET ? null : unavailable();
    return new Promise((resolve, reject) => {
      let settled = false;
      let upstream: ClientRequest | undefined;
      let parser: busboy.Busboy;
      const fail = (error: DomainError) => {
        if (settled) return;
        settled = true;
        upstream?.destroy();
        // Whatever the client still sends is read and dropped (never kept), so it sees our answer.
        req.unpipe();
        req.resume();
        reject(error);
      };
      const succeed = (value: unknown) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      if (secretError) return fail(secretError);
      if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return fail(malformed('send multipart/form-data with one part named "file"'));
      try {
        parser = busboy({
          headers: req.headers,
          limits: { files: 1, fileSize: this.env.MEDIA_MAX_BYTES, fields: 10, fieldSize: 1024, parts: 20 },
        });
      } catch {
        return fail(malformed('the multipart body has no boundary'));
      }
      parser.on('file', (field, file, info) => {
        if (field !== 'file' || upstream) return void file.resume();
        const path = `${target}?name=${encodeURIComponent(info.filename ?? '')}`;
        upstream = this.open('POST', path, caller.userId, { 'content-type': 'application/octet-stream' });
        upstream.once('response', (answer) => {
          jsonOf(answer).then(
            (payload) => ((answer.statusCode ?? 500) < 300 ? succeed(payload) : fail(DomainError.fromPayload(payload) ?? unavailable())),
            () => fail(unavailable()),
          );
        });
        upstream.once('error', () => fail(unavailable()));
        file.once('limit', () => fail(new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file exceeds ${this.env.MEDIA_MAX_BYTES} bytes`)));
        file.pipe(upstream);
      });
      parser.once('error', () => fail(malformed('the multipart body is malformed or was cut off')));
      parser.once('close', () => {
        if (!upstream) fail(malformed('a part named "file" is required'));
      });
      // A client that goes away mid-upload: the upstream request is cut, media keeps nothing.
      req.once('aborted', () => fail(malformed('the upload was cut off')));
      req.once('close', () => {
        if (!req.complete) fail(malformed('the upload was cut off'));
      });
      req.pipe(parser);
    });
  }
}
