// Pamong: one listener shows the "notice" events that views send with htmx swaps.
(function () {
  "use strict";
  function showNotice(level, text) {
    var container = document.getElementById("toasts");
    if (!container) { return; }
    var toast = document.createElement("div");
    toast.className = "toast align-items-center border-0 text-bg-" + (level === "error" ? "danger" : level === "success" ? "success" : "secondary");
    toast.setAttribute("role", "status");
    var body = document.createElement("div");
    body.className = "toast-body";
    body.textContent = text;  // textContent: never HTML
    toast.appendChild(body);
    container.appendChild(toast);
    if (window.bootstrap) { new window.bootstrap.Toast(toast, {delay: 5000}).show(); }
  }
  document.addEventListener("notice", function (event) {
    var detail = event.detail || {};
    showNotice(detail.level || "info", detail.text || "");
  });
  // Forms marked data-confirm ask before submitting (no inline JavaScript: CSP).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
})();
// Progress bars carry their width as data-progress (0–100): set through the CSSOM, which CSP allows, since a
// style="width: …" attribute is refused by style-src 'self'.
(function () {
  "use strict";
  function sizeBars(root) {
    var bars = (root || document).querySelectorAll("[data-progress]");
    for (var i = 0; i < bars.length; i++) {
      var value = parseFloat(bars[i].getAttribute("data-progress"));
      if (!isNaN(value)) { bars[i].style.width = Math.max(0, Math.min(100, value)) + "%"; }
    }
  }
  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  document.addEventListener("htmx:afterSettle", function () { sizeBars(document); });
})();
