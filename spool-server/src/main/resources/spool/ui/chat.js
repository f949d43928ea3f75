// What a user sends a thread: a chat panel for graphs whose input has `messages` (the answer streams in token by
// token from the thread stream's messages-tuple events, tool calls shown), and a form built from the input schema
// for other graphs.
import { h, fill, jsonView, parseJson } from './dom.js';

/** Text of a message's content (a string, or content blocks with text). */
function text(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b) => (typeof b === 'string' ? b : b?.text ?? '')).join('');
  return content == null ? '' : JSON.stringify(content);
}

function kind(m) {
  const t = m.type || m.role || '';
  if (t === 'human' || t === 'user' || t === 'HumanMessageChunk') return 'human';
  if (t === 'tool' || t === 'ToolMessageChunk') return 'tool';
  if (t === 'system') return 'system';
  return 'ai';
}

export class ChatPanel {
  constructor(onSend) {
    this.messages = [];          // from the state (values)
    this.streaming = new Map();  // message id -> message being streamed, not yet in the state
    this.list = h('div.messages', { 'aria-live': 'polite' });
    this.input = h('textarea', { rows: 2, placeholder: 'Message… (Enter sends, Shift+Enter a new line)', name: 'message' });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); this.form.requestSubmit(); }
    });
    this.send = h('button.primary', { type: 'submit' }, 'Send');
    this.form = h('form.chat-input', { on: { submit: async (e) => {
      e.preventDefault();
      const content = this.input.value.trim();
      if (!content) return;
      this.send.disabled = true;
      try {
        await onSend({ messages: [{ type: 'human', content }] });
        this.input.value = '';
      } finally {
        this.send.disabled = false;
        this.input.focus();
      }
    } } }, this.input, this.send);
    this.el = h('section.panel.chat', h('h2', 'Chat'), this.list, this.form);
  }

  /** The state's messages (the thread's state, or a `values` event). */
  setMessages(messages) {
    this.messages = Array.isArray(messages) ? messages : [];
    for (const m of this.messages) if (m.id) this.streaming.delete(m.id);
    this.render();
  }

  /** A messages-tuple event: [chunk, metadata]; a chunk adds to the message of its id. */
  chunk(chunk) {
    if (!chunk || !chunk.id || this.messages.some((m) => m.id === chunk.id)) return;
    let m = this.streaming.get(chunk.id);
    if (!m) {
      m = { id: chunk.id, type: kind(chunk) === 'tool' ? 'tool' : 'ai', content: '', tool_calls: [], name: chunk.name, streaming: true };
      this.streaming.set(chunk.id, m);
    }
    m.content += text(chunk.content);
    for (const tc of chunk.tool_call_chunks || []) {
      const i = tc.index ?? m.tool_calls.length;
      const call = (m.tool_calls[i] ||= { name: '', args: '', id: tc.id });
      if (tc.name) call.name += tc.name;
      if (tc.args) call.args += tc.args;
      if (tc.id) call.id = tc.id;
    }
    this.render();
  }

  /** A legacy messages/partial event: the whole message so far. */
  partial(message) {
    if (!message?.id || this.messages.some((m) => m.id === message.id)) return;
    this.streaming.set(message.id, { ...message, content: text(message.content), streaming: true });
    this.render();
  }

  render() {
    const all = [...this.messages, ...this.streaming.values()];
    const stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    fill(this.list, all.length ? all.map(renderMessage) : h('p.muted.empty', 'No messages yet. Say something.'));
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }
}

function renderMessage(m) {
  const k = kind(m);
  const calls = (m.tool_calls || []).filter((c) => c && (c.name || c.args));
  return h(`div.msg.${k}` + (m.streaming ? '.streaming' : ''), { dataset: { id: m.id || '' } },
    h('div.who', k === 'tool' ? `tool${m.name ? ' · ' + m.name : ''}` : k),
    text(m.content) ? h('div.content', text(m.content)) : null,
    calls.map((c) => h('div.tool-call',
      h('span.tool-name', c.name || '(tool)'),
      h('code', typeof c.args === 'string' ? c.args : JSON.stringify(c.args)))));
}

/** A form for a graph's input schema: a field per property (JSON for arrays and objects), plus config. */
export function inputForm(schema, onRun) {
  const props = Object.entries(schema?.properties || {});
  const fields = props.map(([name, p]) => {
    const type = Array.isArray(p.type) ? p.type.find((t) => t !== 'null') : p.type;
    let input;
    if (type === 'boolean') input = h('input', { type: 'checkbox', name });
    else if (type === 'number' || type === 'integer') input = h('input', { type: 'number', name, step: type === 'integer' ? 1 : 'any' });
    else if (type === 'string' && Array.isArray(p.enum)) input = h('select', { name }, h('option', { value: '' }, '—'), p.enum.map((v) => h('option', v)));
    else if (type === 'string') input = h('input', { type: 'text', name });
    else input = h('textarea.mono', { name, rows: 2, placeholder: type === 'array' ? '["a", "b"]' : '{}' });
    return { name, type, input, el: h('label.field', h('span', name, h('small.muted', ` ${type || 'any'}`)), input) };
  });
  const config = h('textarea.mono', { name: '__config', rows: 2, placeholder: '{"configurable": {}}' });
  const error = h('p.error', { hidden: true });
  const button = h('button.primary', { type: 'submit' }, 'Run');
  const form = h('form.input-form', { on: { submit: async (e) => {
    e.preventDefault();
    error.hidden = true;
    const input = {};
    try {
      for (const f of fields) {
        if (f.type === 'boolean') { if (f.input.checked) input[f.name] = true; continue; }
        const v = f.input.value;
        if (v === '') continue;
        if (f.type === 'number' || f.type === 'integer') input[f.name] = Number(v);
        else if (f.type === 'string') input[f.name] = v;
        else input[f.name] = parseJson(v, f.name);
      }
      button.disabled = true;
      await onRun(input, parseJson(config.value, 'config'));
    } catch (err) {
      fill(error, err.message);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  } } },
  fields.length ? fields.map((f) => f.el) : h('p.muted', 'This graph declares no input fields; it runs with {}.'),
  h('label.field', h('span', 'config', h('small.muted', ' JSON, optional')), config),
  error, button);
  return h('section.panel', h('h2', 'Run'), form);
}

/** Pending interrupts of a thread, each with a form that resumes the run with `command: {resume}`. */
export function interruptsPanel(interrupts, onResume) {
  if (!interrupts.length) return null;
  return h('section.panel.interrupts', h('h2', `Waiting for input (${interrupts.length})`),
    interrupts.map((it) => {
      const value = h('textarea.mono', { rows: 2, name: 'resume', value: '"yes"' });
      const error = h('p.error', { hidden: true });
      const button = h('button.primary', { type: 'submit' }, 'Resume');
      return h('form.interrupt', { dataset: { interrupt: it.id || '' }, on: { submit: async (e) => {
        e.preventDefault();
        error.hidden = true;
        try {
          const resume = parseJson(value.value, 'resume value');
          button.disabled = true;
          await onResume(it, resume === undefined ? null : resume);
        } catch (err) {
          fill(error, err.message);
          error.hidden = false;
          button.disabled = false;
        }
      } } },
      h('div.muted', it.node ? `node ${it.node}` : '', it.id ? h('span.mono', ` · ${it.id}`) : ''),
      jsonView(it.value),
      h('label.field', h('span', 'resume value', h('small.muted', ' JSON')), value),
      error, button);
    }));
}
