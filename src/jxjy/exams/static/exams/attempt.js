/* The exam page (exams/attempt.html): the countdown and the blank-answers question. */
(function () {
  var el = document.getElementById("countdown");
  if (!el) return;
  var end = new Date(el.dataset.deadline).getTime();
  function tick() {
    var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left > 0) setTimeout(tick, 1000);
  }
  tick();
})();
(function () {
  // Ask before handing in a paper with blank questions; the server accepts it either way.
  var form = document.getElementById("paper");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    var names = {};
    form.querySelectorAll("input[name^=q]").forEach(function (i) { names[i.name] = names[i.name] || i.checked; });
    var blank = Object.keys(names).filter(function (n) { return !names[n]; }).length;
    if (blank > 0 && !window.confirm(form.dataset.unanswered)) event.preventDefault();
  });
})();
