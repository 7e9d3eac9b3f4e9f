/* The course application page (catalog/application.html): lecture and preview uploads. */
// Uploads go by XHR so the page can show the upload's own progress; the server streams the file
// to disk and the spec check's progress then shows in the polled check table.
document.querySelectorAll("form.upload").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) { return; }
    var bar = form.querySelector(".progress > span");
    var note = form.querySelector(".upload-note");
    var button = form.querySelector("button");
    var data = new FormData();
    data.append("file", input.files[0]);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRFToken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    form.querySelector(".progress").hidden = false;
    button.disabled = true;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        var pct = Math.round(e.loaded * 100 / e.total);
        bar.style.width = pct + "%";
        note.textContent = pct + "%";
      }
    };
    xhr.onload = function () {
      button.disabled = false;
      if (xhr.status >= 200 && xhr.status < 300) {
        note.textContent = form.dataset.done;
        htmx.trigger(document.body, "checks-refresh");
      } else {
        var message = form.dataset.failed;
        try { message = JSON.parse(xhr.responseText).message || message; } catch (e) {}
        note.textContent = message;
      }
    };
    xhr.onerror = function () { button.disabled = false; note.textContent = form.dataset.failed; };
    xhr.send(data);
  });
});
