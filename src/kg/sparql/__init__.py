"""SPARQL: stores on three engines (:mod:`.stores`), the named-query library
(:mod:`.named`), result formats (:mod:`.formats`), the guarded server
(:mod:`.server`) and uploads (:mod:`.push`).
"""

#: ``--store`` choices: auto = Oxigraph embedded, memory = rdflib, endpoint = a remote SPARQL endpoint.
STORES = ("auto", "memory", "oxigraph", "endpoint")
#: ``--format`` choices for results: W3C SPARQL CSV/TSV/JSON, a table for people, Markdown.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "md")
