/*
 * « Copier la citation » (overrides/partials/citation.html): the button shows only where this script runs,
 * copies the citation's text and says so in a status line that screen readers announce. The words come
 * from the button's data attributes, i.e. from the template.
 */
for (const button of document.querySelectorAll("button[data-copie]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const citation = document.getElementById(button.dataset.copie);
    const status = button.nextElementSibling;
    // Only the template's line breaks and indentation: the no-break spaces of French typography stay.
    const text = citation.textContent.replace(/[ \t\r\n]+/g, " ").trim();
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = button.dataset.copiee;
    } catch {
      // No clipboard where the page is not a secure context (plain HTTP on another host): select the text instead.
      getSelection().selectAllChildren(citation);
      status.textContent = button.dataset.selectionnee;
    }
  });
}
