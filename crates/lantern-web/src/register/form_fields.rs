//! Builds form widgets from an entity's fields and the user's (possibly invalid) input.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::views::{FormField, SelectOption, Widget};
use lantern_core::{EntityKind, FieldErrors, FieldKind, Input, InputVal};
use lantern_store::ListQuery;
use std::collections::BTreeMap;

/// Choices for reference fields: (id, title) of current records the user may see.
pub type RefOptions = BTreeMap<EntityKind, Vec<(i64, String)>>;

pub async fn ref_options(state: &AppState, me: &CurrentUser, kind: EntityKind) -> Result<RefOptions, AppError> {
    let mut out = RefOptions::new();
    for (_, target) in kind.spec().references() {
        if out.contains_key(&target) {
            continue;
        }
        let q = ListQuery {
            access: me.user.access.clone(),
            limit: 5000,
            ..Default::default()
        };
        let page = state.app.store.list(target, &q).await?;
        out.insert(
            target,
            page.items.into_iter().map(|s| (s.id, s.record.title())).collect(),
        );
    }
    Ok(out)
}

fn one(input: &Input, name: &str) -> String {
    match input.get(name) {
        Some(InputVal::One(s)) => s.clone(),
        Some(InputVal::Many(v)) => v.join(", "),
        _ => String::new(),
    }
}

fn many(input: &Input, name: &str) -> Vec<String> {
    match input.get(name) {
        Some(InputVal::Many(v)) => v.clone(),
        Some(InputVal::One(s)) => s
            .split([',', '\n'])
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn options(list: &[(i64, String)], selected: &[String]) -> Vec<SelectOption> {
    list.iter()
        .map(|(id, title)| SelectOption {
            value: id.to_string(),
            label: title.clone(),
            selected: selected.contains(&id.to_string()),
        })
        .collect()
}

fn input(input_type: &'static str, value: String, extra: &'static str) -> Widget {
    Widget::Input {
        input_type,
        value,
        extra,
    }
}

pub fn build(kind: EntityKind, values: &Input, errors: &FieldErrors, refs: &RefOptions) -> Vec<FormField> {
    kind.spec()
        .fields
        .iter()
        .map(|f| {
            let widget = match f.kind {
                FieldKind::Text { .. } | FieldKind::CqcLocation => input("text", one(values, f.name), ""),
                FieldKind::Postcode => input(
                    "text",
                    one(values, f.name),
                    "autocomplete=\"postal-code\" class=\"short\"",
                ),
                FieldKind::Nhs => input("text", one(values, f.name), "inputmode=\"numeric\" class=\"short\""),
                FieldKind::Phone => input("tel", one(values, f.name), "class=\"short\""),
                FieldKind::Email => input("email", one(values, f.name), ""),
                FieldKind::Int { .. } => input("text", one(values, f.name), "inputmode=\"numeric\" class=\"short\""),
                FieldKind::Date => input("date", one(values, f.name), "class=\"short\""),
                FieldKind::Time => input("time", one(values, f.name), "class=\"short\""),
                FieldKind::TimeList => input("text", many(values, f.name).join(", "), "inputmode=\"numeric\""),
                FieldKind::LongText => Widget::TextArea {
                    value: one(values, f.name),
                    rows: 4,
                },
                FieldKind::TextList => Widget::TextArea {
                    value: many(values, f.name).join("\n"),
                    rows: 3,
                },
                FieldKind::Bool => Widget::Checkbox {
                    checked: matches!(
                        one(values, f.name).to_ascii_lowercase().as_str(),
                        "yes" | "true" | "on" | "1"
                    ),
                },
                FieldKind::Choice(choices) => {
                    let current = one(values, f.name);
                    Widget::Select {
                        options: choices
                            .iter()
                            .map(|(v, l)| SelectOption {
                                value: v.to_string(),
                                label: l.to_string(),
                                selected: *v == current,
                            })
                            .collect(),
                    }
                }
                FieldKind::Ref(target) => {
                    let list = refs.get(&target).map(Vec::as_slice).unwrap_or(&[]);
                    Widget::Select {
                        options: options(list, &[one(values, f.name)]),
                    }
                }
                FieldKind::RefList(target) => {
                    let list = refs.get(&target).map(Vec::as_slice).unwrap_or(&[]);
                    let opts = options(list, &many(values, f.name));
                    if opts.len() <= 12 {
                        Widget::Checkboxes { options: opts }
                    } else {
                        Widget::MultiSelect { options: opts }
                    }
                }
                FieldKind::Pairs { first, second } => {
                    let mut rows = match values.get(f.name) {
                        Some(InputVal::Pairs(p)) => p
                            .iter()
                            .filter(|(a, b)| !a.is_empty() || !b.is_empty())
                            .cloned()
                            .collect(),
                        _ => Vec::new(),
                    };
                    // Room to add two more without any script.
                    rows.push((String::new(), String::new()));
                    rows.push((String::new(), String::new()));
                    Widget::Pairs {
                        first: first.to_string(),
                        second: second.to_string(),
                        rows,
                    }
                }
            };
            FormField {
                name: f.name.to_string(),
                label: f.label.to_string(),
                help: f.help.to_string(),
                required: f.required,
                error: errors.get(f.name).map(capitalise),
                widget,
            }
        })
        .collect()
}

/// Errors read as sentences on a page.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
