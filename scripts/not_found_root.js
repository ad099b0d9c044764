/*
 * The 404 page, which a host serves for any missing address, at any depth (/sub/donnees/faits.cvs), written with
 * links from the site's root ("./…", src/callcma/finish.py): over HTTP, this script finds that root and makes it the
 * page's base, before the page names any file. The root is the address's part before the first folder of the site it
 * holds (data-dossiers: the site's folders), else the missing page's own folder. From file:// (the offline copy), the
 * page stands at the root: nothing to do.
 */
(function () {
  "use strict";
  if (location.protocol !== "http:" && location.protocol !== "https:") {
    return;
  }
  var folders = document.currentScript.getAttribute("data-dossiers").split(" ");
  var parts = location.pathname.split("/");
  var depth = parts.length - 1;
  for (var index = 1; index < parts.length - 1; index++) {
    if (folders.indexOf(parts[index]) !== -1) {
      depth = index;
      break;
    }
  }
  var base = document.createElement("base");
  base.href = parts.slice(0, depth).join("/") + "/";
  document.head.appendChild(base);
})();
