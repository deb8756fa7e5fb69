//! The drill brief each of the continuity plan's six scenarios starts with: what happens, the
//! injects a facilitator reads out, and how long it lasts. Every organisation gets these as
//! register records it can edit (and add to); like the response checklists
//! (`disruption::scenarios`), they are written for a manager running a drill, not for IT.

use crate::disruption::Scenario;
use crate::entity::{EntityKind, Record};
use crate::field::{FieldErrors, Input, InputVal};

/// One seeded brief.
#[derive(Debug, Clone, Copy)]
pub struct Brief {
    pub scenario: Scenario,
    pub name: &'static str,
    pub description: &'static str,
    /// One per line, each with the time it is read out.
    pub injects: &'static str,
    pub hours: u8,
}

#[rustfmt::skip]
pub const BRIEFS: [Brief; 6] = [
    Brief { scenario: Scenario::OfficeUnavailable, name: "Office flooded overnight", hours: 8,
        description: "A burst pipe overnight floods the office. Nobody can go in: the printer, the rota board, the office phone and the key safe are out of reach until the building is declared safe.",
        injects: "07:30 the first carer arrives at the office and finds water under the door\n08:00 the landlord says nobody may enter until an electrician has checked it\n09:15 a family rings the office number to ask why their mother's carer is late\n11:00 the local authority asks where the branch is working from" },
    Brief { scenario: Scenario::PhoneBroadband, name: "Broadband and office phones down", hours: 4,
        description: "The office's broadband fails and the phone line with it. The care system is in the cloud, so nobody in the office can see the rota or call monitoring; carers' phones still work.",
        injects: "09:00 the office phones are silent and the router's lights are red\n09:20 the 4G backup router does not connect: its SIM has lapsed\n10:40 the on-call phone goes to voicemail\n11:30 the supplier says an engineer will come tomorrow" },
    Brief { scenario: Scenario::PowerCut, name: "Power cut in a winter storm", hours: 6,
        description: "A storm brings the local network down on a dark evening. There is no heating, lighting, charging or Wi-Fi; the medicines fridge starts to warm.",
        injects: "17:30 the lights go out across the street\n17:45 a person on an air mattress needs repositioning by hand\n18:30 the network operator on 105 gives no restoration time\n20:00 the last tablet's battery reaches 10%" },
    Brief { scenario: Scenario::DeviceFailed, name: "Unit tablets fail over a weekend", hours: 12,
        description: "Two of a unit's three tablets will not charge on a Saturday morning and the spare is locked in the office. Care and medicines must be recorded on paper until devices are back.",
        injects: "07:00 the night staff hand over: two tablets are dead\n07:30 the spare is in the office and nobody on shift has the key\n08:00 the morning medicines round is due\n14:00 the IT supplier's weekend line says Monday" },
    Brief { scenario: Scenario::CyberAttack, name: "Phishing e-mail takes systems offline", hours: 24,
        description: "A carer's account is phished and used to send more phishing e-mail. IT isolates e-mail and the care system while they investigate; staff must work from paper until they say it is safe.",
        injects: "08:10 several staff report a strange e-mail from a colleague\n08:40 IT disconnects e-mail and the care system\n10:00 a relative asks whether their father's records have been stolen\n13:00 IT ask whether the incident has been reported to the DSPT tool" },
    Brief { scenario: Scenario::SupplierDown, name: "Care-planning supplier's system down", hours: 4,
        description: "The cloud care-planning and call-monitoring system stops working on a weekday morning. The supplier's status page says they are investigating; no time is given for the fix.",
        injects: "07:05 carers' phones show a blank rota\n07:40 the supplier's line has a 45-minute queue\n09:00 a time-critical medicine is due for someone whose MAR is only in the app\n10:30 the supplier says four more hours" },
];

impl Brief {
    /// The brief as raw register input (systems left for the organisation to choose).
    pub fn input(&self) -> Input {
        let one = |v: &str| InputVal::One(v.to_string());
        Input::from([
            ("name".to_string(), one(self.name)),
            ("scenario".to_string(), one(self.scenario.as_str())),
            ("description".to_string(), one(self.description)),
            ("injects".to_string(), one(self.injects)),
            ("hours".to_string(), one(&self.hours.to_string())),
        ])
    }

    pub fn record(&self) -> Result<Record, FieldErrors> {
        Record::parse(EntityKind::DrillScenario, &self.input())
    }
}

/// The six briefs as records, for a new organisation.
pub fn seeded() -> Result<Vec<Record>, FieldErrors> {
    BRIEFS.iter().map(Brief::record).collect()
}

/// Injects are kept one per line; blank lines are not injects.
pub fn injects(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::choices::SCENARIO;

    #[test]
    fn every_scenario_has_one_brief_that_parses() {
        let records = seeded().unwrap();
        assert_eq!(records.len(), Scenario::ALL.len());
        for s in Scenario::ALL {
            assert_eq!(BRIEFS.iter().filter(|b| b.scenario == *s).count(), 1, "{s:?}");
        }
        assert!(records.iter().all(|r| injects(r.text("injects")).len() >= 3));
    }

    /// The brief's choice list and the disruption module's Scenario are one list of codes.
    #[test]
    fn the_scenario_choice_is_the_plan_s_six() {
        let codes: Vec<&str> = SCENARIO.iter().map(|(c, _)| *c).collect();
        let plan: Vec<&str> = Scenario::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(codes, plan);
        for ((_, label), s) in SCENARIO.iter().zip(Scenario::ALL) {
            assert_eq!(*label, s.label());
        }
    }

    #[test]
    fn injects_are_lines_without_the_blank_ones() {
        assert_eq!(injects("09:00 a\n\n  10:00 b  \n"), vec!["09:00 a", "10:00 b"]);
    }
}
