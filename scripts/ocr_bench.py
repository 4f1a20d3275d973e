#!/usr/bin/env python3
"""Side-by-side OCR benchmark: Carta (rten, ort) and Tesseract 5 on the same images.

1. The synthetic corpus: `carta eval` with each engine (the default models and the
   `pp-ocrv6-accurate` set); accuracy and latency with ratios.
2. The specimens of ../shared/specimens that have ground truth: the MRZ fields each engine
   reads, Tesseract's text going through the same MRZ parser (`carta scan --engine tesseract`).
3. The specimens without ground truth: on how many each engine reads an MRZ whose check digits
   all pass, beside PassportEye's own upstream score for the image (100: it read all valid).

Run by scripts/ocr-bench, which builds the binaries and the corpus first.
"""
import json, os, subprocess, sys, time
from pathlib import Path

CARTA = os.environ.get("CARTA_BIN", "target/release/carta")
ACCURATE = ["--model-set", "pp-ocrv6-accurate"]
ENGINES = [("carta/rten", ["--runtime", "rten"]), ("carta/ort", ["--runtime", "ort"]),
           ("carta/rten accurate", ["--runtime", "rten", *ACCURATE]),
           ("carta/ort accurate", ["--runtime", "ort", *ACCURATE]),
           ("tesseract", ["--engine", "tesseract"])]
TODAY = "2026-11-26"


def corpus(dir_: Path, out: Path) -> None:
    # The generated documents are valid on the corpus's own date.
    as_of = json.loads((dir_ / "index.json").read_text()).get("as_of", TODAY)
    reports = {}
    for name, args in ENGINES:
        path = out / (name.replace("/", "-").replace(" ", "-") + ".json")
        print(f"## corpus, {name}", flush=True)
        subprocess.run([CARTA, "eval", str(dir_), "--today", as_of, "--report", str(path), *args], check=True)
        reports[name] = json.loads(path.read_text())
    rate = lambda c: 100.0 * c["exact"] / c["n"] if c["n"] else 100.0
    print("\n## corpus summary\n")
    print("| engine | MRZ fields | visual-zone fields | MRZ valid | CER | p50 ms | p95 ms | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in reports.items():
        print(f"| {name} | {rate(r['mrz_fields']):.1f}% | {rate(r['viz_fields']):.1f}% | {rate(r['mrz_valid']):.1f}% "
              f"| {100 * r['cer']:.2f}% | {r['latency_ms']['p50']:.0f} | {r['latency_ms']['p95']:.0f} "
              f"| {r['peak_rss_mib'] or 0:.0f} |")
    t = reports["tesseract"]["latency_ms"]["p50"]
    for name in (n for n, _ in ENGINES if n != "tesseract"):
        c = reports[name]["latency_ms"]["p50"]
        print(f"\n{name}: median latency {c:.0f} ms, Tesseract {t:.0f} ms: Carta takes {c / t:.2f}× Tesseract's time")


def mrz_raw(lines, fmt):
    """The check-digit-protected MRZ fields, raw, by position."""
    if not lines:
        return {}
    if fmt == "TD1" and len(lines) == 3:
        a, b = lines[0], lines[1]
        return {"country": a[2:5], "number": a[5:14], "date_of_birth": b[0:6], "sex": b[7],
                "expiration_date": b[8:14], "nationality": b[15:18], "mrz_type": "TD1"}
    if len(lines) == 2:
        a, b = lines
        return {"country": a[2:5], "number": b[0:9], "nationality": b[10:13], "date_of_birth": b[13:19],
                "sex": b[20], "expiration_date": b[21:27], "mrz_type": fmt}
    return {}


def normalise(gt):
    keys = {"format": "mrz_type", "document_number": "number", "birth_date": "date_of_birth",
            "expiry_date": "expiration_date", "issuer": "country"}
    out = {keys.get(k, k): v for k, v in gt.items()}
    wanted = ["mrz_type", "country", "number", "date_of_birth", "expiration_date", "sex", "nationality"]
    return {k: out[k] for k in wanted if k in out}


def specimens(root: Path) -> None:
    gt_file = root / "ground_truth.json"
    if not gt_file.exists():
        print(f"\n## specimens: skipped ({gt_file} not found)")
        return
    images = [i for i in json.loads(gt_file.read_text())["images"] if i.get("ground_truth")]
    print(f"\n## specimens with ground truth ({len(images)} images): MRZ fields read exactly\n")
    print("| image | " + " | ".join(n for n, _ in ENGINES) + " |")
    print("|---|" + "---|" * len(ENGINES))
    totals = {n: [0, 0.0] for n, _ in ENGINES}
    for item in images:
        want = normalise(item["ground_truth"]["fields"])
        row = [item["file"].split("/")[-1]]
        for name, args in ENGINES:
            start = time.monotonic()
            mrz = scan_mrz(root, item, args)
            totals[name][1] += time.monotonic() - start
            got = mrz_raw(mrz.get("lines"), mrz.get("format")) if mrz else {}
            wrong = [k for k, v in want.items() if got.get(k, "").rstrip("<") != v.rstrip("<")]
            totals[name][0] += not wrong
            row.append("ok" if not wrong else "miss: " + ",".join(wrong))
        print("| " + " | ".join(row) + " |")
    print("\n| engine | images with every MRZ field exact | total time s |\n|---|---|---|")
    for name, (ok, secs) in totals.items():
        print(f"| {name} | {ok} of {len(images)} | {secs:.1f} |")


def scan_mrz(root: Path, item, args):
    p = subprocess.run([CARTA, "scan", str(root / item["file"]), "--json", "--today", TODAY, *args],
                       capture_output=True, text=True)
    if p.returncode != 0 or not p.stdout.strip():
        return {}
    return json.loads(p.stdout.splitlines()[0]).get("mrz") or {}


def unlabelled_specimens(root: Path) -> None:
    gt_file = root / "ground_truth.json"
    if not gt_file.exists():
        return
    images = [i for i in json.loads(gt_file.read_text())["images"] if not i.get("ground_truth")]
    upstream = sum(i.get("upstream_expected_valid_score") == 100 for i in images)
    print(f"\n## specimens without ground truth ({len(images)} images): MRZ read with every check "
          f"digit valid (PassportEye's upstream score is 100 on {upstream})\n")
    print("| engine | valid MRZ |\n|---|---|")
    for name, args in ENGINES:
        valid = sum(bool(scan_mrz(root, item, args).get("valid")) for item in images)
        print(f"| {name} | {valid} of {len(images)} |")


def main():
    dir_, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    corpus(dir_, out)
    root = Path(sys.argv[3]) if len(sys.argv) > 3 else Path("../shared/specimens")
    specimens(root)
    unlabelled_specimens(root)


if __name__ == "__main__":
    main()
