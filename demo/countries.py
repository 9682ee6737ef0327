"""The demo's 28 nationalities, weighted like the October exodus, with what differs per country."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    country: str  # ISO 3166-1 alpha-2
    weight: float  # share of arrivals
    languages: tuple[str, ...]  # ISO 639-3; the first is usually the primary language
    calling_code: str
    cities: tuple[str, ...]
    platforms: tuple[str, ...]  # HTCDS platform values recruiters used most


_SOCIAL = ("Facebook", "Telegram", "WhatsApp", "TikTok", "Line")

# Chinese the largest group, Indians about a third, Filipinos about one in eight, then 25 more.
ORIGINS = [
    Origin(
        "CN",
        0.36,
        ("cmn", "yue"),
        "86",
        ("Fuzhou", "Kunming", "Chongqing", "Wenzhou"),
        ("WeChat", "QQ", "Telegram"),
    ),
    Origin(
        "IN",
        0.33,
        ("hin", "tam", "tel", "mal", "pan"),
        "91",
        ("Chennai", "Hyderabad", "Kochi", "Delhi", "Mumbai"),
        ("WhatsApp", "Facebook", "Telegram", "Instagram"),
    ),
    Origin(
        "PH",
        0.125,
        ("tgl", "ceb"),
        "63",
        ("Manila", "Cebu", "Davao"),
        ("Facebook", "FacebookMessenger", "TikTok"),
    ),
    Origin("PK", 0.03, ("urd", "pan"), "92", ("Lahore", "Karachi"), ("WhatsApp", "Facebook")),
    Origin("VN", 0.025, ("vie",), "84", ("Hanoi", "Ho Chi Minh City"), ("Facebook", "Telegram")),
    Origin("MM", 0.02, ("mya",), "95", ("Yangon", "Mandalay"), ("Facebook", "Telegram")),
    Origin("TH", 0.012, ("tha",), "66", ("Bangkok", "Chiang Mai"), ("Line", "Facebook")),
    Origin("TW", 0.012, ("cmn", "nan"), "886", ("Taipei", "Kaohsiung"), ("Line", "Facebook")),
    Origin("ID", 0.012, ("ind",), "62", ("Jakarta", "Medan"), ("WhatsApp", "Facebook", "Instagram")),
    Origin("ET", 0.01, ("amh",), "251", ("Addis Ababa",), ("Telegram", "Facebook")),
    Origin("KE", 0.008, ("swh", "eng"), "254", ("Nairobi", "Mombasa"), ("WhatsApp", "Facebook")),
    Origin("LK", 0.006, ("sin", "tam"), "94", ("Colombo",), ("WhatsApp", "Facebook")),
    Origin("NP", 0.006, ("npi",), "977", ("Kathmandu",), ("Facebook", "TikTok")),
    Origin("BD", 0.006, ("ben",), "880", ("Dhaka",), ("Facebook", "WhatsApp")),
    Origin("UG", 0.005, ("lug", "eng"), "256", ("Kampala",), ("WhatsApp", "Facebook")),
    Origin("NG", 0.005, ("yor", "ibo", "hau"), "234", ("Lagos",), ("WhatsApp", "Instagram")),
    Origin("MY", 0.005, ("zsm",), "60", ("Kuala Lumpur",), ("Facebook", "WhatsApp")),
    Origin("LA", 0.004, ("lao",), "856", ("Vientiane",), ("Facebook",)),
    Origin("KH", 0.004, ("khm",), "855", ("Phnom Penh",), ("Facebook", "Telegram")),
    Origin("GH", 0.003, ("aka", "eng"), "233", ("Accra",), ("WhatsApp",)),
    Origin("TZ", 0.003, ("swh",), "255", ("Dar es Salaam",), ("WhatsApp",)),
    Origin("BR", 0.003, ("por",), "55", ("Sao Paulo",), ("Instagram", "WhatsApp")),
    Origin("EG", 0.002, ("arz",), "20", ("Cairo",), ("Facebook",)),
    Origin("UZ", 0.002, ("uzn", "rus"), "998", ("Tashkent",), ("Telegram",)),
    Origin("KZ", 0.002, ("kaz", "rus"), "7", ("Almaty",), ("Telegram",)),
    Origin("KR", 0.002, ("kor",), "82", ("Seoul",), ("Telegram",)),
    Origin("JP", 0.002, ("jpn",), "81", ("Osaka",), ("Line",)),
    Origin("RU", 0.001, ("rus",), "7", ("Novosibirsk",), ("Telegram",)),
]
ORIGIN_WEIGHTS = [origin.weight for origin in ORIGINS]
SOCIAL_PLATFORMS = _SOCIAL
