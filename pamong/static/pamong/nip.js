// Pamong new-employee form: fill birth date, TMT CPNS and gender from the NIP as it is typed
// (rules.md §9.1: YYYYMMDD birth, YYYYMM TMT CPNS, 1 = male / 2 = female, 3-digit serial).
// Progressive enhancement only: the server derives and checks the same facts (pamong/people/nip.py).
// A field the user typed in themself is never overwritten; a field this script filled follows the NIP.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function validDate(y, m, d) {
    var day = new Date(Date.UTC(y, m - 1, d));
    return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
  }
  function facts(nip, pppk) {
    if (!/^\d{18}$/.test(nip)) { return null; }
    var y = +nip.slice(0, 4), m = +nip.slice(4, 6), d = +nip.slice(6, 8);
    var ty = +nip.slice(8, 12), tm = +nip.slice(12, 14), sex = nip.charAt(14);
    if (!validDate(y, m, d) || (sex !== "1" && sex !== "2")) { return null; }
    var out = {birth: pad(d) + "-" + pad(m) + "-" + y, gender: sex === "1" ? "m" : "f", tmt: ""};
    if (!pppk && tm >= 1 && tm <= 12) { out.tmt = "01-" + pad(tm) + "-" + ty; }
    return out;
  }
  function fill(field, value) {
    if (!field || !value) { return; }
    if (field.value && field.getAttribute("data-from-nip") !== "1") { return; }
    if (field.value !== value) {
      field.value = value;
      field.dispatchEvent(new Event("change", {bubbles: true}));
    }
    field.setAttribute("data-from-nip", "1");
  }
  function update() {
    var nip = document.getElementById("id_nip");
    if (!nip) { return; }
    var status = document.getElementById("id_status");
    var pppk = status && /^pppk/.test(status.value);
    var found = facts(nip.value.replace(/[\s.\-']/g, ""), pppk);
    if (!found) { return; }
    fill(document.getElementById("id_birth_date"), found.birth);
    fill(document.getElementById("id_gender"), found.gender);
    fill(document.getElementById("id_first_appointment_date"), found.tmt);
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.id) { return; }
    if (target.id === "id_nip") { update(); return; }
    // Typed by hand: from now on the field is the user's, not the NIP's.
    if (/^id_(birth_date|first_appointment_date)$/.test(target.id)) { target.removeAttribute("data-from-nip"); }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || !event.isTrusted) { return; }
    if (target.id === "id_gender") { target.removeAttribute("data-from-nip"); }
    if (target.id === "id_status") { update(); }
  });
  document.addEventListener("DOMContentLoaded", update);
})();
