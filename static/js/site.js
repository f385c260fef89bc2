// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // After a form is sent, move focus to its result or error summary (the autofocus attribute
  // does this too; this covers browsers that ignore autofocus on non-form elements).
  var target = document.querySelector("[data-focus-on-load]");
  if (target && (document.activeElement === document.body || document.activeElement === null)) {
    target.focus();
  }
})();
