// Behaviours every page may use, bound through data attributes: no inline script or event
// handler attribute anywhere, so the Content-Security-Policy can forbid them.
(function () {
  "use strict";
  // <button data-print>: print the page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // <form data-bootstrap-fields>: Bootstrap classes on the fields Django renders bare.
  document.querySelectorAll("[data-bootstrap-fields]").forEach(function (form) {
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.type === "hidden") { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.classList.add("form-check-input"); return; }
      el.classList.add(el.tagName === "SELECT" ? "form-select" : "form-control");
    });
  });
})();
