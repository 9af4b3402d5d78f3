// Small helpers of the web pages; every page also works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // After a form comes back with errors, move the focus to the list of errors (screen readers read it out).
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
