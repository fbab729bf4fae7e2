// The chat page: settings kept in local storage, the conversation, and one streaming reply at a time.

import { ApiError, listModels, streamChat } from './api.js';
import { renderText } from './render.js';
import { ReplyView, UserView } from './views.js';

const $ = (id) => document.getElementById(id);
const ui = {
  model: $('model'),
  newChat: $('new-chat'),
  settings: $('settings'),
  systemPrompt: $('system-prompt'),
  temperature: $('temperature'),
  maxTokens: $('max-tokens'),
  apiKey: $('api-key'),
  notice: $('notice'),
  transcript: $('transcript'),
  composer: $('composer'),
  prompt: $('prompt'),
  send: $('send'),
  stop: $('stop'),
};

const store = {
  get(name) {
    try {
      return localStorage.getItem(`sluice.${name}`);
    } catch {
      return null; // storage disabled: the page still works, it just forgets
    }
  },
  set(name, value) {
    try {
      if (value === '' || value == null) {
        localStorage.removeItem(`sluice.${name}`);
      } else {
        localStorage.setItem(`sluice.${name}`, value);
      }
    } catch {
      // see get()
    }
  },
};

/** Completed or abandoned turns: {user, reply}; only turns with a reply go back to the model as history. */
let turns = [];
/** The reply being streamed: {controller, view}, or null. */
let current = null;

function restoreSettings() {
  for (const [name, input] of [['systemPrompt', ui.systemPrompt], ['temperature', ui.temperature],
    ['maxTokens', ui.maxTokens], ['apiKey', ui.apiKey]]) {
    const saved = store.get(name);
    if (saved !== null) {
      input.value = saved;
    }
    input.addEventListener('change', () => store.set(name, input.value.trim() === '' ? '' : input.value));
  }
  ui.apiKey.addEventListener('change', loadModels);
  ui.model.addEventListener('change', () => store.set('model', ui.model.value));
}

function notice(text) {
  ui.notice.textContent = text ?? '';
  ui.notice.hidden = !text;
}

async function loadModels() {
  try {
    const ids = await listModels(ui.apiKey.value.trim());
    const wanted = store.get('model');
    ui.model.replaceChildren(...ids.map((id) => new Option(id, id)));
    if (ids.includes(wanted)) {
      ui.model.value = wanted;
    }
    ui.model.disabled = ids.length === 0;
    notice(ids.length === 0 ? 'The server serves no model yet.' : '');
  } catch (error) {
    ui.model.replaceChildren();
    ui.model.disabled = true;
    notice(error instanceof ApiError ? error.message : `Could not reach the server: ${error.message}`);
    if (error instanceof ApiError && error.status === 401) {
      askForKey();
    }
  }
}

function askForKey() {
  ui.settings.open = true;
  ui.apiKey.focus();
}

function numberOrUndefined(input, parse) {
  const value = parse(input.value);
  return input.value.trim() === '' || Number.isNaN(value) ? undefined : value;
}

function requestBody(userText) {
  const messages = [];
  const system = ui.systemPrompt.value.trim();
  if (system) {
    messages.push({ role: 'system', content: system });
  }
  for (const turn of turns) {
    if (turn.reply !== '') {
      messages.push({ role: 'user', content: turn.user }, { role: 'assistant', content: turn.reply });
    }
  }
  messages.push({ role: 'user', content: userText });
  return {
    model: ui.model.value || undefined, // none listed: the server's first model
    messages,
    temperature: numberOrUndefined(ui.temperature, Number.parseFloat),
    max_tokens: numberOrUndefined(ui.maxTokens, (v) => Number.parseInt(v, 10)),
  };
}

function setStreaming(streaming) {
  ui.send.disabled = streaming;
  ui.stop.disabled = !streaming;
  ui.transcript.setAttribute('aria-busy', String(streaming));
}

function scrolledToEnd() {
  const t = ui.transcript;
  return t.scrollHeight - t.scrollTop - t.clientHeight < 48;
}

function appendToTranscript(node) {
  ui.transcript.querySelector('.empty')?.remove();
  ui.transcript.append(node);
  ui.transcript.scrollTop = ui.transcript.scrollHeight;
}

async function send() {
  const text = ui.prompt.value;
  if (current || text.trim() === '') {
    return;
  }
  ui.prompt.value = '';
  const turn = { user: text, reply: '' };
  const body = requestBody(text);
  appendToTranscript(new UserView(text, renderText).element);
  const view = new ReplyView(renderText);
  appendToTranscript(view.element);

  const controller = new AbortController();
  current = { controller, view };
  setStreaming(true);
  view.start(performance.now());
  try {
    const outcome = await streamChat({
      apiKey: ui.apiKey.value.trim(),
      body,
      signal: controller.signal,
      onChunk: (chunk) => view.chunk(chunk, performance.now()),
      onRead: () => {
        const follow = scrolledToEnd();
        view.render(performance.now());
        if (follow) {
          ui.transcript.scrollTop = ui.transcript.scrollHeight;
        }
      },
    });
    if (outcome.error) {
      view.fail(`The reply stopped here: ${outcome.error.message ?? 'the server reported an error'}`);
    } else if (!outcome.done) {
      view.fail('The connection closed before the reply was complete.');
    } else {
      view.finish();
    }
  } catch (error) {
    if (error.name === 'AbortError') {
      view.stopped();
    } else if (error instanceof ApiError) {
      view.fail(error.message, error.status);
      if (!ui.prompt.value) {
        ui.prompt.value = text; // nothing was answered: give the words back for another try
      }
      if (error.status === 401) {
        askForKey();
      }
    } else {
      view.fail(`Could not reach the server: ${error.message}`);
    }
  } finally {
    turn.reply = view.content;
    turns.push(turn);
    current = null;
    setStreaming(false);
    view.render(performance.now());
  }
}

function stop() {
  current?.controller.abort();
}

function newChat() {
  stop();
  turns = [];
  const empty = document.createElement('p');
  empty.className = 'empty';
  empty.textContent = 'New conversation.';
  ui.transcript.replaceChildren(empty);
  ui.prompt.focus();
}

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});
ui.prompt.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && current) {
    event.preventDefault();
    stop();
  }
});
ui.stop.addEventListener('click', () => {
  stop();
  ui.prompt.focus();
});
ui.newChat.addEventListener('click', newChat);

restoreSettings();
loadModels();
ui.prompt.focus();
