#!/usr/bin/env python3
"""Compares two sets of synthesized CloudFormation templates by meaning: the golden check of a refactoring.

    python3 scripts/template-diff.py BEFORE_DIR AFTER_DIR

Each directory holds <example>/<stack>.template.json (test-reports/examples after scripts/examples-synth.sh).
Key order does not count; the JSON documents CloudFormation carries as strings (Helm values, Kubernetes
manifests) are parsed and compared the same way, with every token (Ref, Fn::GetAtt, ...) inside them kept as
written. Prints every difference by resource and path, and a summary line per template; exits 1 on any difference.
"""
import json
import pathlib
import sys


def flatten(value):
    """An Fn::Join of strings and tokens as one string, each token as ${<its JSON>} (so a joined JSON document parses)."""
    if isinstance(value, dict) and list(value) == ["Fn::Join"] and value["Fn::Join"][0] == "":
        return "".join(part if isinstance(part, str) else "${" + json.dumps(part, sort_keys=True) + "}"
                       for part in value["Fn::Join"][1])
    return value


def normalize(value):
    value = flatten(value)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return {"<json>": normalize(json.loads(value))}
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: normalize(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [normalize(item) for item in value]
    return value


def differences(before, after, path):
    if type(before) is not type(after):
        yield f"{path}: {json.dumps(before)[:160]} -> {json.dumps(after)[:160]}"
    elif isinstance(before, dict):
        for key in sorted(set(before) | set(after)):
            if key not in after:
                yield f"{path}.{key}: removed"
            elif key not in before:
                yield f"{path}.{key}: added {json.dumps(after[key])[:160]}"
            else:
                yield from differences(before[key], after[key], f"{path}.{key}")
    elif isinstance(before, list):
        if len(before) != len(after):
            yield f"{path}: {len(before)} items -> {len(after)} items"
        for i, (b, a) in enumerate(zip(before, after)):
            yield from differences(b, a, f"{path}[{i}]")
    elif before != after:
        yield f"{path}: {json.dumps(before)[:160]} -> {json.dumps(after)[:160]}"


def main(before_dir, after_dir):
    before_root, after_root = pathlib.Path(before_dir), pathlib.Path(after_dir)
    templates = sorted({p.relative_to(before_root) for p in before_root.glob("*/*.template.json")}
                       | {p.relative_to(after_root) for p in after_root.glob("*/*.template.json")})
    changed = 0
    for template in templates:
        b, a = before_root / template, after_root / template
        if not b.exists() or not a.exists():
            print(f"{template}: only in {'after' if a.exists() else 'before'}")
            changed += 1
            continue
        before, after = normalize(json.loads(b.read_text())), normalize(json.loads(a.read_text()))
        found = list(differences(before, after, ""))
        resources = len(after.get("Resources", {}))
        print(f"{template}: {resources} resources, {'identical' if not found else f'{len(found)} differences'}")
        for line in found:
            print(f"  {line}")
        changed += bool(found)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
