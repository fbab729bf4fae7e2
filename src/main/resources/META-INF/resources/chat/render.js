// Message text into DOM nodes, safely: every piece of model output becomes a text node (never HTML), so "<img
// onerror=…>" in a reply is shown as those characters. The only structure read from the text is Markdown's fenced
// code blocks (kept verbatim in <pre><code>, an unclosed fence running to the end while a reply streams) and
// `inline code`.

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\n`]*)$/;

/** Splits text into [{kind: 'text'|'code', text, lang}] at fenced code blocks. */
export function blocks(text) {
  const out = [];
  const lines = text.split('\n');
  let prose = [];
  let code = null; // {fence, lang, lines}
  const flushProse = () => {
    if (prose.length > 0) {
      out.push({ kind: 'text', text: prose.join('\n') });
      prose = [];
    }
  };
  for (const line of lines) {
    if (code) {
      const close = line.trim();
      if (close.length >= code.fence.length && close === close[0].repeat(close.length) && close[0] === code.fence[0]) {
        out.push({ kind: 'code', text: code.lines.join('\n'), lang: code.lang });
        code = null;
      } else {
        code.lines.push(line);
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      flushProse();
      code = { fence: open[1], lang: open[2].trim().split(/\s+/)[0] ?? '', lines: [] };
    } else {
      prose.push(line);
    }
  }
  if (code) {
    out.push({ kind: 'code', text: code.lines.join('\n'), lang: code.lang, open: true });
  }
  flushProse();
  return out;
}

/** Replaces container's children with text rendered from blocks(). */
export function renderText(container, text) {
  const fragment = document.createDocumentFragment();
  for (const block of blocks(text)) {
    if (block.kind === 'code') {
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      if (block.lang) {
        code.dataset.lang = block.lang;
        pre.dataset.lang = block.lang;
      }
      code.textContent = block.text;
      pre.append(code);
      fragment.append(pre);
    } else if (block.text.trim() !== '') {
      const p = document.createElement('div');
      p.className = 'prose';
      appendInlineCode(p, block.text.replace(/^\n+|\n+$/g, ''));
      fragment.append(p);
    }
  }
  container.replaceChildren(fragment);
}

function appendInlineCode(parent, text) {
  const parts = text.split(/(`[^`\n]+`)/);
  for (const part of parts) {
    if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) {
      const code = document.createElement('code');
      code.textContent = part.slice(1, -1);
      parent.append(code);
    } else if (part !== '') {
      parent.append(document.createTextNode(part));
    }
  }
}
