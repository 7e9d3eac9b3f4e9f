/* Behaviour that pages would otherwise write inline (the Content Security Policy runs no inline
   script, handler or style attribute), declared with data attributes:
   - data-width="37" on a progress bar's span: its width in percent;
   - data-autosubmit on a select: changing it submits its form;
   - data-confirm="question" on a form: asks before submitting;
   - data-text-size on the header's 大字版 button: toggles large text (html.text-large), kept in
     the jxjy_text cookie so that the server renders the next page large (no jump, no inline script);
   - .table-wrap boxes that scroll sideways become focusable, so a keyboard can scroll them too.
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
    focusScrollers(root);
  }

  function focusScrollers(root) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll(".table-wrap"));
    if (root.classList && root.classList.contains("table-wrap")) { boxes.push(root); }
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) { box.setAttribute("tabindex", "0"); }
      else if (box.getAttribute("tabindex") === "0") { box.removeAttribute("tabindex"); }
    });
  }

  var TEXT_COOKIE = "jxjy_text";

  function setLargeText(on) {
    document.documentElement.classList.toggle("text-large", on);
    document.cookie = TEXT_COOKIE + "=" + (on ? "large" : "normal") + "; path=/; max-age=31536000; SameSite=Lax" +
      (window.location.protocol === "https:" ? "; Secure" : "");
    Array.prototype.forEach.call(document.querySelectorAll("[data-text-size]"), function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    focusScrollers(document.body);
  }

  function showTextSize() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-text-size]"), function (button) {
      // Hidden in the HTML: without this script the button would do nothing.
      button.hidden = false;
      button.addEventListener("click", function () {
        setLargeText(button.getAttribute("aria-pressed") !== "true");
      });
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
  window.addEventListener("resize", function () { focusScrollers(document.body); });
  function start() { showTextSize(); apply(document.body); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
