/*
 * French search as readers type it, on Material's lunr (src/callcma/search_fold.py appends this file to the theme's
 * lunr.fr.min.js, the French language file that Material's search worker loads before it builds the index):
 *
 * - accents and plurals forgiven: « renovation » finds « rénovation », « artisans » finds « artisan »;
 * - numbers typed without their spaces: « 140000 » finds « 140 000 », « 46667 » finds « 46 667 »;
 * - one typo forgiven in a word of five letters or more, ranked after the exact words: « artisanna » finds
 *   « artisanal », « lievn » finds « Liévin »;
 * - a short title that is the word searched ranks before a long one that holds it among others: « Liévin »'s card
 *   before « Communauté d'agglomération de Lens-Liévin ».
 *
 * Nothing else changes in the theme's search, and the results still show the text as written (the worker
 * highlights by position).
 */
(function (lunr) {
  "use strict";

  // A typo's match counts this much of an exact match: found, but after every page that holds the word itself.
  var TYPO_BOOST = 0.1;
  // Words this long or longer forgive one typo; shorter ones would match too many other words.
  var TYPO_MIN_LENGTH = 5;
  // BM25's length normalisation (lunr's default; Material turns it off): a short section or title that holds the
  // word is more about it than a long one that also does.
  var LENGTH_NORMALISATION = 0.75;

  /**
   * One lower-case word without accents, ligatures or final plural mark. A light rule rather than lunr's Snowball
   * stemmer, on purpose: the search runs as the reader types, on word beginnings (Material adds « * » to each word),
   * and a stemmer cuts a half-typed word differently from the whole one (« renovat » stays, « renovation » becomes
   * « renov »). Short words (« pas », « les ») and words in « ss » keep their last letter.
   */
  function foldWord(word) {
    var folded = word.normalize("NFD").replace(/\p{M}+/gu, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
    return folded.length > 3 && /[^s][sx]$/.test(folded) ? folded.slice(0, -1) : folded;
  }

  function fold(token) {
    return token.update(foldWord);
  }

  lunr.Pipeline.registerFunction(fold, "fold-fr");

  /**
   * The tokens of a field, plus each grouped number written whole: « 140 000 » also gives « 140000 », at the
   * places of its groups, so that the reader's « 140000 » finds it and the whole number is highlighted. Groups are
   * three digits apart from the first, separated by spaces only (no-break ones included): « 2017-2020 » and
   * « 2019, 2026 » stay apart. Material's tokenizer notes where each token stands in lunr.tokenizer.table.
   */
  function withWholeNumbers(tokenize) {
    return function (input) {
      var tokens = tokenize.apply(this, arguments);
      if (typeof input !== "string") {
        return tokens;
      }
      var table = lunr.tokenizer.table;
      function place(token) {
        var position = token.metadata.position;
        var entry = table[position >>> 20][position & 0xfffff];
        return { start: entry >>> 12, end: (entry >>> 12) + (entry >>> 2 & 0x3ff) };
      }
      var whole = [];
      for (var first = 0; first < tokens.length; first++) {
        if (!/^\d{1,3}$/.test(tokens[first].toString())) {
          continue;
        }
        var last = first;
        while (
          last + 1 < tokens.length &&
          /^\d{3}$/.test(tokens[last + 1].toString()) &&
          /^\s+$/.test(input.slice(place(tokens[last]).end, place(tokens[last + 1]).start))
        ) {
          last++;
        }
        if (last > first) {
          var digits = tokens.slice(first, last + 1).map(String).join("");
          for (var group = first; group <= last; group++) {
            whole.push(new lunr.Token(digits, tokens[group].metadata));
          }
          first = last;
        }
      }
      return tokens.concat(whole);
    };
  }

  // lunr.fr sets up the index's pipelines; the wrapper adds the fold to both, keeping lunr.fr's parts
  // (stemmer, stop word filter, trimmer), which the worker looks up by name to remove unused ones.
  var french = lunr.fr;
  lunr.fr = Object.assign(function () {
    french.call(this);
    // After the stop word filter, whose list is accented; before the stemmer, should the site turn it on.
    this.pipeline.after(lunr.fr.stopWordFilter, fold);
    this.searchPipeline.before(lunr.fr.stemmer, fold);
    this.b(LENGTH_NORMALISATION);
    // Material sets its own tokenizer after the languages: whatever it sets also writes numbers whole.
    var tokenizer = this.tokenizer;
    Object.defineProperty(this, "tokenizer", {
      configurable: true,
      get: function () { return tokenizer; },
      set: function (tokenize) { tokenizer = withWholeNumbers(tokenize); }
    });
  }, french);

  /**
   * The words within one edit (a letter added, missing, changed, or two swapped) of ``term`` or of its beginning:
   * lunr's own automaton for one edit, whose every accepting state then accepts any ending, as « term* » does.
   */
  function typoTolerantPrefix(term) {
    var set = lunr.TokenSet.fromFuzzyString(term, 1);
    var anyEnding = new lunr.TokenSet();
    anyEnding.final = true;
    anyEnding.edges["*"] = anyEnding;
    var stack = [set];
    var seen = [];
    while (stack.length) {
      var node = stack.pop();
      if (seen.indexOf(node) !== -1) {
        continue;
      }
      seen.push(node);
      if (node.final) {
        node.edges = { "*": anyEnding }; // every word that starts here matches: its longer paths too
      } else {
        Object.keys(node.edges).forEach(function (edge) { stack.push(node.edges[edge]); });
      }
    }
    return set;
  }

  /**
   * A place of the text is highlighted once, whatever terms found it: « 140 » and « 140000 » both stand where « 140 »
   * is written, and Material's highlighter would wrap it twice, breaking the markup of the result.
   */
  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function () {
    var results = query.apply(this, arguments);
    results.forEach(function (result) {
      var seen = {};
      var metadata = result.matchData.metadata;
      Object.keys(metadata).forEach(function (term) {
        Object.keys(metadata[term]).forEach(function (field) {
          var places = seen[field] || (seen[field] = {});
          var found = metadata[term][field];
          if (found.position) {
            // A copy: lunr may hand out the index's own record of the places, which must stay whole.
            metadata[term][field] = Object.assign({}, found, {
              position: found.position.filter(function (place) {
                return places[place] ? false : (places[place] = true);
              })
            });
          }
        });
      });
    });
    return results;
  };

  var fromClause = lunr.TokenSet.fromClause;
  lunr.TokenSet.fromClause = function (clause) {
    return clause.typoTolerant ? typoTolerantPrefix(clause.term) : fromClause.call(this, clause);
  };

  // Material adds « * » to each searched word, and lunr skips the search pipeline for such words: fold them as the
  // query is built instead. A word Material leaves whole comes from a hyphenated one (« Lens-Liévin » gives « lens »
  // and « liévin* », twice): it is searched as its beginning too, and once, so that « Lens-Liévin » finds what
  // « Lens Liévin » finds, in the same order. Each word of five letters or more (not a number) also gets a second,
  // weaker clause that forgives one typo.
  var addClause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (clause) {
    var optional = (clause.presence || lunr.Query.presence.OPTIONAL) === lunr.Query.presence.OPTIONAL;
    if (optional && clause.usePipeline !== false && !("editDistance" in clause) && clause.term.indexOf("*") === -1) {
      clause.term += "*";
      clause.usePipeline = false;
    }
    if (clause.usePipeline === false) {
      clause.term = clause.term.replace(/[^*]+/g, foldWord);
    }
    this.searched = this.searched || {};
    if (optional && this.searched[clause.term]) {
      return this;
    }
    this.searched[clause.term] = true;
    var query = addClause.call(this, clause);
    var typed = /^[^*]+\*$/.test(clause.term) ? clause.term.slice(0, -1) : null;
    if (optional && typed && typed.length >= TYPO_MIN_LENGTH && !/^\d+$/.test(typed)) {
      addClause.call(this, {
        term: typed,
        fields: clause.fields,
        boost: clause.boost * TYPO_BOOST,
        usePipeline: false,
        presence: lunr.Query.presence.OPTIONAL,
        typoTolerant: true
      });
    }
    return query;
  };
})(self.lunr);
