"""Sphinx extension: a workaround that makes the Chinese edition's search work on Sphinx 9.0.

Sphinx 9.0's Chinese search splits words with jieba and stems the Latin ones with the English
stemmer, but the JavaScript it writes ends with ``window.Stemmer = ChineseStemmer``, a class
that does not exist: every search page of the edition stops with "ChineseStemmer is not
defined" (sphinx-doc/sphinx#14229, fixed by sphinx-doc/sphinx#14416, in no release up to 9.0.4).
The class name comes from ``language_name``, so the search language is registered again under
the name of the stemmer it uses. ``tests/test_translation.py``
(``test_sphinx_still_names_a_chinese_stemmer_that_does_not_exist``) fails once a Sphinx
release is fixed; then delete this module.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese


class ChineseWithEnglishStemmer(SearchChinese):
    language_name = "English"  # the JavaScript stemmer SearchChinese ships


def setup(app: Sphinx) -> dict[str, object]:
    app.add_search_language(ChineseWithEnglishStemmer)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
