"""How this sample was cut (run once, from the repository root, with Debian's python3; nothing reads the source at
test time): python3 data/nlp/synthea-notes/sample.py /work/shared/data/fhir/synthea-bulk-13-patients"""
import hashlib, json, os, sys

src = sys.argv[1]
out = os.path.dirname(os.path.abspath(__file__))
PER_PATIENT = 30  # notes per patient, evenly spread over the patient's encounters in date order
HELD_OUT = 4  # patients whose SHA-256(reference) sorts first are held out of dictionary curation


def load(name):
    with open(os.path.join(src, f'{name}.000.ndjson')) as f:
        return [json.loads(line) for line in f if line.strip()]


docs = load('DocumentReference')
patients = sorted({d['subject']['reference'] for d in docs}, key=lambda p: hashlib.sha256(p.encode()).hexdigest())
picked = []
for patient in sorted(patients):
    own = sorted((d for d in docs if d['subject']['reference'] == patient), key=lambda d: (d['date'], d['id']))
    step = max(1, len(own) / PER_PATIENT)
    picked += [own[int(i * step)] for i in range(min(PER_PATIENT, len(own)))]


def trim_doc(d):
    return {
        'resourceType': 'DocumentReference', 'id': d['id'], 'status': 'current', 'type': d['type'],
        'subject': d['subject'], 'date': d['date'], 'content': d['content'],
        'context': {'encounter': d['context']['encounter'], 'period': d['context']['period']},
    }


def trim_condition(c):
    return {k: c[k] for k in ('resourceType', 'id', 'code', 'subject', 'encounter', 'onsetDateTime') if k in c}


def trim_medication(m):
    return {k: m[k] for k in ('resourceType', 'id', 'status', 'intent', 'medicationCodeableConcept', 'subject',
                              'encounter', 'authoredOn') if k in m}


def trim_allergy(a):
    return {k: a[k] for k in ('resourceType', 'id', 'code', 'patient', 'recordedDate', 'category') if k in a}


def write(name, rows):
    with open(os.path.join(out, f'{name}.ndjson'), 'w') as f:
        for row in rows:
            f.write(json.dumps(row, separators=(',', ':')) + '\n')


write('DocumentReference', [trim_doc(d) for d in picked])
write('Condition', [trim_condition(c) for c in load('Condition')])
write('MedicationRequest', [trim_medication(m) for m in load('MedicationRequest')])
write('AllergyIntolerance', [trim_allergy(a) for a in load('AllergyIntolerance')])
with open(os.path.join(out, 'split.json'), 'w') as f:
    json.dump({'heldOutPatients': sorted(patients[:HELD_OUT]), 'devPatients': sorted(patients[HELD_OUT:])}, f, indent=2)
    f.write('\n')
