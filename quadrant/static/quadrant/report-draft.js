// The safety event report never loses what was typed. Each change is kept on this device
// (localStorage, without the patient's details) and, a moment later, sent to Quadrant as the
// reporter's private draft — unless the report is anonymous, whose draft stays on this device
// only. When the session has ended the page says so and keeps the copy here; after logging
// in again the form is filled from whichever copy is newer. The acknowledgement page clears
// the copy here. Without JavaScript the form posts as any other.

const DEBOUNCE_MS = 800;
const PRIVATE = /^patient_/; // never written to this device
const SKIP = new Set(["csrfmiddlewaretoken"]);

const form = document.querySelector("form[data-report-draft]");
if (form) start(form);
const sent = document.querySelector("[data-report-sent]");
if (sent) localStorage.removeItem(keyFor(sent.dataset.reportSent));

function keyFor(person) {
  return `quadrant:safety-report:${person}`;
}

function start(form) {
  const key = keyFor(form.dataset.reportDraft);
  const status = document.getElementById("report-draft-status");
  const anonymous = form.elements.namedItem("anonymous");
  const csrf = form.elements.namedItem("csrfmiddlewaretoken").value;
  let timer = null;

  const say = (text) => {
    status.textContent = text;
  };
  const isAnonymous = () => Boolean(anonymous && anonymous.checked);

  function fields({ withPrivate }) {
    const data = {};
    for (const [name, value] of new FormData(form)) {
      if (SKIP.has(name) || (!withPrivate && PRIVATE.test(name))) continue;
      data[name] = String(value);
    }
    return data;
  }

  function keepHere() {
    const copy = { savedAt: new Date().toISOString(), fields: fields({ withPrivate: false }) };
    try {
      localStorage.setItem(key, JSON.stringify(copy));
      return true;
    } catch {
      return false; // storage full or refused: the server copy still counts
    }
  }

  async function sendToServer(body) {
    try {
      const response = await fetch(form.dataset.draftUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(body),
      });
      // A redirect means the session ended (the sign-in page answered instead).
      if (response.redirected || response.status === 403) {
        say("Saved on this device. Your session has ended: log in again and your report will be here.");
        return;
      }
      if (!response.ok) {
        say("Saved on this device. Quadrant could not save the draft just now.");
        return;
      }
      const answer = await response.json();
      say(answer.saved ? "Draft saved." : "Saved on this device only: the report is anonymous.");
    } catch {
      say("Saved on this device. You seem to be offline: nothing is lost.");
    }
  }

  function save() {
    timer = null;
    const here = keepHere();
    if (isAnonymous()) {
      sendToServer({ anonymous: "on" }); // drops any server copy made before the box was ticked
      if (here) say("Saved on this device only: the report is anonymous.");
      return;
    }
    sendToServer(fields({ withPrivate: true }));
  }

  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MS);
  }

  function restore() {
    if (form.dataset.bound === "true") return; // the page shows what was just posted
    let copy = null;
    try {
      copy = JSON.parse(localStorage.getItem(key) || "null");
    } catch {
      copy = null;
    }
    if (!copy || typeof copy.fields !== "object") return;
    const serverAt = form.dataset.draftSavedAt ? Date.parse(form.dataset.draftSavedAt) : 0;
    if (serverAt && Date.parse(copy.savedAt) < serverAt) return; // the server copy is newer
    for (const element of form.elements) {
      const name = element.name;
      if (!name || SKIP.has(name) || PRIVATE.test(name)) continue;
      const value = copy.fields[name];
      if (element.type === "radio") element.checked = value === element.value;
      else if (element.type === "checkbox") element.checked = value === element.value;
      else if (value !== undefined) element.value = value;
    }
    say("We have put back what you typed on this device.");
  }

  restore();
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => {
    if (timer) clearTimeout(timer);
    keepHere(); // kept until the acknowledgement page clears it
  });
}
