"""Georgian translations of the badge's strings (issue 19), for scripts/fill_po.py."""

KA = {
    # the badge (pbcert_wagtail/badges.py)
    "Participatory budgeting": "სამოქალაქო ბიუჯეტი",
    "Certified %(year)s": "სერტიფიცირებულია %(year)s",
    "%(year)s: expired": "%(year)s: ვადაგასულია",
    "%(year)s: revoked": "%(year)s: გაუქმებულია",
    "Valid from %(date)s": "მოქმედებს %(date)s-დან",
    "Was valid until %(date)s": "მოქმედებდა %(date)s-მდე",
    "valid until %(date)s": "მოქმედებს %(date)s-მდე",
    "not yet valid, valid from %(date)s": "ჯერ არ მოქმედებს, ძალაში შედის %(date)s",
    "expired, it was valid until %(date)s": "ვადაგასულია, მოქმედებდა %(date)s-მდე",
    "revoked on %(date)s": "გაუქმდა %(date)s",
    "%(municipality)s — participatory budgeting certificate %(year)s: %(status)s": "%(municipality)s — სამოქალაქო ბიუჯეტის სერტიფიკატი %(year)s: %(status)s",
    "%(municipality)s — participatory budgeting certificate, current status": "%(municipality)s — სამოქალაქო ბიუჯეტის სერტიფიკატი, მიმდინარე სტატუსი",
    # the registry page (badges/embed.html)
    "A badge for your website": "ბეჯი თქვენი ვებგვერდისთვის",
    "The badge always shows the certificate's state today: when the certificate expires or is revoked, it turns grey and says so, and it links to this page. Copy this HTML into your website where the badge should appear.": "ბეჯი ყოველთვის სერტიფიკატის დღევანდელ სტატუსს აჩვენებს: როცა სერტიფიკატს ვადა გაუვა ან გაუქმდება, ბეჯი ნაცრისფერი ხდება და ამას პირდაპირ წერს. ბეჯი ამ გვერდს უკავშირდება. დააკოპირეთ ეს HTML და ჩასვით თქვენი ვებგვერდის იმ ადგილას, სადაც ბეჯი უნდა გამოჩნდეს.",
    "HTML of the badge, to copy": "ბეჯის HTML კოდი დასაკოპირებლად",
    "Copy the HTML": "HTML კოდის დაკოპირება",
    "Copied.": "დაკოპირდა.",
    "The HTML is selected: press Ctrl+C (⌘C on a Mac) to copy it.": "HTML კოდი მონიშნულია: დასაკოპირებლად დააჭირეთ Ctrl+C-ს (Mac-ზე ⌘C-ს).",
    "For a website that cannot show SVG images:": "ვებგვერდისთვის, რომელიც SVG სურათებს ვერ აჩვენებს:",
    "the badge as PNG": "ბეჯი PNG ფორმატში",
    "PNG with the signed credential inside (Open Badges)": "PNG ხელმოწერილი ციფრული სერტიფიკატით (Open Badges)",
}
