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

  // A searchable box (the occupation picker): the browser's own suggestions find only the exact letters typed,
  // so a list of ours takes their place and also finds the words typed without diacritics ("tho han" finds
  // "Thợ hàn"), as the server does. The ARIA combobox pattern: arrows move, Enter chooses, Escape closes.
  document.querySelectorAll("[data-suggest]").forEach(function (box) {
    var input = box.querySelector("input[list]");
    var datalist = input && document.getElementById(input.getAttribute("list"));
    if (!datalist) { return; }
    var options = Array.prototype.map.call(datalist.options, function (option) {
      return {text: option.value, key: fold(option.value)};
    });
    var label = document.querySelector("label[for='" + input.id + "']");
    var list = document.createElement("ul");
    list.id = input.id + "_listbox";
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", label ? label.textContent.trim() : input.name);
    list.hidden = true;
    box.appendChild(list);
    input.removeAttribute("list");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1;

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(text) {
      input.value = text;
      close();
    }
    function highlight(index) {
      var items = list.children;
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      Array.prototype.forEach.call(items, function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({block: "nearest"});
    }
    function show() {
      var words = fold(input.value).split(" ").filter(Boolean);
      var hits = words.length ? options.filter(function (option) {
        return words.every(function (word) { return option.key.indexOf(word) !== -1; });
      }).slice(0, 8) : [];
      list.textContent = "";
      if (!hits.length) { close(); return; }
      hits.forEach(function (hit, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = hit.text;
        // mousedown, not click: the box keeps the focus, so its blur does not close the list first
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(hit.text); });
        list.appendChild(item);
      });
      active = -1;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      input.removeAttribute("aria-activedescendant");
    }
    input.addEventListener("input", show);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { show(); }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        choose(list.children[active].textContent);
        event.preventDefault();  // chosen, not yet sent
      } else if (event.key === "Escape" && !list.hidden) {
        close();
        event.preventDefault();
      }
    });
  });
});

// Lower-case without diacritics, đ as d: jobfair.text.fold_for_search in the browser.
function fold(text) {
  return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().split(/\s+/).filter(Boolean).join(" ");
}
