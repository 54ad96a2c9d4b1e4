// Focus for keyboard and screen-reader users after a form was sent (WCAG 2.4.3, 3.3.1):
// the error summary of a form sent back with errors, else the status message of a
// successful post. A link in the error summary focuses its field and shows its label.
(function () {
  "use strict";
  // Tables reflow at narrow widths (WCAG 1.4.10, no horizontal scrolling): each cell gets
  // its column's header as a label, shown before the value when the table is stacked
  // (site.css, `table.stackable`). The ARIA roles keep the table semantics that
  // `display: block` would otherwise take away in some browsers.
  function stackTables() {
    var tables = document.querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.classList.contains("no-stack") || !table.tHead) {
        return;
      }
      var headerRow = table.tHead.rows[0];
      if (!headerRow) {
        return;
      }
      var labels = Array.prototype.map.call(headerRow.cells, function (cell) {
        return cell.textContent.replace(/\s+/g, " ").trim();
      });
      table.classList.add("stackable");
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
        group.setAttribute("role", "rowgroup");
      });
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var inHead = row.parentNode === table.tHead;
          if (inHead) {
            cell.setAttribute("role", "columnheader");
          } else if (cell.tagName === "TH") {
            cell.setAttribute("role", "rowheader");
          } else {
            cell.setAttribute("role", "cell");
          }
          if (!inHead && labels[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    stackTables();
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.focus();
    }
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) {
        return;
      }
      event.preventDefault();
      var holder = field.closest("fieldset") || field.closest(".field") || field;
      var caption = holder.querySelector("legend, label");
      (caption || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  });
})();
