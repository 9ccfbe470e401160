"""Georgian for the strings of the `labels` branch (human labels, the demo's port, our 404
in debug, the consortium's "ready" email). Folded into ka_strings.py at merge."""

KA = {
    # a person's name (contact people, the certificate's signatories): not "სახელწოდება"
    ("person", "Name"): "სახელი და გვარი",
    ("person", "name (Georgian)"): "სახელი და გვარი (ქართულად)",
    ("person", "name (English)"): "სახელი და გვარი (ინგლისურად)",
    # the outbox event of the consortium's email
    "ready for the consortium's decision (to its members)": "კონსორციუმის გადაწყვეტილების მოლოდინში (წევრებს)",
    # the applications listing, the expert's and the consortium's lists
    "renewal": "განახლება",
}
