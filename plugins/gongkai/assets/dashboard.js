// Staff dashboard (gongkai-dashboard): sorts a table marked data-gk-sortable (the platform table) when a column
// heading's button is pressed: ascending first, then descending. Cells sort by their data-sort value when they
// have one, else their text; columns whose heading has data-sort-type="number" sort numerically. Rows keep
// their order among equals. Same-origin script (the site's Content-Security-Policy allows no other host).

function sortValue(cell, numeric) {
  const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  return numeric ? Number(raw) || 0 : raw;
}

function sortBy(table, index, numeric, direction) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows).map((row, n) => [sortValue(row.cells[index], numeric), n, row]);
  const sign = direction === "ascending" ? 1 : -1;
  rows.sort((a, b) => {
    const order = numeric ? a[0] - b[0] : String(a[0]).localeCompare(String(b[0]), "zh-CN");
    return order !== 0 ? sign * order : a[1] - b[1];
  });
  for (const [, , row] of rows) body.append(row);
}

for (const table of document.querySelectorAll("table[data-gk-sortable]")) {
  const headings = Array.from(table.tHead.rows[0].cells);
  headings.forEach((th, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "gk-dash-sort";
    button.textContent = th.textContent;
    th.replaceChildren(button);
    button.addEventListener("click", () => {
      const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      for (const other of headings) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", direction);
      sortBy(table, index, th.dataset.sortType === "number", direction);
    });
  });
}
