"""`kamerzoek harvest`: Kamerbrieven from the official open-data sources into a corpus folder.

Two sources, one module each: KOOP's repository of official publications (SRU, ``koop``) and
the Tweede Kamer's open data (OData, ``tk``). ``http`` is the polite client both use,
``store`` the corpus layout and the state file, ``run`` one harvest run over the sources.
"""
from .http import Client, FetchError, Politeness
from .run import HarvestOptions, HarvestReport, Harvester, SOURCES

__all__ = ["Client", "FetchError", "Politeness", "HarvestOptions", "HarvestReport", "Harvester", "SOURCES"]
