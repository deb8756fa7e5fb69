#!/usr/bin/env python3
"""Writes a synthetic FHIR R4 NDJSON file of about SIZE megabytes: Patients (999-range NHS numbers)
each followed by three MedicationRequests and an AllergyIntolerance. Synthetic people only.
Usage: bench/fhir_ndjson.py OUT.ndjson [SIZE_MB]   (default 100; bench/import.sh writes 10 and 100)"""
import json, sys

def nhs(n):
    digits = [int(c) for c in f"{999000000 + n:09d}"]
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
    if check == 11:
        check = 0
    return None if check == 10 else "".join(map(str, digits)) + str(check)

out, size = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 100
limit = int(size * 1024 * 1024)
written, n, patients = 0, 0, 0
with open(out, "w") as f:
    while written < limit:
        n += 1
        number = nhs(n)
        if number is None:
            continue
        patients += 1
        pid = f"bench-{n}"
        lines = [{
            "resourceType": "Patient", "id": pid,
            "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": number}],
            "name": [{"use": "official", "family": f"Family{n}", "given": ["Alex", "Sam"]}],
            "birthDate": f"19{30 + n % 60:02d}-0{1 + n % 9}-1{n % 10}",
            "address": [{"line": [f"{n} Mill Lane"], "city": "Ashbridge", "postalCode": "QX1 1AA"}],
        }]
        for m, (name, times) in enumerate([("Co-careldopa 25 mg/100 mg", ["07:00:00", "11:00:00", "15:00:00", "19:00:00"]),
                                           ("Metformin 500 mg", ["08:00:00", "18:00:00"]), ("Amlodipine 5 mg", ["08:00:00"])]):
            lines.append({
                "resourceType": "MedicationRequest", "id": f"{pid}-m{m}", "status": "active", "intent": "order",
                "subject": {"reference": f"Patient/{pid}"},
                "medicationCodeableConcept": {"text": name},
                "dosageInstruction": [{"text": "1 tablet", "route": {"coding": [{"system": "http://snomed.info/sct", "code": "26643006", "display": "Oral"}]},
                                       "timing": {"repeat": {"frequency": len(times), "period": 1, "periodUnit": "d", "timeOfDay": times}},
                                       "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet"}}]}],
            })
        lines.append({"resourceType": "AllergyIntolerance", "id": f"{pid}-a", "patient": {"reference": f"Patient/{pid}"},
                      "code": {"text": "Penicillin"}, "reaction": [{"manifestation": [{"text": "Rash"}]}]})
        for line in lines:
            text = json.dumps(line, separators=(",", ":")) + "\n"
            f.write(text)
            written += len(text.encode())
print(f"{out}: {written / 1048576:.1f} MB, {patients} patients")
