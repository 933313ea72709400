"""Text analysis shared by indexing and querying: normalise, tokenise, drop stop words, stem.

Documents and queries go through the same functions, so SQLite (FTS5) and PostgreSQL (tsvector
with the 'simple' configuration) see the very same stems and therefore agree on what matches.
The Snowball Dutch stemmer used here is the algorithm behind PostgreSQL's 'dutch' configuration;
running it in Python is what makes it available on SQLite too.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

TOKEN_RE = re.compile(r"[a-z0-9]+")
# "SO&P" and "zij-instroom" are single terms in this field: join them before splitting, in
# documents and queries alike, so "zij-instroom", "zij instroom" (via synonyms) and
# "zijinstroom" all meet.
AMPERSAND_RE = re.compile(r"(?<=\w)\s*&\s*(?=\w)")
HYPHEN_RE = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")

STEMMER_LANGUAGES = {"nl": "dutch", "en": "english"}

DUTCH_STOP_WORDS = (
    "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door "
    "dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun "
    "iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar "
    "niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit "
    "uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich "
    "zij zijn zo zonder zou"
)
ENGLISH_STOP_WORDS = (
    "a about after all also an and are as at be been but by can could do does for from had "
    "has have he her his how i if in into is it its may more no not of on or our she so "
    "than that the their them then there these they this to too was we were what when "
    "which who will with would you your"
)
STOP_WORDS = {
    "nl": frozenset(DUTCH_STOP_WORDS.split()),
    "en": frozenset(ENGLISH_STOP_WORDS.split()),
}


def language_of(code: str) -> str:
    """The analysis language for a locale code; anything unknown is treated as Dutch."""
    return code if code in STEMMER_LANGUAGES else "nl"


def normalise(text: str) -> str:
    """Lower case, accents folded (é -> e), compounds joined."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return HYPHEN_RE.sub("", AMPERSAND_RE.sub("en", text))


def words(text: str) -> list[str]:
    return TOKEN_RE.findall(normalise(text))


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=4)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMER_LANGUAGES[language_of(language)])


def is_stop_word(word: str, language: str) -> bool:
    return word in STOP_WORDS[language_of(language)]


def stems(text: str, language: str) -> list[str]:
    """The searchable stems of a text, in order, without stop words."""
    return [stem(word, language) for word in words(text) if not is_stop_word(word, language)]


def stem_text(text: str, language: str) -> str:
    """What the index stores and matches: stems separated by single spaces."""
    return " ".join(stems(text, language))
