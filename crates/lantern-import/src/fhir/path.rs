//! Typed reading of one resource, with the JSON path of a value of the wrong type.
//!
//! serde reports *what* was wrong ("invalid type: integer `5`, expected a string") but not
//! *where*. Rather than a path-tracking deserializer (a dependency, or a few hundred lines),
//! the place is found when an error happens, which is rare: the element whose removal makes
//! that error go away is the culprit, searched for from the root down. The structs are all
//! `#[serde(default)]`, so removing an element is always otherwise harmless.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// At most this many trial reads to find a path; a pathological input gets a shorter path.
const BUDGET: usize = 200;

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Reads `value` as `T`. On failure: the path below the value (".birthDate",
/// ".identifier[0].value"; empty for the value itself) and serde's message.
pub fn read<T: DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    match T::deserialize(value) {
        Ok(t) => Ok(t),
        Err(e) => {
            let message = e.to_string();
            let steps = locate::<T>(value, &message);
            Err((render(&steps), message))
        }
    }
}

fn locate<T: DeserializeOwned>(root: &Value, message: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut budget = BUDGET;
    loop {
        let children: Vec<Step> = match node(root, &steps) {
            Some(Value::Object(map)) => map.keys().cloned().map(Step::Key).collect(),
            Some(Value::Array(items)) => (0..items.len()).map(Step::Index).collect(),
            _ => break,
        };
        let mut culprit = None;
        for child in children {
            if budget == 0 {
                return steps;
            }
            budget -= 1;
            let mut trial = root.clone();
            if let Some(parent) = node_mut(&mut trial, &steps) {
                match (parent, &child) {
                    (Value::Object(map), Step::Key(k)) => {
                        map.remove(k);
                    }
                    (Value::Array(items), Step::Index(i)) if *i < items.len() => {
                        items.remove(*i);
                    }
                    _ => {}
                }
            }
            let gone = match T::deserialize(&trial) {
                Ok(_) => true,
                Err(e) => e.to_string() != message,
            };
            if gone {
                culprit = Some(child);
                break;
            }
        }
        match culprit {
            Some(step) => steps.push(step),
            None => break,
        }
    }
    steps
}

fn node<'a>(root: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(root, |v, s| match s {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(i),
    })
}

fn node_mut<'a>(root: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(root, |v, s| match s {
        Step::Key(k) => v.get_mut(k),
        Step::Index(i) => v.get_mut(i),
    })
}

fn render(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Default)]
    #[serde(default)]
    struct Id {
        value: Option<String>,
    }

    #[derive(Debug, Deserialize, Default)]
    #[serde(default, rename_all = "camelCase")]
    struct P {
        birth_date: Option<String>,
        identifier: Vec<Id>,
    }

    #[test]
    fn finds_the_element_of_the_wrong_type() {
        let v: Value = serde_json::json!({"birthDate": 5});
        let (path, msg) = read::<P>(&v).unwrap_err();
        assert_eq!(path, ".birthDate");
        assert!(msg.contains("invalid type"), "{msg}");
        let v: Value = serde_json::json!({"identifier": [{"value": "a"}, {"value": 7}], "x": 1});
        assert_eq!(read::<P>(&v).unwrap_err().0, ".identifier[1].value");
        let v: Value = serde_json::json!("text");
        assert_eq!(read::<P>(&v).unwrap_err().0, "");
    }
}
