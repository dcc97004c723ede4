import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { currentAccessToken, userManager } from '../auth/oidc';

export type Schemas = components['schemas'];

/** An RFC 9457 ProblemDetails answer, with the API's stable `code`. */
export interface Problem {
  status: number;
  title: string;
  code?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  [key: string]: unknown;
}

/** A failed call: what the error display shows (title and code), whatever the call was. */
export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.code ? `${problem.title} (${problem.code})` : problem.title);
  }
}

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await currentAccessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response }) {
    // An access token the server no longer takes (revoked, signed out elsewhere): sign in again.
    if (response.status === 401) await userManager.removeUser();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** Turns a non-ProblemDetails failure (a proxy's HTML page, a network error) into one the display can show. */
export function toProblem(error: unknown, response?: Response): Problem {
  if (error && typeof error === 'object' && 'title' in error) {
    return { status: response?.status ?? 0, ...(error as object) } as Problem;
  }
  if (error instanceof ApiError) return error.problem;
  if (error instanceof Error) return { status: 0, title: error.message };
  return { status: response?.status ?? 0, title: response ? `HTTP ${response.status}` : 'The request failed' };
}

/** The data of a successful openapi-fetch call, or an ApiError carrying its ProblemDetails. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw new ApiError(toProblem(error, response));
  return data as T;
}

