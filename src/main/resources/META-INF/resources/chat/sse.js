// Server-Sent Events from a fetch() response body. EventSource cannot POST, so the page reads the body itself and
// parses it by the rules of the HTML standard's event-stream format: lines end in CRLF, LF or CR; a line starting
// with ":" is a comment (": keep-alive" heartbeats); "data:" lines (one optional space after the colon) accumulate;
// a blank line dispatches the event; an event left unterminated when the stream ends is dropped, so a cut-off JSON
// frame is never parsed.

export class SseParser {
  #buffer = '';
  #data = [];
  #type = '';

  /** Feeds decoded text; returns the events it completed, each {type, data}. */
  feed(text) {
    this.#buffer += text;
    const events = [];
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    for (let match; (match = lineEnd.exec(this.#buffer)) !== null;) {
      // A CR at the very end may be the first half of a CRLF split across two reads: wait for the next read.
      if (match[0] === '\r' && match.index === this.#buffer.length - 1) {
        break;
      }
      this.#line(this.#buffer.slice(start, match.index), events);
      start = lineEnd.lastIndex;
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  /** The stream ended: a trailing lone CR still ends its line; an event without its blank line is dropped. */
  end() {
    const events = [];
    if (this.#buffer.endsWith('\r')) {
      this.#line(this.#buffer.slice(0, -1), events);
    }
    this.#buffer = '';
    this.#data = [];
    this.#type = '';
    return events;
  }

  #line(line, events) {
    if (line === '') {
      if (this.#data.length > 0) {
        events.push({ type: this.#type || 'message', data: this.#data.join('\n') });
      }
      this.#data = [];
      this.#type = '';
      return;
    }
    if (line.startsWith(':')) {
      return; // a comment: heartbeats keep proxies from closing a quiet stream
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      this.#data.push(value);
    } else if (field === 'event') {
      this.#type = value;
    } // "id" and "retry" only matter to EventSource's reconnection, which a POST does not do
  }
}

/**
 * Reads a response body to its end, calling onEvents(events) once per network read with the events that read
 * completed (so the caller renders once per read, not once per token). Rejects with the reader's error, e.g. an
 * AbortError when the request's AbortController fires.
 */
export async function readEvents(body, onEvents) {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8'); // {stream: true} below keeps a character split across reads whole
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        const last = parser.feed(decoder.decode());
        last.push(...parser.end());
        if (last.length > 0) {
          onEvents(last);
        }
        return;
      }
      const events = parser.feed(decoder.decode(value, { stream: true }));
      if (events.length > 0 && onEvents(events) === false) {
        await reader.cancel(); // the caller has seen the end ([DONE] or an error frame): read no further
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
