/*
 * After the theme's configuration (#__config) on the 404 page: its base and search worker taken from the page's base,
 * when not_found_root.js set one (the theme reads them from the page's own address otherwise).
 */
(function () {
  "use strict";
  if (!document.querySelector("base")) {
    return;
  }
  var config = document.getElementById("__config");
  var settings = JSON.parse(config.textContent);
  settings.base = new URL(settings.base, document.baseURI).href;
  settings.search = new URL(settings.search, document.baseURI).href;
  config.textContent = JSON.stringify(settings);
})();
