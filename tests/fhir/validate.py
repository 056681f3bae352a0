"""Validates a FHIR R4 export of the clinic with the `fhir.resources` models (R4, 4.0.1).

Usage: python3 validate.py FILE   (a Bundle, or NDJSON with one resource a line)

Each resource is parsed by its R4 model (pydantic): required elements, types and formats
(dates, instants, ids), and no element R4 does not define. The models also carry R4's
bindings, which parsing leaves unchecked; they are checked here from the same metadata:
every code of a required binding (statuses, genders, ...) is one of its value set's codes,
and every reference names a resource type R4 allows there. Then, across the export: ids are
unique per type and every reference resolves to a resource in it.

Prints "valid: N resources (…)" and exits 0, or prints each problem and exits 1.
"""

import json
import sys
from collections import Counter

from fhir.resources import construct_fhir_element
from fhir.resources.core.fhirabstractmodel import FHIRAbstractModel


def resources(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    stripped = text.lstrip()
    if stripped.startswith("{") and '"resourceType":"Bundle"' in stripped[:200].replace(" ", ""):
        bundle = json.loads(text)
        # The Bundle itself, then each entry on its own, so every bad one is named.
        try:
            model = construct_fhir_element("Bundle", {**bundle, "entry": []})
        except Exception as e:
            yield None, f"the Bundle: {e}"
            return
        if model.type != "collection":
            yield None, f"the Bundle is of type {model.type!r}, not 'collection'"
        for i, entry in enumerate(bundle.get("entry", [])):
            yield entry["resource"], f"entry {i}"
    else:
        for i, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield json.loads(line), f"line {i}"


def walk(model, where, problems, references):
    """Checks the bindings and collects the references under `model`."""
    for name, field in model.__fields__.items():
        value = getattr(model, name, None)
        if value is None:
            continue
        extra = field.field_info.extra
        values = value if isinstance(value, list) else [value]
        allowed = extra.get("enum_values")
        if allowed:
            for v in values:
                if isinstance(v, str) and v not in allowed:
                    problems.append(f"{where}.{name}: {v!r} is not one of {allowed}")
        targets = extra.get("enum_reference_types")
        for v in values:
            if isinstance(v, FHIRAbstractModel):
                if targets and getattr(v, "reference", None):
                    kind = v.reference.split("/")[0]
                    if kind not in targets and "Resource" not in targets:
                        problems.append(
                            f"{where}.{name}: a {kind} may not be referred to here ({targets})"
                        )
                    references.append((where, v.reference))
                walk(v, f"{where}.{name}", problems, references)


def main(path):
    problems, references, seen = [], [], Counter()
    ids = set()
    for resource, where in resources(path):
        if resource is None:
            problems.append(where)
            continue
        kind = resource.get("resourceType")
        try:
            model = construct_fhir_element(kind, resource)
        except Exception as e:  # the model's own sentence says what is wrong
            problems.append(f"{where} ({kind}/{resource.get('id')}): {e}")
            continue
        key = f"{kind}/{model.id}"
        if key in ids:
            problems.append(f"{where}: {key} appears twice")
        ids.add(key)
        seen[kind] += 1
        walk(model, key, problems, references)
    for where, ref in references:
        if ref not in ids:
            problems.append(f"{where}: {ref} is not in the export")
    if problems:
        for p in problems:
            print(p)
        sys.exit(1)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(seen.items()))
    print(f"valid: {sum(seen.values())} resources ({kinds}), {len(references)} references resolved")


if __name__ == "__main__":
    main(sys.argv[1])
