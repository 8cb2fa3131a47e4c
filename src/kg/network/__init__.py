"""The plan network: typed tasks and units built once from the named queries (:mod:`.plan`),
analytics on it (:mod:`.analytics`) and GraphML/GEXF export (:mod:`.export`).

The names a user chooses among live here, light to import, so the CLI's
choices and the modules that implement them read one list.
"""

#: ``kg analyze`` analyses, implemented by :func:`kg.network.analytics.analyse`.
ANALYSES = ("workload", "coordination", "brokers", "clusters", "risks", "partners")
#: ``kg export`` file formats and views.
EXPORT_FORMATS = ("graphml", "gexf")
EXPORT_VIEWS = ("coordination", "plan")
