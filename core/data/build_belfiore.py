#!/usr/bin/env python3
"""Builds belfiore.tsv, the dated table of Belfiore codes used by the codice fiscale validator.

Input: the data files of python-codicefiscale 0.12.1 (PyPI, MIT, (c) Fabio Caccamo), i.e. the
`codicefiscale/data/` directory of its wheel: municipalities.json, deleted-countries.json,
countries.json and the two *-patch.json files.

Usage: python3 build_belfiore.py DATA_DIR [OUTPUT]   (OUTPUT defaults to belfiore.tsv next to this script)

Rows keep the order in which python-codicefiscale looks records up for one code (municipalities,
then deleted countries, then countries, each in file order), because its birthplace rules depend
on that order; the file is sorted by code with a stable sort, so that order survives.
In 0.12.1 the patch files are already merged into the main files; a patch record missing from
them is appended after the records of its code. Dates are cut to YYYY-MM-DD (one source date,
"1934-01-01:T00:00:00", is malformed in that way).
"""

import json
import os
import sys

FIELDS = ("code", "name", "province", "date_created", "date_deleted")


def load(data_dir, name):
    with open(os.path.join(data_dir, name), encoding="utf-8") as f:
        return json.load(f)


def day(value):
    value = (value or "").strip()
    if not value:
        return ""
    out = value[:10]
    if len(out) != 10 or out[4] != "-" or out[7] != "-" or not (out[:4] + out[5:7] + out[8:]).isdigit():
        raise SystemExit(f"unexpected date format: {value!r}")
    return out


def row(record):
    out = (
        record["code"].strip().upper(),
        record["name"].strip(),
        record["province"].strip(),
        day(record["date_created"]),
        day(record["date_deleted"]),
    )
    for value in out:
        if "\t" in value or "\n" in value:
            raise SystemExit("tab or newline in a value")
    return out


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    data_dir = sys.argv[1]
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "belfiore.tsv")

    records = (
        load(data_dir, "municipalities.json")
        + load(data_dir, "deleted-countries.json")
        + load(data_dir, "countries.json")
    )
    rows = [row(r) for r in records]
    seen = set(rows)
    for patch in ("municipalities-patch.json", "countries-patch.json"):
        for r in load(data_dir, patch):
            extra = row(r)
            if extra not in seen:
                seen.add(extra)
                rows.append(extra)

    rows.sort(key=lambda r: r[0])  # stable: keeps the lookup order within a code
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(FIELDS) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{len(rows)} rows, {len({r[0] for r in rows})} codes -> {output}")


if __name__ == "__main__":
    main()
