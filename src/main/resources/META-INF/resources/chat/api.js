// The page's two calls to the server, and what its error answers mean to a person. Errors have OpenAI's shape,
// {"error": {"message", "type", "param", "code"}}, whether they come as a whole answer or as a frame mid-stream.

import { readEvents } from './sse.js';

/** An answer other than 2xx, turned into words for the person at the keyboard. */
export class ApiError extends Error {
  constructor(status, error, retryAfterSeconds) {
    super(describe(status, error, retryAfterSeconds));
    this.name = 'ApiError';
    this.status = status;
    this.code = error?.code ?? null;
    this.serverMessage = error?.message ?? '';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function headers(apiKey, accept) {
  const h = { Accept: accept };
  if (apiKey) {
    h.Authorization = `Bearer ${apiKey}`;
  }
  return h;
}

/** GET /v1/models: the served model ids, in the server's order. */
export async function listModels(apiKey) {
  const response = await fetch('v1/models', { headers: headers(apiKey, 'application/json') });
  if (!response.ok) {
    throw await errorOf(response);
  }
  const body = await response.json();
  return (body.data ?? []).map((model) => model.id);
}

/**
 * POST /v1/chat/completions with "stream": true, calling handlers as the stream arrives:
 * onChunk(chunk) per completion chunk (JSON), onRead() after each network read's chunks.
 * Resolves to {done: true} after "data: [DONE]", {error} after an error frame, {done: false} when the stream
 * ended with neither (a cut-off answer). Rejects with ApiError for a non-2xx answer, with an AbortError when
 * signal fires, and with a TypeError when the server cannot be reached.
 */
export async function streamChat({ apiKey, body, signal, onChunk, onRead }) {
  const response = await fetch('v1/chat/completions', {
    method: 'POST',
    headers: { ...headers(apiKey, 'text/event-stream'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
    signal,
  });
  if (!response.ok) {
    throw await errorOf(response);
  }
  const outcome = { done: false, error: null };
  await readEvents(response.body, (events) => {
    for (const event of events) {
      if (event.data === '[DONE]') {
        outcome.done = true;
        break;
      }
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        outcome.error = { message: 'The server sent a frame that is not JSON.', type: 'client_error' };
        break;
      }
      if (frame.error) {
        outcome.error = frame.error;
        break;
      }
      onChunk(frame);
    }
    onRead();
    return !(outcome.done || outcome.error);
  });
  return outcome;
}

async function errorOf(response) {
  let error = null;
  try {
    error = (await response.json()).error ?? null;
  } catch {
    // not JSON (a proxy's HTML page, say): the status alone has to do
  }
  return new ApiError(response.status, error, retryAfter(response.headers.get('Retry-After')));
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfter(value, now = Date.now()) {
  if (value == null || value.trim() === '') {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

function describe(status, error, retryAfterSeconds) {
  const said = error?.message ? ` (${error.message.replace(/\.?$/, '')}.)` : '';
  switch (status) {
    case 401:
      return `This server needs an API key. Enter it under Settings → API key, then send again.${said}`;
    case 403:
      return `This API key may not do that. Check the key under Settings → API key.${said}`;
    case 429: {
      if (retryAfterSeconds == null) {
        return `The server is busy right now. Try again in a little while.${said}`;
      }
      const at = new Date(Date.now() + retryAfterSeconds * 1000).toLocaleTimeString();
      const wait = retryAfterSeconds === 1 ? '1 second' : `${retryAfterSeconds} seconds`;
      return `The server is busy right now. Try again in ${wait} (at ${at}).${said}`;
    }
    case 404:
      return error?.code === 'model_not_found'
        ? `That model is not served here. Pick another one from the list.${said}`
        : `Not found.${said}`;
    case 413:
      return `The conversation is too large to send. Start a new chat.${said}`;
    case 503:
      return `The server could not finish this reply. Try again.${said}`;
    default:
      if (status >= 400 && status < 500) {
        return `The server refused the request: ${error?.message ?? `HTTP ${status}`}`;
      }
      return `The server failed (HTTP ${status}). Try again.${said}`;
  }
}
