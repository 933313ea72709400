"""The field's synonyms, expanded at query time (documents are indexed as written).

Each group lists ways of saying the same thing; a query term or phrase that equals one of them
(after stemming) matches any of them. Kept small and specific: a broad list would blur ranking.
"""

from functools import lru_cache

from search.text import stems

SYNONYM_GROUPS: dict[str, list[list[str]]] = {
    "nl": [
        ["pabo", "pedagogische academie basisonderwijs", "lerarenopleiding basisonderwijs"],
        ["pdg", "pedagogisch didactisch getuigschrift", "pedagogisch-didactisch getuigschrift"],
        ["zij-instroom", "zij-instromer", "zij-instromers"],
        ["SO&P", "samen opleiden en professionaliseren", "samen opleiden"],
        ["leeruitkomst", "leerresultaat"],
    ],
    "en": [
        ["pabo", "primary teacher education"],
        ["pdg", "pedagogical didactic certificate"],
        ["career switcher", "career changer", "zij-instroom"],
        ["SO&P", "samen opleiden en professionaliseren", "school-based teacher education"],
        ["learning outcome", "leeruitkomst"],
    ],
}


@lru_cache(maxsize=4)
def _groups(language: str) -> list[list[tuple[str, ...]]]:
    return [
        sorted({tuple(stems(phrase, language)) for phrase in group})
        for group in SYNONYM_GROUPS.get(language, SYNONYM_GROUPS["nl"])
    ]


def alternatives(term: tuple[str, ...], language: str) -> list[tuple[str, ...]]:
    """The term itself followed by every synonym of it (as stem tuples; longer ones are phrases)."""
    for group in _groups(language):
        if term in group:
            return [term, *(alt for alt in group if alt != term and alt)]
    return [term]
