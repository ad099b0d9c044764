/*
 * « Ma commune est-elle concernée ? » for any commune of the département: typed by name (accents, case, hyphens,
 * apostrophes and « st » for « saint » forgiven) or by postal code (or INSEE code), a commune is said member, or not
 * member and part of which intercommunality; a postal code lists every commune that shares it; a name that matches
 * nothing gets the closest names, never « not a member ». The member communes' cards below stay for the members
 * found.
 *
 * The département's communes (docs/donnees/communes-recherche.js, generated from the official dataset) are loaded
 * by a script element the first time the reader uses the field: a fetch() of JSON fails from file://. Every
 * sentence is read from the page's data-* attributes (templates/communes.md.j2), never written here, and always
 * inserted as text. Without JavaScript the field stays hidden: the list of members and the page of the other
 * communes answer instead.
 */
(function () {
  "use strict";

  var MOST_SHOWN = 12; // answers listed at most; beyond, the reader is asked to type more of the name
  var MOST_SUGGESTED = 3;
  var POSTAL_CODE = /^\d{5}$/;
  // Words readers shorten: « st Nazaire » is « Saint-Nazaire », « lez » is an old spelling of « lès ».
  var SHORT_WORDS = { st: "saint", ste: "sainte", lez: "les" };

  /** Lower case, without accents, ligatures, hyphens or apostrophes, shortened words spelt out: « ste marie lez lens ». */
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .map(function (word) { return SHORT_WORDS[word] || word; })
      .join(" ");
  }

  /** Damerau-Levenshtein distance (adjacent transpositions count as one edit) between two folded names. */
  function distance(a, b) {
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) {
          rows[i].push(j);
          continue;
        }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i].push(best);
      }
    }
    return rows[a.length][b.length];
  }

  /** One sentence of the page's wording, its {placeholders} filled. */
  function say(root, name, values) {
    return root.getAttribute("data-" + name).replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  /**
   * The communes of the territory (src/callcma/records.py, lookup_table), each folded once: current ones, each with
   * its EPCI (the first EPCI is the one whose communes are members), then the former ones attached to them.
   */
  function readTerritory(data) {
    var byCode = {};
    var entries = data.communes.map(function (row) {
      var epci = data.epcis[row[3]]; // undefined for a commune of no EPCI
      var commune = { code: row[0], name: row[1], postalCodes: row[2], epci: epci, member: row[3] === 0, folded: fold(row[1]) };
      byCode[commune.code] = commune;
      return commune;
    });
    data.rattachees.forEach(function (row) {
      entries.push({ code: row[0], name: row[1], type: row[2], chief: byCode[row[3]], postalCodes: [], folded: fold(row[1]) });
    });
    return { entries: entries, byCode: byCode };
  }

  function setUp() {
    var root = document.querySelector(".filtre-communes");
    if (!root) {
      return;
    }
    var input = root.querySelector("input");
    var answer = root.querySelector("[role=status]");
    var cards = Array.prototype.slice.call(document.querySelectorAll(".commune[data-insee]"));
    var territory = null; // once loaded
    var loading = false;
    var failed = false;

    function load() {
      if (loading) {
        return;
      }
      loading = true;
      var script = document.createElement("script");
      script.src = root.getAttribute("data-liste");
      script.onload = function () {
        territory = readTerritory(self.callcmaCommunes);
        apply();
      };
      script.onerror = function () {
        failed = true;
        apply();
      };
      document.body.appendChild(script);
    }

    /** What the reader learns of one commune: its sentences, and a link to its card or to its intercommunality's list. */
    function describe(commune) {
      if (commune.chief) {
        var chief = describe(commune.chief);
        var attached = say(root, commune.type, { nom: commune.name, chef: commune.chief.name });
        return { text: attached + " " + chief.text, href: chief.href, link: chief.link, member: chief.member };
      }
      if (commune.member) {
        var card = "#" + root.getAttribute("data-fiche") + commune.code;
        return { text: say(root, "membre", { nom: commune.name }), href: card, link: say(root, "lien-membre", {}), member: commune };
      }
      var others = root.getAttribute("data-autres");
      if (!commune.epci) {
        return { text: say(root, "sans-epci", { nom: commune.name }), href: others, link: say(root, "lien-autre", {}), member: null };
      }
      var sentence = say(root, "autre", { nom: commune.name, epci: commune.epci[1] });
      return { text: sentence, href: others + "#" + root.getAttribute("data-section") + commune.epci[0], link: say(root, "lien-autre", {}), member: null };
    }

    /** The communes a query names, best first: the exact name, names that start with it, names with a word that does. */
    function find(query) {
      var digits = query.replace(/\s+/g, "");
      if (/^\d+$/.test(digits)) {
        if (!POSTAL_CODE.test(digits)) {
          return { incomplete: digits.length < 5, matches: [] };
        }
        var sharing = territory.entries.filter(function (commune) { return commune.postalCodes.indexOf(digits) !== -1; });
        var coded = territory.byCode[digits];
        return { postalCode: sharing.length ? digits : null, matches: sharing.length ? sharing : coded ? [coded] : [] };
      }
      var folded = fold(query);
      if (!folded) {
        return { matches: [] };
      }
      var ranked = [];
      territory.entries.forEach(function (commune) {
        var rank = commune.folded === folded ? 0 : commune.folded.indexOf(folded) === 0 ? 1 : (" " + commune.folded).indexOf(" " + folded) !== -1 ? 2 : -1;
        if (rank !== -1) {
          ranked.push({ commune: commune, rank: rank });
        }
      });
      ranked.sort(function (a, b) { return a.rank - b.rank || a.commune.name.localeCompare(b.commune.name, "fr"); });
      return { matches: ranked.map(function (entry) { return entry.commune; }) };
    }

    /** The closest names to a query that matched none: one edit for a short word, more for a longer one. */
    function suggest(query) {
      var folded = fold(query);
      var allowed = folded.length <= 4 ? 1 : folded.length <= 8 ? 2 : 3;
      var scored = [];
      territory.entries.forEach(function (commune) {
        // The whole name, or its beginning for a name still being typed (ranked after a whole name as close).
        var whole = distance(folded, commune.folded);
        var start = distance(folded, commune.folded.slice(0, folded.length)) + 0.5;
        var score = Math.min(whole, start);
        if (score <= allowed) {
          scored.push({ name: commune.name, score: score });
        }
      });
      scored.sort(function (a, b) { return a.score - b.score || a.name.localeCompare(b.name, "fr"); });
      var names = [];
      scored.forEach(function (entry) {
        if (names.length < MOST_SUGGESTED && names.indexOf(entry.name) === -1) {
          names.push(entry.name);
        }
      });
      return names;
    }

    function paragraph(text) {
      var element = document.createElement("p");
      element.textContent = text;
      return element;
    }

    /** One answer: its sentences, then its link. */
    function answerItem(container, found) {
      container.appendChild(document.createTextNode(found.text + " "));
      var link = document.createElement("a");
      link.href = found.href;
      link.textContent = found.link;
      container.appendChild(link);
    }

    function showCards(codes) {
      cards.forEach(function (card) {
        card.hidden = codes !== null && codes.indexOf(card.getAttribute("data-insee")) === -1;
      });
    }

    function apply() {
      var query = input.value.trim();
      answer.textContent = "";
      if (!query) {
        showCards(null);
        return;
      }
      if (failed) {
        answer.appendChild(paragraph(say(root, "echec", {})));
        showCards(null);
        return;
      }
      if (!territory) {
        answer.appendChild(paragraph(say(root, "chargement", {})));
        load();
        return;
      }
      var result = find(query);
      var described = result.matches.map(describe);
      showCards(described.filter(function (found) { return found.member; }).map(function (found) { return found.member.code; }));
      if (result.incomplete) {
        answer.appendChild(paragraph(say(root, "code-incomplet", {})));
      } else if (!described.length) {
        answer.appendChild(paragraph(say(root, "aucune", { saisie: query })));
        var names = /\d/.test(query) ? [] : suggest(query);
        if (names.length) {
          // « Vouliez-vous dire : {noms} ? », each name a button that answers for it.
          var parts = say(root, "suggestions", {}).split("{noms}");
          var line = paragraph(parts[0]);
          names.forEach(function (name, index) {
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = name;
            button.addEventListener("click", function () {
              input.value = name;
              apply();
              input.focus();
            });
            line.appendChild(document.createTextNode(index ? ", " : ""));
            line.appendChild(button);
          });
          line.appendChild(document.createTextNode(parts[1] || ""));
          answer.appendChild(line);
        } else {
          answer.appendChild(paragraph(say(root, "conseil", {})));
        }
      } else if (described.length === 1) {
        answerItem(answer.appendChild(document.createElement("p")), described[0]);
      } else {
        var shown = described.slice(0, MOST_SHOWN);
        var summary = result.postalCode
          ? say(root, "code-postal", { n: described.length, code: result.postalCode })
          : say(root, described.length > MOST_SHOWN ? "trop" : "plusieurs", { n: described.length, shown: shown.length, saisie: query });
        answer.appendChild(paragraph(summary));
        var items = document.createElement("ul");
        shown.forEach(function (found) { answerItem(items.appendChild(document.createElement("li")), found); });
        answer.appendChild(items);
      }
    }

    root.hidden = false;
    input.addEventListener("focus", load);
    input.addEventListener("input", apply);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
