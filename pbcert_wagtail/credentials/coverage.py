"""What a Data Integrity signature covers: only the RDF statements the document converts
to. Anything else in the JSON can be changed, added or removed without breaking the
signature, so it must be refused (before signing) or reported (when verifying).

Two ways JSON-LD throws content away without an error, each checked here:
- keys no context defines, and "@…" keys that are not keywords ("@comment"): expansion
  drops them — caught by the expand/compact round trip;
- statements RDF has no place for: a node whose id is not an absolute IRI
  ("urn:x y", "http://exa mple/"), a relative property, "@index", "@direction" —
  `to_rdf` (what canonicalisation signs) drops them — caught by turning the document into
  triples and checking that every statement of its expanded form is among them.
"""

import itertools

from pyld import jsonld

from . import loader

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE, RDF_FIRST, RDF_REST, RDF_NIL = (RDF + n for n in ("type", "first", "rest", "nil"))

# Keywords of the compact form that carry no statement of their own (checked elsewhere or
# only shaping the rest); any other "@…" key in a document is refused.
_SHAPING_KEYWORDS = {"@context"}
# The aliases the contexts we use define for @id and @type (compaction writes these).
_KEYWORD_ALIASES = {"@id": "id", "@type": "type"}
# Blank nodes are given these IRIs for the check, so triples can be matched to nodes.
_LABEL = "urn:pbcert:coverage:"


def lost_keys(document) -> list[str]:
    """Keys (as dotted paths) of `document` that its signature would not cover: lost by
    the expand/compact round trip, or by the conversion to RDF."""
    context = document.get("@context")
    expanded = jsonld.expand(document, loader.options())
    compacted = jsonld.compact(expanded, {"@context": context}, loader.options())
    lost = []
    _compare(document, compacted, "", lost)
    for path in unsigned_statements(expanded, context):
        if path not in lost:
            lost.append(path)
    return lost


def _compare(original, compacted, path, lost):
    if isinstance(original, list):
        kept = compacted if isinstance(compacted, list) else [compacted]
        if len(kept) != len(original):
            # An element vanished: find it by trying to match each one (order is kept).
            kept = kept + [None] * (len(original) - len(kept))
        for i, item in enumerate(original):
            _compare(item, kept[i] if i < len(kept) else None, f"{path}[{i}]", lost)
        return
    if not isinstance(original, dict):
        return
    if isinstance(compacted, list) and len(compacted) == 1:
        compacted = compacted[0]
    if isinstance(compacted, str):
        # A node reference {"id": …} compacts to its IRI where the term has @type @id.
        compacted = {"id": compacted, "@id": compacted, "@value": compacted}
    if not isinstance(compacted, dict):
        compacted = {}
    for key, value in original.items():
        if key in _SHAPING_KEYWORDS:
            continue
        where = f"{path}.{key}" if path else key
        if key in compacted:
            _compare(value, compacted[key], where, lost)
        elif _KEYWORD_ALIASES.get(key) in compacted:
            _compare(value, compacted[_KEYWORD_ALIASES[key]], where, lost)
        else:
            lost.append(where)  # undefined, or an "@…" key JSON-LD ignores


def unsigned_statements(expanded, context) -> list[str]:
    """Paths of the statements of expanded JSON-LD that its RDF form (what is signed)
    does not contain."""
    labelled = _labelled(expanded)
    dataset = jsonld.to_rdf(labelled, loader.options())
    triples = _Triples(dataset)
    missing = []
    for node in labelled:
        _check_node(node, [], triples, missing)
    return [_path_text(path, context) for path in missing]


def _labelled(expanded):
    """A copy of expanded JSON-LD in which every node has an IRI (blank nodes become
    urn:pbcert:coverage:N), so each triple can be traced to the node it came from."""
    counter = itertools.count()
    names = {}

    def fresh(old=None):
        if old is None:
            return f"{_LABEL}{next(counter)}"
        if old not in names:
            names[old] = f"{_LABEL}{next(counter)}"
        return names[old]

    def blank(value):
        return isinstance(value, str) and value.startswith("_:")

    def walk(item):
        if isinstance(item, list):
            return [walk(i) for i in item]
        if not isinstance(item, dict) or "@value" in item:
            return item
        if "@list" in item:
            return {**item, "@list": walk(item["@list"])}
        out = {}
        for key, value in item.items():
            if key == "@id":
                out[key] = fresh(value) if blank(value) else value
            elif key == "@type":
                out[key] = [fresh(t) if blank(t) else t for t in value]
            elif key == "@reverse":
                out[key] = {prop: walk(nodes) for prop, nodes in value.items()}
            else:
                out[key] = walk(value)
        out.setdefault("@id", fresh())
        return out

    return walk(expanded if isinstance(expanded, list) else [expanded])


class _Triples:
    """The triples of a dataset, by (subject, predicate), and its list nodes."""

    def __init__(self, dataset):
        self.objects = {}
        self.first, self.rest = {}, {}
        for triples in dataset.values():
            for triple in triples:
                subject = triple["subject"]["value"]
                predicate = triple["predicate"]["value"]
                obj = triple["object"]
                if obj is None:
                    continue  # PyLD keeps a dropped list item as None
                if triple["subject"]["type"] == "blank node" and predicate == RDF_FIRST:
                    self.first[subject] = obj
                elif triple["subject"]["type"] == "blank node" and predicate == RDF_REST:
                    self.rest[subject] = obj["value"]
                self.objects.setdefault((subject, predicate), []).append(obj)

    def has(self, subject, predicate, want) -> bool:
        return any(_matches(obj, want) for obj in self.objects.get((subject, predicate), []))

    def lists(self, subject, predicate):
        """The items (RDF objects) of each list that is a value of (subject, predicate)."""
        for obj in self.objects.get((subject, predicate), []):
            if obj["type"] == "blank node" or obj["value"] == RDF_NIL:
                items, node, seen = [], obj["value"], set()
                while node != RDF_NIL and node in self.first and node not in seen:
                    seen.add(node)
                    items.append(self.first[node])
                    node = self.rest.get(node, RDF_NIL)
                yield items


def _matches(obj, want) -> bool:
    """Whether an RDF object is the expanded JSON-LD value `want` (a node: its IRI; a
    string: its text; other literals: any literal, their lexical form is PyLD's)."""
    if "@value" in want:
        if obj["type"] != "literal":
            return False
        value = want["@value"]
        return want.get("@type") == "@json" or not isinstance(value, str) or obj["value"] == value
    return obj["type"] == "IRI" and obj["value"] == want.get("@id")


def _check_node(node, path, triples, missing):
    subject = node.get("@id")
    if not jsonld._is_absolute_iri(subject):
        missing.append([*path, ("@id", None, node)])
    for key, values in node.items():
        if key == "@id":
            continue
        if key == "@type":
            for index, value in enumerate(values):
                if not triples.has(subject, RDF_TYPE, {"@id": value}):
                    missing.append([*path, ("@type", _index(values, index), node)])
        elif key in ("@graph", "@included"):
            for item in values:
                _check_node(item, path, triples, missing)
        elif key == "@reverse":
            for prop, nodes in values.items():
                for index, item in enumerate(nodes):
                    where = [*path, ("@reverse", None, node), (prop, _index(nodes, index), item)]
                    if not triples.has(item.get("@id"), prop, {"@id": subject}):
                        missing.append(where)
                    _check_node(item, where, triples, missing)
        elif key.startswith("@"):
            missing.append([*path, (key, None, node)])  # @index…: RDF has no place for it
        else:
            for index, value in enumerate(values):
                where = [*path, (key, _index(values, index), node)]
                _check_value(subject, key, value, where, triples, missing)


def _check_value(subject, prop, value, where, triples, missing):
    if "@value" in value:
        if "@direction" in value or "@index" in value or not triples.has(subject, prop, value):
            missing.append(where)
    elif "@list" in value:
        items = value["@list"]
        if not any(
            len(found) == len(items) and all(map(_matches, found, items))
            for found in triples.lists(subject, prop)
        ):
            missing.append(where)
        for item in items:
            if "@value" not in item and "@list" not in item:
                _check_node(item, where, triples, missing)
    else:
        if not triples.has(subject, prop, value):
            missing.append(where)
        _check_node(value, where, triples, missing)


def _index(values, index):
    return index if len(values) > 1 else None


def _path_text(path, context) -> str:
    """A dotted path of compact names, e.g. evidence[0].narrative."""
    parts = []
    for key, index, parent in path:
        name = {"@id": "id", "@type": "type"}.get(key) or _term(key, parent, context)
        parts.append(name if index is None else f"{name}[{index}]")
    return ".".join(parts)


def _term(iri, parent, context) -> str:
    """The term the context gives `iri` on a node like `parent` (its type-scoped terms
    included), else the IRI itself."""
    if iri.startswith("@"):
        return iri
    probe = {"@id": "urn:pbcert:probe", iri: parent.get(iri, [])[:1] or [{"@value": "x"}]}
    if parent.get("@type"):
        probe["@type"] = parent["@type"]
    try:
        compacted = jsonld.compact(probe, {"@context": context}, loader.options())
    except jsonld.JsonLdError:
        return iri
    names = [k for k in compacted if k not in ("@context", "id", "type", "@id", "@type")]
    return names[0] if len(names) == 1 else iri
