// Pamong leave form: pick the dates on the agency calendar of the preview panel (no inline JavaScript: CSP).
// First click chooses a one-day leave; a later day then extends it; a click before the first day starts over.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-leave-day]") : null;
    if (!button) { return; }
    var start = document.getElementById("id_start_date");
    var end = document.getElementById("id_end_date");
    if (!start || !end) { return; }
    var day = button.getAttribute("data-leave-day");
    var extending = start.value && start.value === end.value && day > start.value;
    if (extending) {
      end.value = day;
    } else {
      start.value = day;
      end.value = day;
    }
    // The form's hx-trigger listens for "change": the preview is recomputed.
    end.dispatchEvent(new Event("change", {bubbles: true}));
  });
  // One submission per page: the idempotency key already makes a second one harmless.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented || !event.target || event.target.id !== "leave-form") { return; }
    var button = document.getElementById("leave-submit");
    if (button) { window.setTimeout(function () { button.disabled = true; }, 0); }
  });
  // Coming back with the browser's Back button restores the page as it was: let it be sent again.
  window.addEventListener("pageshow", function () {
    var button = document.getElementById("leave-submit");
    if (button) { button.disabled = false; }
  });
})();
