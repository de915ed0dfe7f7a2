import { ApiError, type ApiClient } from './api-client.js';
import type { paths } from './schema.js';
import type { Problem } from './types.js';

type UploadCreated = paths['/api/media']['post']['responses'][201]['content']['application/json'];

/** One upload in flight: its result, and a way to stop it. */
export interface UploadHandle {
  result: Promise<UploadCreated>;
  abort: () => void;
}

const MEDIA_PATH: keyof paths = '/api/media';
// An upload of up to MEDIA_MAX_BYTES (25 MiB by default) on a slow line still finishes; a stalled one does not hang forever.
const UPLOAD_TIMEOUT_MS = 10 * 60_000;
export const ABORTED = 'ABORTED';

/**
 * `POST /api/media` with XMLHttpRequest, because fetch reports no upload progress. Same rules as ApiClient.call:
 * a deadline, problem+json errors as ApiError, one token refresh and retry on a 401.
 */
export function uploadFile(api: ApiClient, file: File, onProgress: (fraction: number) => void): UploadHandle {
  let current: XMLHttpRequest | null = null;
  let aborted = false;

  const attempt = (): Promise<UploadCreated> =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', MEDIA_PATH);
      xhr.timeout = UPLOAD_TIMEOUT_MS;
      xhr.responseType = 'json';
      const token = api.accessToken;
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        if (xhr.status === 201) return resolve(xhr.response as UploadCreated);
        const problem = (xhr.response ?? {}) as Partial<Problem>;
        const retryAfter = Number(xhr.getResponseHeader('Retry-After') ?? NaN);
        reject(
          new ApiError(
            xhr.status,
            problem.code ?? `HTTP_${xhr.status}`,
            problem.detail ?? problem.title ?? xhr.statusText,
            Number.isFinite(retryAfter) ? retryAfter : undefined,
          ),
        );
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload failed (network error)'));
      xhr.ontimeout = () => reject(new ApiError(0, 'TIMEOUT', 'The upload took too long'));
      xhr.onabort = () => reject(new ApiError(0, ABORTED, 'Upload cancelled'));
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });

  const result = attempt().catch(async (error: unknown) => {
    if (!aborted && error instanceof ApiError && error.status === 401 && (await api.refresh())) {
      onProgress(0);
      return attempt();
    }
    throw error;
  });
  return {
    result,
    abort: () => {
      aborted = true;
      current?.abort();
    },
  };
}
