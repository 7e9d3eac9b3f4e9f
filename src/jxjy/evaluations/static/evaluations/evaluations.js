/* The evaluation form's comment counter: "{n} of {max} characters" under the textarea, from the
   data-count-for / data-count-template attributes (no inline script under the CSP). Delegated
   from the document, so the form htmx swaps in after a submission counts too. */
(function () {
  "use strict";
  function update(textarea) {
    var counter = document.querySelector('[data-count-for="' + textarea.id + '"]');
    if (!counter) { return; }
    var max = textarea.getAttribute("maxlength") || "";
    counter.textContent = (counter.getAttribute("data-count-template") || "{n}/{max}")
      .replace("{n}", String(textarea.value.length)).replace("{max}", max);
  }
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el && el.id && el.tagName === "TEXTAREA" && document.querySelector('[data-count-for="' + el.id + '"]')) {
      update(el);
    }
  });
}());
