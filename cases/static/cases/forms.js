// Long choice lists (every country, the languages of the caseload) become type-to-search
// fields. Without JavaScript they stay ordinary selects, which still work from the keyboard.
//
// A fast typist types "Ind" and Enter at once: the options are local, so the list is
// filtered on every key with no delay (refreshThrottle 0, the default waits 300 ms), the
// first match is highlighted, and Enter takes it. Tab only moves on (never picks).
//
// Tom Select's own words come from the page (base.html's data attributes), translated with the
// rest of the interface: this file shows no English of its own.
var words = document.body.dataset;
document.querySelectorAll("select[data-searchable]").forEach(function (select) {
  var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
  var name = label ? label.textContent.replace(/\*/g, "").trim() : "";
  var control = new TomSelect(select, {
    maxOptions: null,
    allowEmptyOption: true,
    refreshThrottle: 0,
    loadThrottle: null,
    closeAfterSelect: true,
    plugins: select.multiple ? { remove_button: { title: words.searchRemove } } : [],
    render: {
      no_results: function () {
        var empty = document.createElement("div");
        empty.className = "no-results";
        empty.textContent = words.searchNoResults;
        return empty;
      },
    },
  });
  // Tom Select moves the label to its own input, which a screen reader then names; the
  // select it hides (out of the tab order) leaves the accessibility tree, so that no
  // unlabelled select remains and the field is not announced twice.
  select.setAttribute("aria-hidden", "true");
  if (name) {
    if (!control.control_input.getAttribute("aria-labelledby") && !control.control_input.labels.length) {
      control.control_input.setAttribute("aria-label", name);
    }
  }
  if (select.getAttribute("aria-invalid")) {
    control.control_input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
  }
});

// Progress bars carry their width as data: the content-security policy refuses style
// attributes, but a width set from a script file is allowed.
document.querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
  bar.style.width = bar.dataset.progress + "%";
});

// After a failed submit the error summary takes focus (a screen reader reads it at once),
// and each of its links moves focus to its field, or to the type-to-search box that stands
// for a select.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.querySelectorAll("a[data-field]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.dataset.field);
      if (!field) return;
      event.preventDefault();
      if (field.tomselect) {
        field.tomselect.focus();
      } else {
        field.focus();
      }
      field.scrollIntoView({ block: "center" });
    });
  });
})();
