// The consent sheet: its Print button, and words sized to fit one A4 page.
// (No inline script: the content-security policy forbids it.)
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// The printable height of A4 with the sheet's margins (297 mm - 2 x 9 mm), less a little.
const PRINTABLE_MM = 276;
const LARGEST_PT = 7.8;
const SMALLEST_PT = 6.2;

function millimetres(element) {
  return (element.getBoundingClientRect().height * 25.4) / 96;
}

// Long scripts (Tamil, Malayalam) take more room: step the size down until the sheet, laid out
// at the page's width, fits one page. The size is kept in --fit-size, which print uses.
function fitOnePage(sheet) {
  sheet.classList.add("measuring");
  let size = LARGEST_PT;
  sheet.style.setProperty("--fit-size", `${size}pt`);
  while (millimetres(sheet) > PRINTABLE_MM && size > SMALLEST_PT) {
    size = Math.round((size - 0.2) * 10) / 10;
    sheet.style.setProperty("--fit-size", `${size}pt`);
  }
  sheet.classList.remove("measuring");
  sheet.dataset.fitSize = String(size);
}

document.querySelectorAll("[data-fit-one-page]").forEach((sheet) => {
  const fit = () => fitOnePage(sheet);
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(fit);
  } else {
    fit();
  }
});
