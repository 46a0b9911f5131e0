"""Country codes and names, from pycountry's ISO 3166 list and its translations.

Only used when data is compiled or validated: the names search and display need are stored in
the compiled knowledge base, so ordinary commands never import pycountry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

#: UN official languages besides English whose country names search should know.
LANGUAGES = ("fr", "es", "ru", "ar", "zh_CN")

# Names already worked out (from the shipped compiled data), so that compiling a network's
# overlay does not need pycountry unless it names a country the shipped data does not.
_KNOWN: dict[str, object] = {}


def seed(codes: list[str], names_by_code: dict[str, list[str]], display: dict[str, str]) -> None:
    """Remember codes and names computed earlier."""
    _KNOWN.update(codes=frozenset(codes), names=names_by_code, display=display)


def is_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code such as PHL."""
    codes = _KNOWN.get("codes") or _codes()
    return isinstance(code, str) and len(code) == 3 and code.isupper() and code in codes  # type: ignore[operator]


def display_name(code: str) -> str:
    """The short English name of a country: 'Viet Nam', 'Iran', 'Russian Federation'."""
    known = _KNOWN.get("display")
    if isinstance(known, dict) and code in known:
        return str(known[code])
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def names(code: str) -> list[str]:
    """Every name search should know for a country: its short, common and official names, in
    English and the other UN languages, as pycountry has them."""
    known = _KNOWN.get("names")
    if isinstance(known, dict) and code in known:
        return list(known[code])
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return [code]
    english = [getattr(country, attr, None) for attr in ("name", "common_name", "official_name")]
    out = [n for n in english if n]
    for translate in _translators():
        out.extend(translate(n) for n in english if n)
    for name in list(out):
        if ", " in name:
            # "Iran, Islamic Republic of" is also "Iran" and "Islamic Republic of Iran";
            # "Russie, Fédération de" is also "Russie" and "Fédération de Russie"
            head, tail = name.split(", ", 1)
            out += [head, f"{tail} {head}"]
    return list(dict.fromkeys(out))


def all_codes() -> list[str]:
    """Every ISO 3166-1 alpha-3 code."""
    known = _KNOWN.get("codes")
    return sorted(known if isinstance(known, frozenset) else _codes())


@functools.cache
def _codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


@functools.cache
def _translators() -> tuple[Callable[[str], str], ...]:
    import gettext

    import pycountry

    out = []
    for lang in LANGUAGES:
        try:
            out.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext)
        except OSError:
            continue
    return tuple(out)
