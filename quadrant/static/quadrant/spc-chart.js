// The measure chart, enhanced: values on hover (and with the arrow keys), the two-sigma
// lines shown or hidden at once, and zoom and the moving-range chart without reloading the
// page. Without JavaScript the same links reload the page with the server's SVG.
(function () {
  "use strict";

  function formatValue(value, unit) {
    if (value === null || value === undefined) return "–";
    var text = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString("en-GB")
      : String(Number(value.toPrecision(4)));
    return unit === "%" ? text + "%" : text + (unit ? " " + unit : "");
  }

  function init(section) {
    var dataNode = document.getElementById("spc-chart-data");
    if (!dataNode) return;
    var data = JSON.parse(dataNode.textContent);
    var unit = data.measure.unit;
    var state = { range: "all", sigma: false, mr: false, active: null };
    var figure = section.querySelector("#spc-chart-figure");
    state.range = figure.getAttribute("data-range") || "all";
    state.sigma = figure.classList.contains("app-chart--sigma");
    state.mr = figure.getAttribute("data-mr") === "1";

    function query() {
      var parts = [];
      if (state.range !== "all") parts.push("range=" + encodeURIComponent(state.range));
      if (state.sigma) parts.push("sigma=1");
      if (state.mr) parts.push("mr=1");
      return parts.join("&");
    }

    function syncLinks() {
      section.querySelectorAll("[data-chart-download]").forEach(function (link) {
        var base = link.getAttribute("href").split("?")[0];
        var extra = link.href.indexOf("download=1") >= 0 ? "download=1&" : "";
        link.setAttribute("href", base + "?" + extra + query());
      });
      section.querySelectorAll("[data-chart-range]").forEach(function (link) {
        var current = link.getAttribute("data-chart-range") === state.range;
        if (current) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
      section.querySelectorAll("[data-chart-toggle]").forEach(function (link) {
        var name = link.getAttribute("data-chart-toggle");
        link.setAttribute("aria-pressed", String(state[name]));
      });
    }

    function bindFigure() {
      figure = section.querySelector("#spc-chart-figure");
      figure.classList.toggle("app-chart--sigma", state.sigma);
      var svg = figure.querySelector("svg");
      var tooltip = figure.querySelector("#spc-chart-tooltip");
      if (!svg || !tooltip) return;
      var dots = Array.prototype.slice.call(svg.querySelectorAll("circle[data-i]"));
      if (!dots.length) return;
      svg.setAttribute("tabindex", "0");

      function show(dot) {
        dots.forEach(function (d) { d.classList.remove("app-chart__dot--active"); });
        dot.classList.add("app-chart__dot--active");
        var point = data.points[Number(dot.getAttribute("data-i"))];
        var lines = [point.label + ": " + formatValue(point.value, unit), point.type_label];
        if (point.numerator !== null) {
          lines.push(point.numerator + " of " + point.denominator);
        }
        if (point.centre !== null) lines.push("Mean " + formatValue(point.centre, unit));
        if (point.lower !== null || point.upper !== null) {
          lines.push("Limits " + formatValue(point.lower, unit) + " to " +
            formatValue(point.upper, unit));
        }
        if (point.target !== null) lines.push("Target " + formatValue(point.target, unit));
        tooltip.textContent = "";
        lines.forEach(function (line, index) {
          var row = document.createElement(index === 0 ? "strong" : "span");
          row.textContent = line;
          tooltip.appendChild(row);
        });
        var box = svg.getBoundingClientRect();
        var scale = box.width / svg.viewBox.baseVal.width;
        var x = Number(dot.getAttribute("cx")) * scale;
        var y = Number(dot.getAttribute("cy")) * scale;
        tooltip.hidden = false;
        tooltip.classList.toggle("app-chart__tooltip--left", x > box.width * 0.6);
        tooltip.setAttribute("data-x", String(Math.round(x)));
        tooltip.style.setProperty("--x", Math.round(x) + "px");
        tooltip.style.setProperty("--y", Math.round(y) + "px");
        state.active = dots.indexOf(dot);
      }

      function nearest(clientX) {
        var box = svg.getBoundingClientRect();
        var scale = box.width / svg.viewBox.baseVal.width;
        var best = null;
        var bestDistance = Infinity;
        dots.forEach(function (dot) {
          var distance = Math.abs(Number(dot.getAttribute("cx")) * scale + box.left - clientX);
          if (distance < bestDistance) { best = dot; bestDistance = distance; }
        });
        return best;
      }

      svg.addEventListener("mousemove", function (event) {
        var dot = nearest(event.clientX);
        if (dot) show(dot);
      });
      svg.addEventListener("mouseleave", function () { tooltip.hidden = true; });
      svg.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
        event.preventDefault();
        var index = state.active === null ? dots.length - 1
          : state.active + (event.key === "ArrowRight" ? 1 : -1);
        show(dots[Math.max(0, Math.min(dots.length - 1, index))]);
      });
    }

    function reload() {
      var url = section.getAttribute("data-partial-url") + "?" + query();
      section.setAttribute("aria-busy", "true");
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) throw new Error("chart " + response.status);
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#spc-chart-figure");
          if (fresh) figure.replaceWith(fresh);
          bindFigure();
          syncLinks();
        })
        .catch(function () {
          window.location.search = query();
        })
        .finally(function () { section.removeAttribute("aria-busy"); });
    }

    section.addEventListener("click", function (event) {
      var link = event.target.closest("[data-chart-range], [data-chart-toggle]");
      if (!link) return;
      event.preventDefault();
      if (link.hasAttribute("data-chart-range")) {
        state.range = link.getAttribute("data-chart-range");
        reload();
        return;
      }
      var name = link.getAttribute("data-chart-toggle");
      state[name] = !state[name];
      if (name === "sigma") {
        figure.classList.toggle("app-chart--sigma", state.sigma);
        syncLinks();
      } else {
        reload();
      }
    });
    bindFigure();
    syncLinks();
  }

  function start() {
    document.querySelectorAll("[data-spc-chart]").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
