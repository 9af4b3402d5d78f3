// Small helpers of the web pages; every page also works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // After a form comes back with errors, move the focus to the list of errors (screen readers read it out).
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // After saving, the confirmation is where the person is: at the top, with the focus on it (a long page would
  // otherwise come back scrolled to where the form was, or a screen reader start elsewhere).
  var confirmation = document.getElementById("messages");
  if (confirmation && !summary) { confirmation.focus(); confirmation.scrollIntoView({block: "start"}); }

  // A choice of period shows only the fields that period needs (without JavaScript they are all shown and the
  // server takes the ones the period uses).
  document.querySelectorAll("[data-period-choice] select").forEach(function (select) {
    var form = select.form;
    function show() {
      form.querySelectorAll("[data-show-for]").forEach(function (field) {
        field.hidden = field.dataset.showFor.split(" ").indexOf(select.value) === -1;
      });
    }
    select.addEventListener("change", show);
    show();
  });
});
