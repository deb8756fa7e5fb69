//! HTML form bodies: repeated keys for lists, `name.first`/`name.second` rows for pairs, and
//! the hidden `csrf` and `version` fields every register form carries.

use lantern_core::{EntityKind, FieldKind, Input, InputVal};

/// A decoded form body, keys in the order sent.
#[derive(Debug, Default, Clone)]
pub struct FormBody(pub Vec<(String, String)>);

impl FormBody {
    pub fn parse(bytes: &[u8]) -> Self {
        FormBody(form_urlencoded::parse(bytes).into_owned().collect())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The entity's fields as raw input. Absent checkboxes mean "no".
    pub fn to_input(&self, kind: EntityKind) -> Input {
        let mut input = Input::new();
        for f in kind.spec().fields {
            let val = match f.kind {
                FieldKind::Pairs { .. } => {
                    let firsts = self.all(&format!("{}.first", f.name));
                    let seconds = self.all(&format!("{}.second", f.name));
                    let rows = firsts
                        .into_iter()
                        .enumerate()
                        .map(|(i, a)| (a, seconds.get(i).cloned().unwrap_or_default()))
                        .collect();
                    Some(InputVal::Pairs(rows))
                }
                FieldKind::RefList(_) => Some(InputVal::Many(self.all(f.name))),
                FieldKind::Bool => Some(InputVal::One(
                    if self.get(f.name).is_some() { "yes" } else { "no" }.into(),
                )),
                _ => self.get(f.name).map(|v| InputVal::One(v.to_string())),
            };
            if let Some(v) = val {
                input.insert(f.name.to_string(), v);
            }
        }
        input
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lantern_core::Record;

    #[test]
    fn a_person_form_becomes_a_record() {
        let body = "service_id=1&full_name=Zo%C3%AB+Adams&date_of_birth=1950-01-02&risk_tier=high\
                    &key_risks.first=Choking&key_risks.second=Soft+diet&key_risks.first=&key_risks.second=\
                    &allergies=Penicillin%0D%0ALatex&csrf=abc";
        let form = FormBody::parse(body.as_bytes());
        assert_eq!(form.get("csrf"), Some("abc"));
        let r = Record::parse(EntityKind::Person, &form.to_input(EntityKind::Person)).unwrap();
        assert_eq!(r.text("full_name"), "Zoë Adams");
        assert_eq!(r.get("key_risks").text(), "Choking: Soft diet");
        assert_eq!(r.get("allergies").text(), "Penicillin, Latex");
    }

    #[test]
    fn unticked_boxes_are_no_and_multi_selects_are_lists() {
        let form = FormBody::parse(b"full_name=A&role=coordinator&phone=07700900000&services=1&services=3");
        let r = Record::parse(EntityKind::Staff, &form.to_input(EntityKind::Staff)).unwrap();
        assert_eq!(r.refs("services"), vec![1, 3]);
        let form = FormBody::parse(b"person_id=1&rank=1&name=B&relationship=Son&phone=07700900000");
        let r = Record::parse(EntityKind::Contact, &form.to_input(EntityKind::Contact)).unwrap();
        assert!(!r.flag("proactive"));
    }
}
