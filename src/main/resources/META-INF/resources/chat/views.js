// One message each: the person's words, and a reply that streams in with its reasoning, its figures and how it
// ended. State is on data- attributes (data-state: streaming, done, stopped, error) for the style sheet and tests.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export class UserView {
  constructor(text, renderText) {
    this.element = element('article', 'msg user');
    this.element.setAttribute('aria-label', 'You');
    const body = element('div', 'body');
    renderText(body, text);
    this.element.append(body);
  }
}

export class ReplyView {
  #renderText;
  #reasoningBox;
  #reasoningBody;
  #body;
  #note;
  #figures;
  #content = '';
  #reasoning = '';
  #dirty = false;
  #startedAt = 0;
  #firstAt = null;
  #lastAt = null;
  #pieces = 0;
  #usage = null;
  #finish = null;

  constructor(renderText) {
    this.#renderText = renderText;
    this.element = element('article', 'msg assistant');
    this.element.setAttribute('aria-label', 'Sluice');
    this.#reasoningBox = element('details', 'reasoning'); // closed: reasoning is there to open, not to read past
    this.#reasoningBox.hidden = true;
    this.#reasoningBox.append(element('summary', null, 'Reasoning'));
    this.#reasoningBody = element('div', 'reasoning-body');
    this.#reasoningBox.append(this.#reasoningBody);
    this.#body = element('div', 'body');
    this.#note = element('p', 'note');
    this.#note.hidden = true;
    this.#figures = element('p', 'figures');
    this.element.append(this.#reasoningBox, this.#body, this.#note, this.#figures);
  }

  /** The answer text so far (reasoning excluded: it is not sent back as history). */
  get content() {
    return this.#content;
  }

  start(now) {
    this.#startedAt = now;
    this.element.dataset.state = 'streaming';
    this.element.setAttribute('aria-busy', 'true');
  }

  /** One chat.completion.chunk: text deltas, the finish reason, or (last, with "choices": []) the usage. */
  chunk(chunk, now) {
    if (chunk.usage) {
      this.#usage = chunk.usage;
    }
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (!choice) {
      return;
    }
    const delta = choice.delta ?? {};
    const reasoning = delta.reasoning_content ?? '';
    const content = delta.content ?? '';
    if (reasoning !== '' || content !== '') {
      this.#firstAt ??= now;
      this.#lastAt = now;
      this.#pieces += 1;
      this.#reasoning += reasoning;
      this.#content += content;
      this.#dirty = true;
    }
    if (choice.finish_reason) {
      this.#finish = choice.finish_reason;
    }
  }

  /** Draws what arrived since the last call; called once per network read. */
  render(now) {
    if (this.#dirty) {
      this.#dirty = false;
      if (this.#reasoning !== '') {
        this.#reasoningBox.hidden = false;
        this.#renderText(this.#reasoningBody, this.#reasoning);
      }
      if (this.#content !== '' && this.#content.trim() === '') {
        this.#body.replaceChildren(element('span', 'blank', '(only blank lines)'));
      } else {
        this.#renderText(this.#body, this.#content);
      }
    }
    this.#drawFigures(now);
  }

  finish() {
    this.#end('done');
    if (this.#finish === 'length') {
      this.#say('Cut off at the max tokens limit.', false);
    }
  }

  stopped() {
    this.#end('stopped');
    this.#say('Stopped.', false);
  }

  fail(message, status) {
    this.#end('error');
    if (status) {
      this.element.dataset.status = String(status);
    }
    this.#say(message, true);
  }

  #end(state) {
    this.element.dataset.state = state;
    if (this.#finish) {
      this.element.dataset.finish = this.#finish;
    }
    this.element.removeAttribute('aria-busy');
  }

  #say(text, alarming) {
    this.#note.textContent = text;
    this.#note.hidden = false;
    this.#note.classList.toggle('alert', alarming);
    if (alarming) {
      this.#note.setAttribute('role', 'alert');
    }
  }

  #drawFigures(now) {
    const parts = [];
    if (this.#firstAt !== null) {
      parts.push(['ttft', this.#firstAt - this.#startedAt, (v) => `first token ${format(v)} ms`]);
      const tokens = this.#usage?.completion_tokens ?? this.#pieces;
      const streaming = this.element.dataset.state === 'streaming';
      const span = ((streaming ? now : this.#lastAt) - this.#firstAt) / 1000;
      if (tokens > 1 && span > 0) {
        parts.push(['tokens-per-second', (tokens - 1) / span, (v) => `${format(v)} tokens/s`]);
      }
      if (!this.#usage) {
        parts.push(['tokens-so-far', this.#pieces, (v) => `${v} tokens${streaming ? ' so far' : ''}`]);
      }
    }
    if (this.#usage) {
      const cached = this.#usage.prompt_tokens_details?.cached_tokens ?? 0;
      parts.push(['prompt-tokens', this.#usage.prompt_tokens, (v) => `prompt ${v}`]);
      parts.push(['completion-tokens', this.#usage.completion_tokens, (v) => `completion ${v}`]);
      parts.push(['cached-tokens', cached, (v) => `cached ${v}`]);
    }
    this.#figures.replaceChildren(...parts.map(([name, value, label]) => {
      const span = element('span', 'figure', label(value));
      span.dataset.figure = name;
      span.dataset.value = String(Math.round(value * 10) / 10);
      return span;
    }));
  }
}

function format(value) {
  return value >= 100 ? Math.round(value).toString() : value.toFixed(1);
}
