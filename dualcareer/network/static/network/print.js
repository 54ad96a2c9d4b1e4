/* The print button of the statement's print layout (no inline script under the CSP). */
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
})();
