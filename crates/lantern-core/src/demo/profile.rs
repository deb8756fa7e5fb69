//! What staff need to know about a person beyond who they are: how to communicate, allergies,
//! key risks with what to do, the support plan in brief, and what to do in distress.

use super::Fields;
use super::conditions::{Condition, GENERAL_RISKS, LIVES_ALONE_RISK, TWO_CARER_RISK};
use super::contact_details::home_address;
use super::org::{ServicePlan, ServiceType};
use super::rng::Rng;

type Risk = (&'static str, &'static str);

pub(super) struct Profile {
    /// Home care only: the home, how staff get in.
    home: Option<Home>,
    communication: &'static str,
    pub allergies: Vec<&'static str>,
    risks: Vec<Risk>,
    support: String,
    distress: String,
}

struct Home {
    address: String,
    access: &'static str,
}

impl Profile {
    pub fn new(rng: &mut Rng, service: &ServicePlan, index: usize, conditions: &[&Condition], two_carer: bool) -> Self {
        let older = service.kind != ServiceType::SupportedLiving;
        let situation = (service.kind == ServiceType::HomeCare).then(|| rng.pick(HOME_SITUATIONS));
        let mut risks = Vec::new();
        if two_carer {
            risks.push(TWO_CARER_RISK);
        }
        if situation.is_some_and(|(_, alone)| alone) {
            risks.push(LIVES_ALONE_RISK);
        }
        risks.extend(conditions.iter().flat_map(|c| c.risks.iter().copied()));
        make_up_key_risks(rng, &mut risks);
        let escalation = if older { OLDER_ESCALATION } else { YOUNGER_ESCALATION };
        Self {
            home: situation.map(|_| Home {
                address: home_address(rng),
                access: rng.pick(ACCESS_NOTES),
            }),
            communication: rng.pick(if older {
                OLDER_COMMUNICATION
            } else {
                YOUNGER_COMMUNICATION
            }),
            allergies: allergies(rng),
            risks,
            support: support_summary(service, index, situation.map(|(text, _)| text), conditions),
            distress: format!("{} {escalation}", rng.pick(DISTRESS)),
        }
    }

    pub fn add_to(&self, fields: Fields) -> Fields {
        fields
            .maybe("address", self.home.as_ref().map(|h| &h.address))
            .maybe("access_notes", self.home.as_ref().map(|h| h.access))
            .set("communication", self.communication)
            .list("allergies", &self.allergies)
            .pairs("key_risks", &self.risks)
            .set("support_summary", &self.support)
            .set("distress_guidance", &self.distress)
    }

    pub fn allergic_to_penicillin(&self) -> bool {
        self.allergies.iter().any(|a| a.starts_with("Penicillin"))
    }
}

const OLDER_COMMUNICATION: &[&str] = &[
    "Hard of hearing in the left ear; hearing aids are in the bedside drawer. Face them and speak clearly.",
    "Wears glasses for reading; large print helps. Likes a chat.",
    "Mild memory loss: explain each step before you start and give one choice at a time.",
    "English is a second language: family interpret for anything important; picture cards are in the kitchen drawer.",
    "Registered blind: say who you are as you come in and where you put things down.",
    "Word-finding difficulty after a stroke: allow time, ask yes/no questions, do not finish sentences for them.",
    "No difficulties: likes to be asked, not told.",
];
const YOUNGER_COMMUNICATION: &[&str] = &[
    "Uses Makaton and some words; shows 'no' by turning away. Keep sentences short.",
    "Non-verbal; uses a communication book and a tablet app. Allow time to answer.",
    "Takes things literally: say exactly what will happen and when.",
    "Prefers written information; finds phone calls stressful.",
    "Deaf; uses British Sign Language. Signing staff are on the rota; otherwise write things down.",
    "May say yes to please: check understanding by asking them to explain back.",
];
const ALLERGIES: &[&str] = &[
    "Penicillin (rash)",
    "Penicillin: anaphylaxis",
    "Codeine (vomiting)",
    "Latex",
    "Elastoplast (skin reaction)",
    "Ibuprofen (wheeze)",
    "Peanuts: anaphylaxis; adrenaline pen in the grab bag",
];
const HOME_SITUATIONS: &[(&str, bool)] = &[
    ("Lives alone in a ground-floor flat.", true),
    ("Lives alone in a terraced house; family visit at weekends.", true),
    ("Lives alone in a bungalow with a pendant alarm.", true),
    (
        "Lives with a partner who is frail and cannot give personal care.",
        false,
    ),
    ("Lives with family who are out at work during the day.", false),
];
const ACCESS_NOTES: &[&str] = &[
    "Key safe by front door; code held by office.",
    "Key safe by back door; code held by office. Dog is shut in the kitchen during visits.",
    "Lets carers in: ring the bell and wait, walks slowly.",
    "Door entry system: buzz twice. Key safe in the porch; code held by office.",
    "Family leave the door on the latch in the morning; key safe otherwise (code held by office).",
];
const DISTRESS: &[&str] = &[
    "Signs of distress: pacing and calling out. Speak calmly, offer a drink and sit together; give space if asked.",
    "Becomes withdrawn and stops eating when upset. Gentle reassurance; favourite music helps.",
    "Can hit out during personal care when rushed. Explain each step; stop and come back ten minutes later; never hold arms.",
    "Anxious at night: leave the landing light on and offer a warm drink.",
    "Shouts when in pain: check for pain first (PAINAD chart) before anything else.",
];
const OLDER_ESCALATION: &str = "New confusion, a fall or not passing urine: ring 111 (the GP in hours). Chest pain, struggling to breathe or unresponsive: 999. Then the on-call manager.";
const YOUNGER_ESCALATION: &str =
    "If they or anyone else is at risk of harm, ring the on-call manager; in an emergency, 999.";

/// Most people have none; some have one or two.
fn allergies(rng: &mut Rng) -> Vec<&'static str> {
    if rng.percent(55) {
        return vec!["No known allergies"];
    }
    let first = rng.pick(ALLERGIES);
    let second = rng.pick(ALLERGIES);
    let both = rng.percent(25) && !(first.starts_with("Penicillin") && second.starts_with("Penicillin"));
    if both && first != second {
        vec![first, second]
    } else {
        vec![first]
    }
}

/// Two to four key risks: the person's own first, then general ones to make up two.
fn make_up_key_risks(rng: &mut Rng, risks: &mut Vec<(&'static str, &'static str)>) {
    while risks.len() < 2 || (risks.len() < 4 && rng.percent(30)) {
        risks.push(rng.pick(GENERAL_RISKS));
        dedup_by_risk(risks);
    }
    dedup_by_risk(risks);
    risks.truncate(4);
}

fn dedup_by_risk(risks: &mut Vec<(&'static str, &'static str)>) {
    let mut seen = Vec::new();
    risks.retain(|(risk, _)| {
        let fresh = !seen.contains(risk);
        seen.push(*risk);
        fresh
    });
}

/// Where and how they live, then a line for each condition.
fn support_summary(service: &ServicePlan, index: usize, home: Option<&str>, conditions: &[&Condition]) -> String {
    let setting = match service.kind {
        ServiceType::SupportedLiving => {
            "Has their own room in a shared house; support 24 hours a day, with help to cook, budget and get out."
                .to_string()
        }
        ServiceType::HomeCare => home.unwrap_or("Lives at home.").to_string(),
        ServiceType::Residential => format!("Lives on {} unit.", service.unit_of(index).unwrap_or_default()),
        ServiceType::Nursing => format!("Nursing care on {} unit.", service.unit_of(index).unwrap_or_default()),
    };
    let mut text = setting;
    for c in conditions {
        text.push(' ');
        text.push_str(c.support);
    }
    text
}
