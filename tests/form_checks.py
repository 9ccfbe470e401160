"""What a screen reader needs of a form, checked on rendered HTML: every control has a
name, every invalid control says why, the error summary links to real fields."""

UNNAMED_TYPES = {"hidden", "submit", "button", "reset", "image"}


def controls(root):
    """The form controls a person fills in (inputs, selects, text areas) under `root`."""
    return [
        element
        for element in root.select("input, select, textarea")
        if element.get("type", "text").lower() not in UNNAMED_TYPES
    ]


def _text(element):
    return element.get_text(" ", strip=True) if element else ""


def accessible_name(control, document):
    """The control's name from a `<label for>`, a wrapping label, aria-label or
    aria-labelledby ("" when it has none; a placeholder or title does not count)."""
    if control.get("aria-label", "").strip():
        return control["aria-label"].strip()
    ids = control.get("aria-labelledby", "").split()
    if ids:
        return " ".join(_text(document.find(id=i)) for i in ids).strip()
    if control.get("id"):
        names = [_text(label) for label in document.find_all("label", attrs={"for": control["id"]})]
        if any(names):
            return " ".join(names)
    wrapping = control.find_parent("label")
    return _text(wrapping)


def unlabelled(root, document=None):
    """Descriptions of the controls under `root` that have no accessible name."""
    document = document or root
    return [
        f"<{c.name} name={c.get('name')!r} id={c.get('id')!r}>"
        for c in controls(root)
        if not accessible_name(c, document)
    ]


def broken_descriptions(root, document=None):
    """Invalid controls without an aria-describedby, or describing themselves by ids
    that are not on the page."""
    document = document or root
    problems = []
    for control in root.select('[aria-invalid="true"]'):
        ids = control.get("aria-describedby", "").split()
        if not ids:
            problems.append(f"{control.get('name')!r}: no aria-describedby")
        problems += [
            f"{control.get('name')!r}: no element #{i}" for i in ids if not document.find(id=i)
        ]
    return problems


def summary_links(form):
    """{href: link text} of the error summary's links (it must be in the form)."""
    summary = form.select_one("#error-summary")
    assert summary is not None, "no error summary in the form"
    return {link["href"]: _text(link) for link in summary.select("a[href^='#']")}


def first_in_form(form):
    """The first element of the form that is not its CSRF token."""
    for element in form.find_all(True, recursive=False):
        if element.name == "input" and element.get("type") == "hidden":
            continue
        return element
    return None
