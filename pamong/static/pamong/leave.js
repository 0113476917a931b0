// Pamong leave form: pick the dates on the agency calendar of the preview panel (no inline JavaScript: CSP).
// First click chooses a one-day leave; a later day then extends it; a click before the first day starts over.
(function () {
  "use strict";
  // The date fields are typed as dd-mm-yyyy (pamong.core.forms.DateInput); the calendar's days are ISO.
  function toIso(value) {
    var typed = /^\s*(\d{1,2})[\-\/.](\d{1,2})[\-\/.](\d{4})\s*$/.exec(value || "");
    if (typed) { return typed[3] + "-" + ("0" + typed[2]).slice(-2) + "-" + ("0" + typed[1]).slice(-2); }
    return /^\d{4}-\d{2}-\d{2}$/.test(value || "") ? value : "";
  }
  function shown(iso) { return iso.slice(8, 10) + "-" + iso.slice(5, 7) + "-" + iso.slice(0, 4); }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-leave-day]") : null;
    if (!button) { return; }
    var start = document.getElementById("id_start_date");
    var end = document.getElementById("id_end_date");
    if (!start || !end) { return; }
    var day = button.getAttribute("data-leave-day");
    var first = toIso(start.value);
    var extending = first && first === toIso(end.value) && day > first;
    if (extending) {
      end.value = shown(day);
    } else {
      start.value = shown(day);
      end.value = shown(day);
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
