// Audit answers given without a connection are kept on this phone (localStorage, one queue per
// person and run) and sent, one at a time and in the order given, when the connection returns.
// Every answer goes through the queue, so an answer given online can never overtake one that
// is waiting. Without JavaScript the forms post as they always did.

const RETRY_MS = 15000;
const OFFLINE_TEXT = "Saved on this phone — will be sent when you are back online";
const SENDING_TEXT = "Sending…";
const PHOTO_OFFLINE_TEXT =
  "Not attached: you are offline — attach it again when you are back online";
const LOGGED_OUT_TEXT =
  "Saved on this phone — not sent yet: log in again, then come back to this page";

const root = document.querySelector("[data-audit-offline]");
if (root) start(root);

function start(root) {
  const key = `quadrant:audit-answers:${root.dataset.auditOffline}`;
  const banner = document.getElementById("audit-offline-banner");
  let sending = null; // the drain under way, shared by every caller

  const load = () => {
    try {
      const queue = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(queue) ? queue : [];
    } catch {
      return [];
    }
  };
  const store = (queue) => {
    if (queue.length) localStorage.setItem(key, JSON.stringify(queue));
    else localStorage.removeItem(key);
    showCount(queue.length);
  };
  const isWaiting = (question) => load().some((entry) => entry.question === question);

  function showCount(count) {
    banner.replaceChildren();
    if (!count) return;
    const box = document.createElement("div");
    box.className = "nhsuk-inset-text";
    const text = document.createElement("p");
    text.textContent =
      count === 1
        ? "1 answer waiting to be sent — it will be sent when you are back online"
        : `${count} answers waiting to be sent — they will be sent when you are back online`;
    box.append(text);
    banner.append(box);
  }

  function setStatus(question, text) {
    const status = document.getElementById(`question-${question}-status`);
    if (status) status.textContent = text;
  }

  function markWaiting(text = OFFLINE_TEXT) {
    for (const entry of load()) setStatus(entry.question, text);
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  }

  function enqueue(form) {
    const data = new FormData(form);
    const csrf = data.get("csrfmiddlewaretoken") || "";
    data.delete("csrfmiddlewaretoken");
    const entry = {
      id: newId(),
      question: form.dataset.question,
      url: form.action,
      fields: [...data.entries()],
      csrf,
      givenAt: new Date().toISOString(),
    };
    // A later answer to the same question replaces the one waiting.
    store([...load().filter((queued) => queued.question !== entry.question), entry]);
    setStatus(entry.question, navigator.onLine === false ? OFFLINE_TEXT : SENDING_TEXT);
    send();
  }

  function post(entry) {
    const body = new URLSearchParams(entry.fields);
    body.set("client_id", entry.id);
    // The page's own token first: it is still valid after logging in again.
    const current = document.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(entry.url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": current ? current.value : entry.csrf },
    });
  }

  function removeEntry(id) {
    store(load().filter((entry) => entry.id !== id));
  }

  function swapQuestion(question, html) {
    const block = document.getElementById(`question-${question}`);
    if (!block) return;
    const focusedId = block.contains(document.activeElement) ? document.activeElement.id : "";
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.firstElementChild;
    if (!fresh) return;
    block.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  async function refusalMessage(response) {
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const message = page.querySelector("main h1 ~ p") || page.querySelector("main p");
    return message && message.textContent.trim()
      ? message.textContent.trim()
      : `The answer was refused (error ${response.status})`;
  }

  function showRefusal(question, message) {
    setStatus(question, `Not sent: ${message}`);
    document.getElementById(`question-${question}`)?.classList.add("nhsuk-form-group--error");
  }

  // Sends the first answer waiting; says why it stays queued, or "" once it has left the queue.
  async function sendOne(entry) {
    let response;
    try {
      response = await post(entry);
    } catch {
      return OFFLINE_TEXT;
    }
    // A redirect means the session ended (login or CSRF page): the answer was not saved.
    if (response.redirected) return LOGGED_OUT_TEXT;
    if (response.status >= 500) return OFFLINE_TEXT;
    if (response.ok) {
      const html = await response.text();
      removeEntry(entry.id);
      if (!isWaiting(entry.question)) swapQuestion(entry.question, html);
      return "";
    }
    const message = await refusalMessage(response);
    removeEntry(entry.id);
    if (!isWaiting(entry.question)) showRefusal(entry.question, message);
    return "";
  }

  async function drain() {
    for (let queue = load(); queue.length; queue = load()) {
      const stays = navigator.onLine === false ? OFFLINE_TEXT : await sendOne(queue[0]);
      if (stays) {
        markWaiting(stays);
        return;
      }
    }
  }

  function send() {
    sending ||= drain().finally(() => {
      sending = null;
    });
    return sending;
  }

  function restoreGiven(entry) {
    const form = document.querySelector(`form[data-question="${entry.question}"]`);
    if (!form) return;
    for (const [name, value] of entry.fields) {
      for (const field of form.querySelectorAll(`[name="${name}"]`)) {
        if (field.type === "radio") field.checked = field.value === value;
        else field.value = value;
      }
    }
  }

  const answerForm = (element) => element?.closest?.("form[data-question]");

  // HTMX would post the answer itself: the queue takes it instead.
  document.addEventListener("htmx:confirm", (event) => {
    const form = answerForm(event.detail.elt);
    if (!form) return;
    event.preventDefault();
    enqueue(form);
  });
  document.addEventListener("submit", (event) => {
    const form = answerForm(event.target);
    if (form) {
      event.preventDefault();
      enqueue(form);
      return;
    }
    const signOff = event.target.closest("form[data-sign-off]");
    if (signOff) holdSignOff(event, signOff);
  });

  // A photo is too large to wait on the phone like an answer: say that it was not attached.
  const evidenceForm = (element) => element?.closest?.("form[data-evidence-upload]");
  const photoNotSent = (event) => {
    const form = evidenceForm(event.detail.elt);
    const status = form?.querySelector("[role=status]");
    if (status) status.textContent = PHOTO_OFFLINE_TEXT;
  };
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (navigator.onLine !== false || !evidenceForm(event.detail.elt)) return;
    event.preventDefault();
    photoNotSent(event);
  });
  document.addEventListener("htmx:sendError", photoNotSent);

  async function holdSignOff(event, form) {
    if (!load().length) return;
    event.preventDefault();
    await send();
    const waiting = load().length;
    const note = document.getElementById("sign-off-waiting");
    if (!waiting) {
      note.textContent = "";
      form.submit();
      return;
    }
    const what = waiting === 1 ? "answer" : "answers";
    note.textContent = `Send the ${waiting} ${what} waiting first: you are offline`;
  }

  for (const entry of load()) restoreGiven(entry);
  showCount(load().length);
  markWaiting();
  window.addEventListener("online", send);
  window.addEventListener("offline", () => markWaiting());
  setInterval(() => {
    if (load().length) send();
  }, RETRY_MS);
  send();
}
