/*
 * The filter of the communes page: hides the communes whose name, postal codes or INSEE code do not
 * contain what the reader types, ignoring case, accents, hyphens and apostrophes ("fouquieres les lens").
 * Without JavaScript the form stays hidden and the full list shows. Its wording is in the page's
 * data-modele-* attributes, never here.
 */
(function () {
  "use strict";

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[-'’\s]+/g, " ")
      .trim();
  }

  function setUp() {
    var form = document.querySelector("form.filtre-communes");
    if (!form) {
      return;
    }
    var input = form.querySelector("input");
    var status = form.querySelector("[role=status]");
    var communes = Array.prototype.slice.call(document.querySelectorAll(".commune[data-filtre]"));
    var folded = communes.map(function (commune) { return fold(commune.getAttribute("data-filtre")); });

    function apply() {
      var query = fold(input.value);
      var shown = 0;
      communes.forEach(function (commune, index) {
        var match = folded[index].indexOf(query) !== -1;
        commune.hidden = !match;
        shown += match ? 1 : 0;
      });
      if (!query) {
        status.textContent = "";
      } else if (shown === 0) {
        status.textContent = form.getAttribute("data-modele-aucun");
      } else {
        status.textContent = form.getAttribute("data-modele-resultat")
          .replace("{n}", String(shown))
          .replace("{total}", String(communes.length));
      }
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("input", apply);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
