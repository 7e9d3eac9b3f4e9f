/* The courseware check page (courseware/check.html): the upload's progress bar. */
document.addEventListener("htmx:xhr:progress", function (evt) {
  var bar = document.getElementById("upload-bar");
  if (bar && evt.detail.lengthComputable) { bar.style.width = Math.round(evt.detail.loaded * 100 / evt.detail.total) + "%"; }
});
