/*
 * French search that forgives accents and plurals: « renovation » finds « rénovation », « artisans »
 * finds « artisan ». scripts/mkdocs_hooks.py appends this file to the theme's lunr.fr.min.js, the French
 * language file that Material's search worker loads before it builds the index; nothing else changes in
 * the theme's search, and the results still show the text as written (the worker highlights by position).
 *
 * Each indexed word and each searched word is folded the same way: accents and ligatures off, then a final
 * plural « s » or « x » off. A light rule rather than lunr's Snowball stemmer, on purpose: the search runs
 * as the reader types, on word beginnings (Material adds « * » to each word), and a stemmer cuts a
 * half-typed word differently from the whole one (« renovat » stays, « renovation » becomes « renov »).
 */
(function (lunr) {
  "use strict";

  /** One lower-case word without accents, ligatures or final plural mark. */
  function foldWord(word) {
    var folded = word.normalize("NFD").replace(/\p{M}+/gu, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
    // Short words (« pas », « les ») and words in « ss » keep their last letter.
    return folded.length > 3 && /[^s][sx]$/.test(folded) ? folded.slice(0, -1) : folded;
  }

  function fold(token) {
    return token.update(foldWord);
  }

  lunr.Pipeline.registerFunction(fold, "fold-fr");

  // lunr.fr sets up the index's pipelines; the wrapper adds the fold to both, keeping lunr.fr's parts
  // (stemmer, stop word filter, trimmer), which the worker looks up by name to remove unused ones.
  var french = lunr.fr;
  lunr.fr = Object.assign(function () {
    french.call(this);
    // After the stop word filter, whose list is accented; before the stemmer, should the site turn it on.
    this.pipeline.after(lunr.fr.stopWordFilter, fold);
    this.searchPipeline.before(lunr.fr.stemmer, fold);
  }, french);

  // Material adds « * » to each searched word, and lunr skips the search pipeline for such words:
  // fold them as the query is built instead.
  var addClause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (clause) {
    if (clause.usePipeline === false) {
      clause.term = clause.term.replace(/[^*]+/g, foldWord);
    }
    return addClause.call(this, clause);
  };
})(self.lunr);
