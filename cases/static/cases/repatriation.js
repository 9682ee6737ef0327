// The queue's "select every case on this page" box. Without JavaScript it stays hidden
// and each case is ticked on its own.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (!all) return;
  const ticks = () => document.querySelectorAll("input.case-tick");
  all.hidden = false;
  all.addEventListener("change", () => ticks().forEach((box) => { box.checked = all.checked; }));
});
