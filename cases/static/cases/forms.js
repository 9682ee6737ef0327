// Long choice lists (every country, the languages of the caseload) become type-to-search
// fields. Without JavaScript they stay ordinary selects, which still work from the keyboard.
document.querySelectorAll("select[data-searchable]").forEach(function (select) {
  new TomSelect(select, {
    maxOptions: null,
    allowEmptyOption: true,
    plugins: select.multiple ? ["remove_button"] : [],
  });
  // The type-to-search box is the control now, and the label names it; the select behind it
  // (kept for the form's submit) would be a second, unnamed control to a screen reader.
  select.setAttribute("aria-hidden", "true");
});

// Progress bars carry their width as data: the content-security policy refuses style
// attributes, but a width set from a script file is allowed.
document.querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
  bar.style.width = bar.dataset.progress + "%";
});
