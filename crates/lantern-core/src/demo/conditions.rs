//! What people live with: conditions, the medicines that come with them and the risks staff
//! must know. Fixed tables; the people generator picks from them.

/// How a medicine is given.
#[derive(Debug, Clone, Copy)]
pub(super) enum Dosing {
    /// At fixed times of day ("HH:MM").
    Times(&'static [&'static str]),
    /// Every N hours from the first dose (patches, weekly tablets).
    EveryHours(u32),
    /// When required, within limits.
    Prn {
        indication: &'static str,
        min_interval_minutes: u32,
        max_doses_24h: u32,
    },
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Medicine {
    pub name: &'static str,
    pub strength: &'static str,
    pub dose: &'static str,
    pub route: &'static str,
    pub dosing: Dosing,
    pub time_critical: bool,
    pub controlled: bool,
    pub instructions: &'static str,
}

pub(super) const fn regular(
    name: &'static str,
    strength: &'static str,
    dose: &'static str,
    times: &'static [&'static str],
) -> Medicine {
    Medicine {
        name,
        strength,
        dose,
        route: "oral",
        dosing: Dosing::Times(times),
        time_critical: false,
        controlled: false,
        instructions: "",
    }
}

impl Medicine {
    pub(super) const fn critical(mut self) -> Self {
        self.time_critical = true;
        self
    }
    pub(super) const fn controlled(mut self) -> Self {
        self.controlled = true;
        self
    }
    pub(super) const fn route(mut self, route: &'static str) -> Self {
        self.route = route;
        self
    }
    pub(super) const fn dosing(mut self, dosing: Dosing) -> Self {
        self.dosing = dosing;
        self
    }
    pub(super) const fn note(mut self, instructions: &'static str) -> Self {
        self.instructions = instructions;
        self
    }
}

pub(super) const fn prn(indication: &'static str, min_interval_minutes: u32, max_doses_24h: u32) -> Dosing {
    Dosing::Prn {
        indication,
        min_interval_minutes,
        max_doses_24h,
    }
}

const LORAZEPAM_PRN: Medicine = regular("Lorazepam", "0.5 mg", "1 tablet", &[])
    .dosing(prn(
        "Severe anxiety or agitation not eased by the steps in the support plan",
        360,
        2,
    ))
    .controlled()
    .note("Only after the de-escalation steps; record what was tried first and tell the manager.");
const SALBUTAMOL_PRN: Medicine = regular("Salbutamol inhaler", "100 micrograms/dose", "2 puffs", &[])
    .route("inhaled")
    .dosing(prn("Breathlessness or wheeze", 240, 4))
    .note("Use with the spacer. If no better after 10 puffs, call 999.");
const LEVOTHYROXINE: Medicine = regular("Levothyroxine", "75 micrograms", "1 tablet", &["07:00"])
    .note("On an empty stomach, 30 minutes before breakfast.");
const SERTRALINE: Medicine = regular("Sertraline", "50 mg", "1 tablet", &["08:00"]);

/// Who a condition is drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ages {
    Older,
    Younger,
}

#[derive(Debug)]
pub(super) struct Condition {
    pub ages: Ages,
    /// Makes the person high risk in a disruption (time-critical medicines, end of life).
    pub high: bool,
    pub medicines: &'static [Medicine],
    pub risks: &'static [(&'static str, &'static str)],
    pub support: &'static str,
}

const TIME_CRITICAL_PARKINSONS: (&str, &str) = (
    "Time-critical Parkinson's medicines",
    "Give within 30 minutes of the time on the chart. If a dose will be late, ring the on-call manager and the pharmacy. Never stop them suddenly.",
);
const CHOKING: (&str, &str) = (
    "Choking",
    "Soft diet (IDDSI level 6). Sit upright. If coughing persistently, call 999.",
);
const SEIZURES: (&str, &str) = (
    "Seizures",
    "Time any seizure. Recovery position; nothing in the mouth. Over 5 minutes, or one after another: emergency medicine as prescribed and call 999.",
);
const HYPO: (&str, &str) = (
    "Low blood sugar (hypo)",
    "Shaky, sweaty or confused: check blood glucose. Below 4 mmol/l give 150 ml fruit juice and recheck in 15 minutes. Unconscious: recovery position, call 999, nothing by mouth.",
);

#[rustfmt::skip]
pub(super) const CONDITIONS: &[Condition] = &[
    Condition { ages: Ages::Older, high: true,
        medicines: &[regular("Co-careldopa", "25 mg/100 mg", "1 tablet", &["07:00", "10:00", "13:00", "16:00", "19:00"]).critical()
            .note("Levodopa for Parkinson's. Give on time, 30 minutes before food if possible.")],
        risks: &[TIME_CRITICAL_PARKINSONS, ("Falls", "Freezes in doorways. Count 'one, two' to restart walking; never pull by the arm.")],
        support: "Parkinson's disease: needs help with medicines on time, washing and dressing." },
    Condition { ages: Ages::Older, high: true,
        medicines: &[regular("Co-beneldopa", "25 mg/100 mg", "1 capsule", &["08:00", "12:00", "16:00", "20:00"]).critical()
            .note("Levodopa for Parkinson's (Madopar). Time-critical."),
            regular("Co-careldopa modified-release", "50 mg/200 mg", "1 tablet", &["22:00"]).critical()],
        risks: &[TIME_CRITICAL_PARKINSONS, CHOKING],
        support: "Parkinson's disease with swallowing difficulty: soft diet, medicines on time." },
    Condition { ages: Ages::Older, high: true,
        medicines: &[regular("Insulin glargine (Abasaglar KwikPen)", "100 units/ml", "18 units", &["08:00"]).route("subcutaneous").critical()
            .note("Check blood glucose first; rotate injection sites. Do not give if glucose below 4 mmol/l: ring the district nurse."),
            regular("Metformin", "500 mg", "1 tablet", &["08:00", "18:00"]).note("With food.")],
        risks: &[HYPO, ("Foot care", "Check feet at the morning visit; report any cut or redness the same day.")],
        support: "Type 2 diabetes on insulin: blood glucose before insulin, regular meals." },
    Condition { ages: Ages::Older, high: true,
        medicines: &[regular("Sodium valproate modified-release (Epilim Chrono)", "500 mg", "1 tablet", &["08:00", "20:00"]).critical()
            .note("Anti-epileptic: time-critical. Swallow whole.")],
        risks: &[SEIZURES],
        support: "Epilepsy, well controlled on medicine given on time." },
    Condition { ages: Ages::Older, high: true,
        medicines: &[regular("Fentanyl", "12 micrograms/hour patch", "1 patch", &[]).route("transdermal").dosing(Dosing::EveryHours(72)).controlled()
            .note("Change every 72 hours: remove the old patch first, rotate the site, record it on the patch chart."),
            regular("Morphine sulfate oral solution", "10 mg/5 ml", "2.5 ml (5 mg)", &[]).dosing(prn("Breakthrough pain or breathlessness", 60, 6)).controlled()
            .note("Two staff check and sign. If needed more than 3 times in 24 hours, ring the district nurse.")],
        risks: &[("End of life care", "Anticipatory medicines are in the home. Symptoms not settling: ring the district nurse. DNACPR and ReSPECT form in the red folder."),
            ("Pressure damage", "Reposition every 2 hours; check heels and sacrum; report redness the same day.")],
        support: "Receiving end of life care at home with the district nursing team." },
    Condition { ages: Ages::Younger, high: true,
        medicines: &[regular("Levetiracetam", "500 mg", "1 tablet", &["08:00", "20:00"]).critical().note("Anti-epileptic: time-critical."),
            regular("Buccal midazolam (Buccolam)", "10 mg/2 ml", "10 mg (one prefilled syringe)", &[]).route("buccal")
            .dosing(prn("Seizure lasting 5 minutes or more", 720, 1)).controlled()
            .note("Trained staff only. Call 999 when given. Goes with them on every outing.")],
        risks: &[SEIZURES, ("Bathing", "Showers only, with staff outside the door; never a bath.")],
        support: "Epilepsy with tonic-clonic seizures; emergency medicine carried at all times." },
    Condition { ages: Ages::Younger, high: true,
        medicines: &[regular("Insulin aspart (NovoRapid FlexPen)", "100 units/ml", "Units per carbohydrate chart (usually 4–8 units)", &["08:00", "12:30", "18:00"]).route("subcutaneous").critical()
            .note("Self-administers with prompting; staff check the dose."),
            regular("Insulin detemir (Levemir FlexPen)", "100 units/ml", "12 units", &["22:00"]).route("subcutaneous").critical()],
        risks: &[HYPO, ("Missed meals", "Insulin depends on eating: prompt meals at the usual times.")],
        support: "Type 1 diabetes: prompting with blood glucose checks and insulin." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Donepezil", "10 mg", "1 tablet", &["21:00"]), LORAZEPAM_PRN],
        risks: &[("Leaving home unsafely", "Door sensor fitted. If not found within 10 minutes, ring 999 and the on-call manager; photo in the grab sheet.")],
        support: "Dementia (Alzheimer's type): reassurance, prompting and a steady routine." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Furosemide", "40 mg", "1 tablet", &["08:00"]), regular("Bisoprolol", "2.5 mg", "1 tablet", &["08:00"])],
        risks: &[("Fluid build-up", "Weigh every morning. A gain of 2 kg in 3 days or new breathlessness: ring the GP or heart failure nurse.")],
        support: "Heart failure: daily weight, fluid guidance from the heart failure nurse." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Apixaban", "5 mg", "1 tablet", &["08:00", "20:00"]).critical().note("Anticoagulant: do not miss doses.")],
        risks: &[("Bleeding (anticoagulant)", "Report any bleeding or black stools. A fall with a head knock on apixaban means A&E, even if well.")],
        support: "Atrial fibrillation on an anticoagulant." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Trimbow inhaler", "87/5/9 micrograms", "2 puffs", &["08:00", "20:00"]).route("inhaled").note("Rinse mouth after use."), SALBUTAMOL_PRN],
        risks: &[("Breathlessness", "Sit upright. Blue lips or cannot finish a sentence: call 999. Home oxygen: no smoking or flames nearby.")],
        support: "COPD with home oxygen at night." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Alendronic acid", "70 mg", "1 tablet", &[]).dosing(Dosing::EveryHours(168))
            .note("Once a week, 30 minutes before breakfast with a full glass of water; stay upright for 30 minutes."),
            regular("Adcal-D3", "750 mg/200 units", "1 chewable tablet", &["12:00", "18:00"])],
        risks: &[("Falls", "Walks with a frame indoors; pendant alarm worn. If found on the floor, do not lift: follow the falls protocol.")],
        support: "Osteoporosis after a hip fracture; walks with a frame." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Clopidogrel", "75 mg", "1 tablet", &["08:00"]), regular("Atorvastatin", "20 mg", "1 tablet", &["22:00"])],
        risks: &[CHOKING, ("Weakness on one side", "Right arm and leg weak since a stroke: support on the right when walking; report any new weakness or slurred speech at once (999).")],
        support: "Stroke two years ago, with swallowing difficulty and weakness on the right." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Amlodipine", "5 mg", "1 tablet", &["08:00"]), regular("Ramipril", "2.5 mg", "1 capsule", &["08:00"])],
        risks: &[("Dizziness on standing", "Sit on the edge of the bed for a minute before standing up.")],
        support: "High blood pressure." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[regular("Metformin", "500 mg", "1 tablet", &["08:00", "18:00"]), regular("Gliclazide", "80 mg", "1 tablet", &["08:00"]).note("With breakfast.")],
        risks: &[HYPO],
        support: "Type 2 diabetes on tablets." },
    Condition { ages: Ages::Older, high: false,
        medicines: &[LEVOTHYROXINE, regular("Mirtazapine", "15 mg", "1 tablet", &["22:00"])],
        risks: &[("Low mood", "Spend time talking at each visit; tell the office if not eating or talking about not wanting to go on.")],
        support: "Low mood since bereavement; an underactive thyroid." },
    Condition { ages: Ages::Younger, high: false,
        medicines: &[LORAZEPAM_PRN, SERTRALINE],
        risks: &[("Distress", "Triggers: noise and changes of plan. Offer the sensory room or a walk; keep your voice low.")],
        support: "Learning disability with anxiety." },
    Condition { ages: Ages::Younger, high: false,
        medicines: &[regular("Melatonin modified-release", "2 mg", "1 tablet", &["21:00"])],
        risks: &[("Changes to routine", "Show the day's picture timetable each morning; warn of changes as early as possible.")],
        support: "Autistic; a visual timetable helps every day." },
    Condition { ages: Ages::Younger, high: false,
        medicines: &[regular("Clenil Modulite inhaler", "100 micrograms/dose", "2 puffs", &["08:00", "20:00"]).route("inhaled"), SALBUTAMOL_PRN],
        risks: &[("Asthma attack", "Reliever inhaler with the spacer. If no better after 10 puffs, call 999.")],
        support: "Asthma." },
    Condition { ages: Ages::Younger, high: false,
        medicines: &[LEVOTHYROXINE],
        risks: &[("Sleep apnoea", "Uses a CPAP mask at night. If it is not working, tell the on-call manager and check on them every hour.")],
        support: "Down's syndrome; an underactive thyroid." },
    Condition { ages: Ages::Younger, high: false,
        medicines: &[regular("Olanzapine", "10 mg", "1 tablet", &["22:00"]), SERTRALINE],
        risks: &[("Relapse signs", "Sleeping less, or talking about being watched: tell the team leader; the crisis team number is in the grab sheet.")],
        support: "Schizophrenia, stable; sees the community mental health team monthly." },
    Condition { ages: Ages::Younger, high: false,
        medicines: &[regular("Baclofen oral solution", "5 mg/5 ml", "10 ml (10 mg)", &["08:00", "14:00", "20:00"]).route("peg")
            .note("Flush the tube with 30 ml water before and after.")],
        risks: &[("PEG tube", "If the tube comes out, cover the site and ring the community nurse within an hour: the opening can close."),
            ("Aspiration", "Nil by mouth. Head of the bed raised 30 degrees during feeds and for an hour after.")],
        support: "Cerebral palsy; all nutrition and medicines through a PEG tube." },
];

/// Risks anyone may have, to make up two to four key risks.
pub(super) const GENERAL_RISKS: &[(&str, &str)] = &[
    (
        "Falls",
        "Walks with a stick; keep walkways clear. If found on the floor, do not lift: follow the falls protocol and call 111, or 999 if hurt.",
    ),
    (
        "Pressure damage",
        "Check heels and sacrum at personal care; report redness the same day.",
    ),
    (
        "Dehydration",
        "Offer a drink at every visit and record it; aim for 1.5 litres a day.",
    ),
    (
        "Skin tears",
        "Fragile skin: use the slide sheet, never drag; cover any tear and report it.",
    ),
    (
        "Self-neglect",
        "Prompt washing and meals gently; record what was declined.",
    ),
];
pub(super) const TWO_CARER_RISK: (&str, &str) = (
    "Moving and handling",
    "Full hoist with two carers for every transfer; sling size M is kept in the bedroom.",
);
pub(super) const LIVES_ALONE_RISK: (&str, &str) = (
    "Lives alone",
    "If there is no answer at the door, ring the office and follow the no-reply procedure: never leave without knowing they are safe.",
);
