//! The response checklist each scenario starts with. An organisation edits its own copy; these
//! are what a new organisation gets. Written for a shift leader or coordinator under pressure:
//! one action per line, in the order to do them.

use super::Scenario;

/// Steps every scenario shares: people first, then the log, then the supplier and regulators.
const OPENING: &[&str] = &[
    "Tell the manager on call and name a coordinator for this disruption",
    "Get the printed downtime pack for each affected service and check it is the current version",
];
const CLOSING: &[&str] = &[
    "Ring the families on the contact list, higher-risk people first",
    "If this stops or threatens safe care, notify CQC without delay (regulation 18(2)(g)); also after 24 hours without power, gas, water or sewerage, or with nurse call, fire alarms or other safety equipment failed",
    "When systems are back: enter the paper records and reconcile them against what was due",
];

fn middle(scenario: Scenario) -> &'static [&'static str] {
    match scenario {
        Scenario::OfficeUnavailable => &[
            "Move the coordinator and on-call phone to the agreed alternative location",
            "Divert the office phone line to the on-call mobile",
            "Confirm every carer has today's visit list or rota on paper",
            "Tell the local authority and commissioners where the office is working from",
        ],
        Scenario::PhoneBroadband => &[
            "Switch to the 4G backup router or mobile hotspots",
            "Divert the office line to the on-call mobile",
            "Ring the broadband or phone supplier's fault line and log the reference",
            "Carers ring in on arrival and departure: start the manual call-monitoring sheet",
        ],
        Scenario::PowerCut => &[
            "Check everyone is safe: people on oxygen concentrators, air mattresses, hoists or powered beds first",
            "Ring the network operator on 105 and log the expected restoration time",
            "Charge phones and tablets from the power banks; keep one phone for on call",
            "Keep medicines that need a fridge cold and record fridge temperatures on paper",
        ],
        Scenario::DeviceFailed => &[
            "Take the spare devices from the cupboard and sign them out",
            "If a device was lost or stolen, have IT lock and wipe it and record a data breach check",
            "Record on paper MAR and daily-notes sheets until every carer has a working device",
            "Report the faulty device and update the device register",
        ],
        Scenario::CyberAttack => &[
            "Do not click further: disconnect affected computers from the network but leave them switched on",
            "Change the passwords of affected accounts and stop e-mail forwarding rules",
            "Ring the IT support provider and log the call; isolate systems they advise",
            "Switch to the printed visit lists and paper medicine records",
            "Report to the Data Security and Protection Toolkit incident tool if personal data may be affected (within 72 hours)",
            "Tell the police through Action Fraud if money or data was taken",
        ],
        Scenario::SupplierDown => &[
            "Ring the supplier's support line, log the reference and the time they expect to fix it",
            "Switch to the paper alternative for each affected system (see the pack's systems page)",
            "Team leaders ring carers to confirm they have today's visits and any changes",
            "Check time-critical medicines due in the next four hours are on the paper MAR",
        ],
    }
}

/// The checklist a new organisation starts with for `scenario`.
pub fn default_steps(scenario: Scenario) -> Vec<String> {
    OPENING
        .iter()
        .chain(middle(scenario))
        .chain(CLOSING)
        .map(|s| s.to_string())
        .collect()
}

/// Steps as an organisation edits them: one per line, blanks and duplicates dropped.
pub fn parse_steps(text: &str) -> Result<Vec<String>, String> {
    let mut steps: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > 300 {
            return Err(format!(
                "step '{}…' is too long: keep each step under 300 characters",
                line.chars().take(40).collect::<String>()
            ));
        }
        if !steps.iter().any(|s| s == line) {
            steps.push(line.to_string());
        }
    }
    match steps.len() {
        0 => Err("a checklist needs at least one step".into()),
        n if n > 60 => Err(format!(
            "{n} steps is too many for a checklist under pressure (at most 60)"
        )),
        _ => Ok(steps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_has_its_own_steps_between_the_shared_ones() {
        for s in Scenario::ALL {
            let steps = default_steps(*s);
            assert!(steps.len() >= 8, "{s:?}");
            assert!(steps[0].contains("manager on call"));
            assert!(steps.iter().any(|x| x.contains("regulation 18")));
        }
        assert!(
            default_steps(Scenario::CyberAttack)
                .iter()
                .any(|s| s.contains("disconnect"))
        );
        assert!(default_steps(Scenario::PowerCut).iter().any(|s| s.contains("105")));
    }

    #[test]
    fn edited_steps_are_trimmed_and_checked() {
        assert_eq!(parse_steps(" a \n\n b\na\n").unwrap(), vec!["a", "b"]);
        assert!(parse_steps("\n  \n").unwrap_err().contains("at least one"));
        assert!(parse_steps(&"x".repeat(301)).unwrap_err().contains("too long"));
    }
}
