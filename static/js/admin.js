/* The admin's widgets, named for screen readers (loaded by templates/admin/base_site.html).

   Django's own widgets leave some controls without an accessible name: a tabular inline's
   inputs (only the column heading names them), the autocomplete boxes drawn by select2 (named
   by their selected text, empty on an add form), the date and time halves of a split date-time
   field, the filter icons of a two-box selector (a span with aria-label and no role). Each gets
   its name from what the sighted user reads beside it. Also the export form's "select all" box,
   whose inline handler the CSP refuses. */
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function columnHeading(cell) {
    const table = cell.closest("table");
    const row = cell.parentElement;
    const index = Array.prototype.indexOf.call(row.children, cell);
    const heading = table && table.tHead && table.tHead.rows[0] && table.tHead.rows[0].cells[index];
    return text(heading);
  }

  function labelTabularInputs(root) {
    root.querySelectorAll(".inline-group .tabular td").forEach(function (cell) {
      const heading = columnHeading(cell);
      if (!heading) return;
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
        if (!field.labels || field.labels.length === 0) field.setAttribute("aria-label", heading);
      });
    });
  }

  function idOf(element, prefix) {
    if (!element.id) element.id = prefix + Math.random().toString(36).slice(2);
    return element.id;
  }

  // select2 names its combobox by the selected text only (aria-labelledby its rendered span,
  // role="textbox" and empty on an add form): the field's label, or the column heading in a
  // tabular inline, comes first; the rendered span is the combobox's text, not a textbox.
  function labelAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const rendered = select.id && document.getElementById("select2-" + select.id + "-container");
      const box = rendered && rendered.closest(".select2-selection");
      if (!box) return;
      let namer = select.labels && select.labels[0];
      if (!namer) {
        const cell = select.closest("td");
        const table = cell && cell.closest("table");
        const index = cell ? Array.prototype.indexOf.call(cell.parentElement.children, cell) : -1;
        namer = table && table.tHead && table.tHead.rows[0] && table.tHead.rows[0].cells[index];
      }
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
      if (namer) box.setAttribute("aria-labelledby", idOf(namer, "name-") + " " + rendered.id);
    });
  }

  function labelSplitDateTimes(root) {
    root.querySelectorAll("p.datetime").forEach(function (paragraph) {
      const row = paragraph.closest(".form-row, .fieldBox, td");
      const label = row && row.querySelector("label");
      paragraph.querySelectorAll("input").forEach(function (input) {
        if (input.labels && input.labels.length) return;
        let part = input.previousSibling;
        while (part && part.nodeType !== Node.TEXT_NODE) part = part.previousSibling;
        const name = [text(label).replace(/[:：]$/, ""), part ? part.textContent.trim().replace(/[:：]$/, "") : ""];
        input.setAttribute("aria-label", name.filter(Boolean).join(" "));
      });
    });
  }

  function roleForFilterIcons(root) {
    root.querySelectorAll(".selector span[aria-label]:not([role])").forEach(function (span) {
      span.setAttribute("role", "img");
    });
  }

  function nameAll() {
    labelTabularInputs(document);
    labelAutocompletes(document);
    labelSplitDateTimes(document);
    roleForFilterIcons(document);
    document.documentElement.setAttribute("data-widgets-named", "");
  }

  // After Django's own scripts: the two-box selector (SelectFilter2) is built on "load", by a
  // listener registered before ours; select2 starts in a jQuery ready handler, which jQuery 3
  // runs asynchronously (possibly after "load"), so ours is queued after it once "load" came.
  window.addEventListener("load", function () {
    if (window.django && window.django.jQuery) {
      window.django.jQuery(nameAll);
    } else {
      nameAll();
    }
  });
  document.addEventListener("formset:added", function () { window.setTimeout(nameAll, 0); });

  document.addEventListener("change", function (event) {
    if (event.target.matches(".select-toggle") && typeof window.onSelectToggleChange === "function") {
      window.onSelectToggleChange(event);
    }
  });
})();
