#!/usr/bin/env python3
"""Leak evaluation of the pseudonymise policy on real OCR output: every photo of a generated
corpus is read by `carta ocr`, its text redacted by `carta redact --policy pseudonymise`, and the
payload searched for every ground-truth value (surname, given names, dates, numbers, fiscal code,
address) in every rendering (as printed, accent-folded, without spaces, MRZ form, dd.mm.yyyy,
dd/mm/yy, yymmdd, words of five letters or more), at word boundaries. Then the same text under
`minimal` asked for birth place, issuing authority and address: every line sent must hold (a
near-copy of) part of one of those values or be a label read just before one.

Run by scripts/redact-eval, which builds the binaries and the corpus first.
    redact_eval.py CORPUS_DIR [N]
"""
import difflib, json, subprocess, sys, glob, os, re, unicodedata
d = sys.argv[1]
CARTA = os.environ.get('CARTA_BIN', 'target/release/carta')
def fold(s):
    return ''.join(c for c in unicodedata.normalize('NFKD', s.upper()) if not unicodedata.combining(c))
def renders(name, v):
    out = {fold(v), fold(v).replace(' ', '')}
    if name in ('birth_date','issue_date','expiry_date'):
        y,m,dd = v.split('-'); yy=y[2:]
        out |= {f'{dd}.{m}.{y}', f'{dd}/{m}/{y}', f'{dd}.{m}.{yy}', f'{dd}/{m}/{yy}', f'{yy}{m}{dd}'}
    if name in ('surname','given_names','address'):
        out.add(fold(v).replace(' ', '<'))
        for w in fold(v).replace('-',' ').replace("'",' ').split():
            if len(w) >= 5 and not any(c.isdigit() for c in w): out.add(w)
    return out
def contains_word(text, needle):
    for m in re.finditer(re.escape(needle), text):
        a = text[m.start()-1] if m.start()>0 else ' '
        b = text[m.end()] if m.end()<len(text) else ' '
        if not a.isalnum() and not b.isalnum(): return True
    return False
REQUESTED = ['birth_place', 'issuing_authority', 'address']
def near(line, value):
    """Whether an OCR line is (a misread copy of) a piece of value, or holds the value."""
    line = line.strip()
    if len(line) < 2: return False
    if line in value or value in line: return True
    m = difflib.SequenceMatcher(None, line, value, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()) >= 0.8 * min(len(line), len(value))
sent = 0; unneeded = []; wanted = 0; found = 0
PRIVATE = ['surname','given_names','birth_date','issue_date','expiry_date','document_number','personal_number','fiscal_code','address']
checked=0; leaks=[]; ocr_read=0
files = sorted(glob.glob(d+'/[0-9]*.json'))[:int(sys.argv[2]) if len(sys.argv)>2 else None]
for f in files:
    gt = json.load(open(f))
    ocr = subprocess.run([CARTA,'ocr',os.path.join(d,gt['image'])],capture_output=True,text=True).stdout
    r = subprocess.run([CARTA,'redact','--policy','pseudonymise','--text','-'],input=ocr,capture_output=True,text=True)
    payload = fold(json.loads(r.stdout)['payload'])
    raw = fold(' '.join(l['text'] for l in json.loads(ocr)['lines']))
    r = subprocess.run([CARTA,'redact','--policy','minimal','--fields',','.join(REQUESTED),'--text','-'],input=ocr,capture_output=True,text=True)
    lines = [fold(l) for l in json.loads(r.stdout)['payload'].splitlines()]
    values = [fold(gt['fields'][k]) for k in REQUESTED if gt['fields'].get(k)]
    for i, line in enumerate(lines):
        sent += 1
        if not any(near(l, v) for l in lines[i:i+3] for v in values):
            unneeded.append((gt['id'], line))
    for v in values:
        wanted += 1
        found += near(' '.join(lines), v) or difflib.SequenceMatcher(None, v, ' '.join(lines), autojunk=False).find_longest_match().size >= 0.8 * len(v)
    for k in PRIVATE:
        v = gt['fields'].get(k)
        if not v: continue
        checked += 1
        present = [x for x in renders(k, v) if contains_word(raw, x)]
        if present: ocr_read += 1
        for x in renders(k, v):
            if contains_word(payload, x): leaks.append((gt['id'], k, x))
print(f'{len(files)} photos, {checked} ground-truth values, {ocr_read} of them readable in the OCR text, {len(leaks)} in a payload')
for l in leaks[:40]: print('leak:', l[0], l[1])
print(f'minimal (birth place, issuing authority, address): {sent} lines sent, {len(unneeded)} of them not needed; {found} of {wanted} requested values sent')
for u in unneeded[:40]: print('not needed:', u[0], u[1])
# Lines sent beyond the needed ones are reported (OCR can garble a label into what reads as a
# continuation line); a value in a payload fails the run.
sys.exit(1 if leaks else 0)
