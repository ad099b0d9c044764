"""Turn the sourced facts under data/ into the Markdown pages and open data of the site."""
