import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';
import type { AuthResult, Problem } from './types.js';

/** A REST failure as the contract describes it (problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Codes that deserve a banner: the server is fine with the request but cannot serve it now. */
export const BANNER_CODES = new Set(['SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

export interface ApiClientEvents {
  /** Tokens rotated (refresh) or cleared (null: the session is over, back to login). */
  onTokens(tokens: SessionTokens | null): void;
  onBannerError(error: ApiError): void;
}

// Every request has a deadline, as every service request does on the server.
const REQUEST_TIMEOUT_MS = 15_000;
const AUTH_PATHS = ['/api/auth/login', '/api/auth/register', '/api/auth/refresh'];

/**
 * The typed REST client. Tokens live in memory only; a 401 on an authenticated call triggers one refresh
 * (shared by concurrent callers, since a refresh token is spent on use) and one retry.
 */
export class ApiClient {
  readonly http = createClient<paths>({ baseUrl: '' });
  private tokens: SessionTokens | null = null;
  private refreshing: Promise<boolean> | null = null;

  constructor(private readonly events: ApiClientEvents) {
    const auth: Middleware = {
      onRequest: ({ request }) => {
        if (this.tokens && !AUTH_PATHS.some((p) => request.url.endsWith(p))) {
          request.headers.set('Authorization', `Bearer ${this.tokens.accessToken}`);
        }
        return request;
      },
    };
    this.http.use(auth);
  }

  get accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  setSession(result: AuthResult | null): void {
    this.tokens = result ? { accessToken: result.accessToken, refreshToken: result.refreshToken } : null;
    this.events.onTokens(this.tokens);
  }

  /** Rotates the refresh token; false (and the session cleared) when the server refuses it. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) return false;
    try {
      const { data, response } = await this.http.POST('/api/auth/refresh', { body: { refreshToken }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (data) {
        this.setSession(data);
        return true;
      }
      // A 503 keeps the session (the server may answer the next try); anything else ends it.
      if (response.status === 503) return false;
    } catch {
      return false;
    }
    this.setSession(null);
    return false;
  }

  /**
   * Runs one typed call: returns its data or throws ApiError. `call` receives an AbortSignal with the deadline.
   * A 401 refreshes once and retries; banner-worthy errors are reported before being thrown.
   */
  async call<T>(call: (signal: AbortSignal) => Promise<{ data?: T; error?: unknown; response: Response }>, retried = false): Promise<T> {
    let result: { data?: T; error?: unknown; response: Response };
    try {
      result = await call(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    } catch (cause: unknown) {
      throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'Network error');
    }
    const { data, error, response } = result;
    if (response.ok) return data as T;
    if (response.status === 401 && !retried && this.tokens && (await this.refresh())) return this.call(call, true);
    const problem = error as Partial<Problem> | undefined;
    const retryAfter = Number(response.headers.get('Retry-After') ?? NaN);
    const failure = new ApiError(
      response.status,
      problem?.code ?? `HTTP_${response.status}`,
      problem?.detail ?? problem?.title ?? response.statusText,
      Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
    if (BANNER_CODES.has(failure.code)) this.events.onBannerError(failure);
    throw failure;
  }
}
