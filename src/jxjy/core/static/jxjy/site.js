/* Behaviour that pages would otherwise write inline (the Content Security Policy runs no inline
   script, handler or style attribute), declared with data attributes:
   - data-width="37" on a progress bar's span: its width in percent;
   - data-autosubmit on a select: changing it submits its form;
   - data-confirm="question" on a form: asks before submitting.
   Applied to the page and to every fragment htmx swaps in. */
(function () {
  "use strict";

  function apply(root) {
    if (!root || !root.querySelectorAll) { return; }
    var scope = [root].concat(Array.prototype.slice.call(root.querySelectorAll("[data-width]")));
    scope.forEach(function (el) {
      if (el.dataset && el.dataset.width !== undefined) {
        var pct = Math.max(0, Math.min(100, parseFloat(el.dataset.width) || 0));
        el.style.width = pct + "%";
      }
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:load", function (event) { apply(event.detail && event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { apply(document.body); });
  } else {
    apply(document.body);
  }
})();
