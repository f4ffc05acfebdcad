#!/usr/bin/env python3
"""Turns an official package's published API file (dotnet/aspire: src/**/api/<Package>.cs) and its
ConfigurationSchema.json into the normalized lines OfficialApiSurfaceTests compares with our assemblies.

    git --git-dir=<dotnet/aspire> show HEAD:src/Aspire.Hosting.Kafka/api/Aspire.Hosting.Kafka.cs \
      | python3 extract_official_api.py > Aspire.Hosting.Kafka.txt
    ... | python3 extract_official_api.py --schema schema.json --named > Aspire.Confluent.Kafka.txt

The line format is the one OfficialApiSurface.cs renders from reflection: namespaces dropped from type names,
nullable reference annotations dropped, nullable value types kept (int?), explicit interface implementations left out.
"""
import json
import re
import sys

VALUE_TYPES = ("int", "bool", "long", "double")


def simple_types(text):
    text = re.sub(r"(global::)?(\b[A-Za-z_]\w*\.)+(?=[A-Za-z_])", "", text)
    # Nullable reference annotations carry no runtime shape; value types keep theirs.
    text = re.sub(r"\b(?!(?:%s)\?)(\w+(?:<[^()]*?>)?)\?" % "|".join(VALUE_TYPES), r"\1", text)
    text = re.sub(r">\?", ">", text)
    return re.sub(r"\s+", " ", text).strip()


def parameters(text):
    text = simple_types(text)
    text = text.replace("default!", "null")
    return text


def api_lines(source):
    lines = []
    namespace = None
    current = None
    pending = None
    for raw in source.splitlines():
        line = raw.strip()
        if line.startswith("namespace "):
            namespace = line.split()[1]
            continue
        if line.startswith("where ") and pending is not None:
            lines[-1] = lines[-1] + " " + simple_types(line.replace("{ throw null; }", "").replace("{ }", "").strip())
            continue
        pending = None
        m = re.match(r"public (?P<mods>(?:static |sealed |abstract )*)partial class (?P<name>\w+)(?: : (?P<bases>.*))?$", line)
        if m:
            current = f"{namespace}.{m['name']}"
            kind = (m["mods"] + "class").strip()
            base = ""
            if m["bases"]:
                first = simple_types(m["bases"].split(",")[0])
                if not re.match(r"^I[A-Z]", first):
                    base = " : " + first
            lines.append(f"type {current} {kind}{base}")
            continue
        if not line.startswith("public ") or current is None:
            continue
        body = line
        if re.match(r"public " + re.escape(current.split(".")[-1]) + r"\(", body):
            args = re.match(r"public \w+\((?P<args>.*?)\)\s*(?::\s*base\(.*?\))?\s*\{", body)["args"]
            lines.append(f"ctor {current}({parameters(args)})")
            continue
        prop = re.match(r"public (?P<static>static )?(?P<type>.+?) (?P<name>\w+) \{ (?P<acc>get \{ throw null; \}(?: set \{ \})?) \}$", body)
        if prop:
            acc = "get set" if "set" in prop["acc"] else "get"
            lines.append(f"property {prop['static'] or ''}{current}.{prop['name']} : {simple_types(prop['type'])} {acc}")
            continue
        meth = re.match(r"public (?P<static>static )?(?P<ret>.+?) (?P<name>\w+)(?P<gen><[^()]*>)?\((?P<args>.*)\)\s*(?P<rest>.*)$", body)
        if meth:
            rest = meth["rest"].replace("{ throw null; }", "").replace("{ }", "").strip()
            where = (" " + simple_types(rest)) if rest.startswith("where") else ""
            gen = meth["gen"] or ""
            lines.append(f"method {meth['static'] or ''}{current}.{meth['name']}{gen}({parameters(meth['args'])}) : {simple_types(meth['ret'])}{where}")
            pending = True
    return lines


def schema_keys(schema, named):
    keys = []

    def walk(node, path):
        props = node.get("properties")
        if node.get("type") == "object" and props:
            for name, child in props.items():
                walk(child, path + [name])
        else:
            keys.append(":".join(path))

    walk(schema, [])
    sections = sorted({":".join(k.split(":")[:4]) if k.startswith("Aspire:Confluent") else ":".join(k.split(":")[:3]) for k in keys})
    out = [f"key {k}" for k in keys]
    if named:
        for key in keys:
            section = next(s for s in sections if key.startswith(s + ":"))
            out.append(f"key {section}:{{name}}{key[len(section):]}")
    out.append("key ConnectionStrings:{name}")
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    result = api_lines(sys.stdin.read())
    if "--schema" in args:
        with open(args[args.index("--schema") + 1]) as f:
            result += schema_keys(json.load(f), "--named" in args)
    print("\n".join(sorted(set(result))))
