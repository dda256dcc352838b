// Driver diagram editor: keeps keyboard focus across HTMX swaps (the editor is re-rendered
// after each change) and adds drag and drop as an extra to the buttons and "Move under" forms.
// No inline script: the page loads this file (the Content Security Policy forbids inline code).
(function () {
  "use strict";
  var remembered = null;

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    var details = active && active.closest ? active.closest("details") : null;
    remembered = {
      id: active && active.id ? active.id : null,
      name: active && active.name ? active.name : null,
      value: active && active.value ? active.value : null,
      form: active && active.form ? active.form.getAttribute("action") : null,
      open: details && details.parentElement ? details.parentElement.id : null,
    };
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.target || event.target.id !== "diagram-editor") {
      var editor = document.getElementById("diagram-editor");
      if (!editor) return;
    }
    var error = document.querySelector("#diagram-editor .nhsuk-error-summary");
    if (error) {
      error.focus();
      return;
    }
    if (!remembered) return;
    if (remembered.open) {
      var item = document.getElementById(remembered.open);
      var details = item ? item.querySelector("details") : null;
      if (details) details.open = true;
    }
    var target = null;
    if (remembered.form) {
      var form = document.querySelector('#diagram-editor form[action="' + remembered.form + '"]');
      if (form && remembered.name && remembered.value) {
        target = form.querySelector('[name="' + remembered.name + '"][value="' + remembered.value + '"]');
      }
      if (!target && form) target = form.querySelector("input, button");
    }
    if (!target && remembered.id) target = document.getElementById(remembered.id);
    if (target) target.focus();
  });

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var node = event.target.closest && event.target.closest(".app-driver-node[draggable]");
    if (!node) return;
    dragged = node;
    node.classList.add("app-driver-node--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", node.dataset.node);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("app-driver-node--dragging");
    dragged = null;
    document.querySelectorAll(".app-driver-node--drop").forEach(function (el) {
      el.classList.remove("app-driver-node--drop");
    });
  });

  var parentKind = { primary: "aim", secondary: "primary", change_idea: "secondary" };

  function dropTarget(event) {
    var over = event.target.closest && event.target.closest(".app-driver-node");
    if (!dragged || !over || over === dragged) return null;
    // Dropped on a node of the kind above: move under it. On a sibling kind: move beside it.
    if (over.dataset.kind === parentKind[dragged.dataset.kind]) return { parent: over, position: "" };
    if (over.dataset.kind === dragged.dataset.kind) {
      var list = Array.prototype.slice.call(document.querySelectorAll(".app-driver-node"));
      var index = list.indexOf(over);
      for (var i = index - 1; i >= 0; i -= 1) {
        if (list[i].dataset.kind === parentKind[dragged.dataset.kind]) {
          var siblings = list.slice(i + 1).filter(function (el) {
            return el.dataset.kind === dragged.dataset.kind;
          });
          return { parent: list[i], position: String(Math.max(0, siblings.indexOf(over))) };
        }
      }
    }
    return null;
  }

  document.addEventListener("dragover", function (event) {
    var target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    target.parent.classList.add("app-driver-node--drop");
  });

  document.addEventListener("dragleave", function (event) {
    var over = event.target.closest && event.target.closest(".app-driver-node");
    if (over) over.classList.remove("app-driver-node--drop");
  });

  document.addEventListener("drop", function (event) {
    var target = dropTarget(event);
    if (!target || !window.htmx) return;
    event.preventDefault();
    window.htmx.ajax("POST", dragged.dataset.moveUrl, {
      target: "#diagram-editor",
      swap: "outerHTML",
      values: { parent: target.parent.dataset.node, position: target.position },
    });
  });
})();
