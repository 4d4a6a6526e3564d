// Site-wide behaviour, loaded by every page (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  // Console tables become card lists on phones: each cell is labelled with its column's
  // heading, and CSS (renda.css, .table-stack) lays rows out as cards under 576 px.
  function stackTables(root) {
    root.querySelectorAll("table.table").forEach(function (table) {
      if (table.classList.contains("table-keep")) { return; }
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) { return; }
      table.classList.add("table-stack");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          if (!cell.hasAttribute("data-label") && heads[col]) { cell.setAttribute("data-label", heads[col]); }
          col += cell.colSpan || 1;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.querySelector("main");
    if (main) { stackTables(main); }
  });
})();
