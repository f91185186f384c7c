import { afterEach, describe, expect, it, vi } from 'vitest';

import { ApiError, api, apiErrorFromBody, toApiPath } from './api-client';

describe('apiErrorFromBody', () => {
  it('reads message, code and field errors from the API error shape', () => {
    const body = JSON.stringify({
      message: 'Invalid credentials.',
      code: 'invalid_credentials',
      errors: [{ pointer: '/password', message: 'Wrong password.' }],
    });

    const error = apiErrorFromBody(400, body);

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('Invalid credentials.');
    expect(error.code).toBe('invalid_credentials');
    expect(error.errors).toEqual([{ pointer: '/password', message: 'Wrong password.' }]);
    expect(error.fieldMessage('/password')).toBe('Wrong password.');
  });

  it('falls back to a status message when the body is not JSON', () => {
    const error = apiErrorFromBody(502, '<html>Bad Gateway</html>');

    expect(error.message).toBe('Request failed with status 502');
    expect(error.code).toBe('http_502');
    expect(error.errors).toEqual([]);
  });

  it('marks 401 and 403 as unauthenticated', () => {
    expect(apiErrorFromBody(403, '{"detail": "Not logged in."}').isUnauthenticated).toBe(true);
    expect(apiErrorFromBody(403, '{"detail": "Not logged in."}').message).toBe('Not logged in.');
    expect(apiErrorFromBody(400, '').isUnauthenticated).toBe(false);
  });
});

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends the csrftoken cookie as X-CSRFToken on POST and throws the parsed error', async () => {
    vi.stubGlobal('document', { cookie: 'sessionid=abc; csrftoken=tok%2B1' });
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(
      new Response(JSON.stringify({ message: 'Nope.', code: 'invalid', errors: [] }), { status: 400 }),
    );
    vi.stubGlobal('fetch', fetchMock);

    const call = api.post('/api/auth/login/', { username: 'a', password: 'b' });

    await expect(call).rejects.toMatchObject({ status: 400, message: 'Nope.', code: 'invalid' });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.credentials).toBe('same-origin');
    expect(init?.headers).toMatchObject({ 'X-CSRFToken': 'tok+1', 'Content-Type': 'application/json' });
  });
});

describe('toApiPath', () => {
  it('keeps only the path and query of a pagination link', () => {
    expect(toApiPath('http://127.0.0.1:8000/api/runs/?cursor=abc&flow=1')).toBe('/api/runs/?cursor=abc&flow=1');
  });
});
