"""Georgian for the msgids added by the vc2 review fixes (verify.py, verify_credential)."""

KA = {
    "The proof has no valid creation time (created, an XML date and time).": (
        "ხელმოწერას არ აქვს შექმნის სწორი დრო (created, XML-ის ფორმატის თარიღი და დრო)."
    ),
    "The key {key} was retired on {date}: it signed this afterwards.": (
        "გასაღები {key} გამოყენებიდან {date}-ს ამოიღეს, ეს კი მას შემდეგ აქვს ხელმოწერილი."
    ),
    "The status list has no date (validFrom): its age is unknown.": (
        "სტატუსის სიას თარიღი (validFrom) არ აქვს: უცნობია, რამდენად ძველია."
    ),
    "Not revoked, according to the issuer's status list as of {date}.": (
        "გამცემის სტატუსის სიის მიხედვით, {date}-ის მდგომარეობით გაუქმებული არ არის."
    ),
    "The status list is of {date}: older than the {days} day allowed on the checking date. "
    "Get a fresh one.": (
        "სტატუსის სია {date}-ისაა: შემოწმების დღისთვის ის დასაშვებ {days} დღეზე ძველია. "
        "მოიპოვეთ ახალი.",
        "სტატუსის სია {date}-ისაა: შემოწმების დღისთვის ის დასაშვებ {days} დღეზე ძველია. "
        "მოიპოვეთ ახალი.",
    ),
    "--max-list-age takes a number of days, 0 or more.": (
        "--max-list-age პარამეტრს დღეების რაოდენობა სჭირდება: 0 ან მეტი."
    ),
}
