//! People's names: realistic, diverse British names, some beyond ASCII.

use super::rng::Rng;
use std::collections::BTreeSet;

/// Who a name is for: first names differ a lot between a 90-year-old and a 30-year-old.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Era {
    Older,
    Younger,
}

struct NameGroup {
    weight: u32,
    /// `None` for names given across generations.
    era: Option<Era>,
    female: &'static [&'static str],
    male: &'static [&'static str],
    surnames: &'static [&'static str],
}

#[rustfmt::skip]
const GROUPS: &[NameGroup] = &[
    NameGroup { weight: 55, era: Some(Era::Older),
        female: &["Margaret", "Dorothy", "Joan", "Jean", "Sheila", "Eileen", "Brenda", "Irene", "Pauline", "Barbara", "Valerie", "Doreen", "Mavis", "Edna", "Hilda", "Joyce", "Audrey", "Kathleen", "Patricia", "Elizabeth", "Mary", "Ann"],
        male: &["John", "David", "Peter", "Michael", "Robert", "Alan", "Brian", "Kenneth", "Derek", "Raymond", "Trevor", "Colin", "Gordon", "Harold", "Arthur", "Stanley", "Frank", "Ronald", "Dennis", "Geoffrey", "Albert", "Norman", "Roy", "Keith"],
        surnames: &["Smith", "Jones", "Taylor", "Brown", "Wilson", "Johnson", "Robinson", "Wright", "Thompson", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Hargreaves", "Ackroyd", "Sutcliffe", "Holroyd", "Barraclough", "Firth", "Haigh", "Shaw", "Booth", "Lister", "Greenwood", "Marsden", "Whiteley"] },
    NameGroup { weight: 45, era: Some(Era::Younger),
        female: &["Sophie", "Emily", "Hannah", "Megan", "Jessica", "Olivia", "Amelia", "Ellie", "Holly", "Leah", "Chloé", "Zoë", "Lauren", "Charlotte", "Rebecca", "Gemma", "Danielle", "Jade", "Stacey", "Natalie", "Rachel", "Claire", "Louise", "Kelly"],
        male: &["James", "Thomas", "Jack", "Ryan", "Liam", "Callum", "Daniel", "Matthew", "Joshua", "Luke", "Adam", "Nathan", "Jordan", "Connor", "Ben", "Sam", "Craig", "Lee", "Darren", "Paul", "Mark", "Andrew", "Stuart", "Gavin"],
        surnames: &["Smith", "Jones", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Harris", "Martin", "Cooper", "Ward", "Turner", "Hill", "Moore", "Parker", "Bennett", "Atkinson", "Dixon", "Hudson", "Fletcher", "Holmes", "Barker", "Pearson", "Lockwood"] },
    NameGroup { weight: 4, era: None,
        female: &["Siân", "Bethan", "Eluned", "Ffion", "Catrin", "Angharad", "Rhiannon", "Gwenllian"],
        male: &["Dafydd", "Rhodri", "Gareth", "Iwan", "Gruffydd", "Emyr", "Huw", "Aled"],
        surnames: &["Pritchard", "Llewellyn", "Hughes", "Evans", "Davies", "Morgan", "Griffiths", "Price", "Rees", "Powell"] },
    NameGroup { weight: 4, era: None,
        female: &["Morag", "Isla", "Eilidh", "Fiona", "Catriona", "Mhairi", "Kirsty", "Shona"],
        male: &["Euan", "Hamish", "Angus", "Fraser", "Alasdair", "Ruaridh", "Iain", "Murdo"],
        surnames: &["MacLeod", "Campbell", "Stewart", "MacDonald", "Robertson", "Murray", "Sinclair", "McKenzie"] },
    NameGroup { weight: 5, era: None,
        female: &["Aoife", "Niamh", "Siobhán", "Bríd", "Máire", "Orla", "Róisín", "Nuala"],
        male: &["Seán", "Ciarán", "Pádraig", "Declan", "Eoin", "Colm", "Donal", "Cathal"],
        surnames: &["Ó Briain", "O'Neill", "Murphy", "Byrne", "Doyle", "Kavanagh", "Quinn", "Gallagher"] },
    NameGroup { weight: 12, era: None,
        female: &["Priya", "Sunita", "Harpreet", "Nasreen", "Shabana", "Fatima", "Aisha", "Amira", "Rukhsana", "Parveen", "Anjali", "Meera", "Zainab", "Kulwinder"],
        male: &["Mohammed", "Imran", "Tariq", "Rajesh", "Sanjay", "Gurpreet", "Harjit", "Arjun", "Ashok", "Farooq", "Abdul", "Vikram", "Rahul", "Yusuf"],
        surnames: &["Patel", "Khan", "Hussain", "Ahmed", "Singh", "Sharma", "Chowdhury", "Akhtar", "Mistry", "Gill", "Sandhu", "Iqbal", "Shah", "Rahman"] },
    NameGroup { weight: 5, era: None,
        female: &["Hyacinth", "Marcia", "Beverley", "Precious", "Claudette", "Yvonne", "Keisha", "Shanice"],
        male: &["Winston", "Delroy", "Errol", "Clive", "Leroy", "Desmond", "Everton", "Marlon"],
        surnames: &["Campbell", "Grant", "Francis", "Henry", "Thomas", "Reid", "Samuels", "Bailey"] },
    NameGroup { weight: 5, era: None,
        female: &["Ngozi", "Amara", "Adaeze", "Folasade", "Abena", "Chiamaka", "Yewande", "Efua"],
        male: &["Chidi", "Emeka", "Kwame", "Kofi", "Tunde", "Oluwaseun", "Kwabena", "Ifeanyi"],
        surnames: &["Ọkafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Eze", "Adebayo", "Asante", "Nwosu"] },
    NameGroup { weight: 6, era: None,
        female: &["Małgorzata", "Agnieszka", "Katarzyna", "Zofia", "Ewa", "Joanna", "Ioana", "Ana"],
        male: &["Łukasz", "Piotr", "Tomasz", "Krzysztof", "Paweł", "Marek", "Andrei", "Mihai"],
        surnames: &["Nowak", "Wójcik", "Mazur", "Krawczyk", "Kaczmarek", "Popescu", "Ionescu", "Wróbel"] },
    NameGroup { weight: 3, era: None,
        female: &["Mei", "Lian", "Hui", "Anh", "Linh", "Xin"],
        male: &["Wei", "Jun", "Hao", "Ming", "Minh", "Tuan"],
        surnames: &["Chen", "Wong", "Lam", "Cheung", "Nguyen", "Tran", "Li"] },
    NameGroup { weight: 3, era: None,
        female: &["Ingrid", "Astrid", "Renée", "Lucía", "Inês", "Sofia"],
        male: &["Björn", "Lars", "José", "Søren", "João", "Matteo"],
        surnames: &["Andersson", "Lindqvist", "Santos", "Ferreira", "Costa", "Rossi", "Jensen"] },
];

/// Short forms people often prefer to be called by.
const NICKNAMES: &[(&str, &str)] = &[
    ("Margaret", "Peggy"),
    ("Elizabeth", "Betty"),
    ("Patricia", "Pat"),
    ("Dorothy", "Dot"),
    ("Kathleen", "Kath"),
    ("Robert", "Bob"),
    ("Michael", "Mick"),
    ("Kenneth", "Ken"),
    ("Raymond", "Ray"),
    ("Ronald", "Ron"),
    ("Geoffrey", "Geoff"),
    ("Albert", "Bert"),
    ("Rebecca", "Becky"),
    ("Matthew", "Matt"),
    ("Joshua", "Josh"),
    ("Daniel", "Danny"),
    ("Thomas", "Tom"),
    ("Mohammed", "Mo"),
    ("Oluwaseun", "Seun"),
    ("Małgorzata", "Gosia"),
    ("Folasade", "Sade"),
    ("Alasdair", "Ali"),
    ("Catriona", "Cat"),
    ("Gwenllian", "Gwen"),
];

/// A person's name, with the group it came from so relatives can share its heritage.
#[derive(Debug, Clone, Copy)]
pub(super) struct Name {
    group: usize,
    pub first: &'static str,
    pub last: &'static str,
    pub female: bool,
}

impl Name {
    pub fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    /// A common short form, or "Mrs Patel" for some older people, or nothing.
    pub fn preferred(&self, rng: &mut Rng, older: bool) -> Option<String> {
        if let Some((_, short)) = NICKNAMES.iter().find(|(n, _)| *n == self.first)
            && rng.percent(60)
        {
            return Some((*short).to_string());
        }
        if older && rng.percent(12) {
            let title = if self.female { "Mrs" } else { "Mr" };
            return Some(format!("{title} {}", self.last));
        }
        None
    }
}

/// Hands out names, unique within the organisation while the tables allow it.
#[derive(Debug, Default)]
pub(super) struct NameBook {
    used: BTreeSet<String>,
}

impl NameBook {
    pub fn fresh(&mut self, rng: &mut Rng, era: Era) -> Name {
        let mut name = random_name(rng, era);
        for _ in 0..30 {
            if !self.used.contains(&name.full()) {
                break;
            }
            name = random_name(rng, era);
        }
        self.used.insert(name.full());
        name
    }
}

fn random_name(rng: &mut Rng, era: Era) -> Name {
    let groups: Vec<(usize, &NameGroup)> = GROUPS
        .iter()
        .enumerate()
        .filter(|(_, g)| g.era.is_none_or(|e| e == era))
        .collect();
    let total: u32 = groups.iter().map(|(_, g)| g.weight).sum();
    let mut ticket = rng.between(1, total);
    let mut chosen = groups[0];
    for entry in &groups {
        if ticket <= entry.1.weight {
            chosen = *entry;
            break;
        }
        ticket -= entry.1.weight;
    }
    let female = rng.percent(55);
    name_in(rng, chosen.0, female, None)
}

fn name_in(rng: &mut Rng, group: usize, female: bool, last: Option<&'static str>) -> Name {
    let g = &GROUPS[group];
    let first = rng.pick(if female { g.female } else { g.male });
    Name {
        group,
        first,
        last: last.unwrap_or_else(|| rng.pick(g.surnames)),
        female,
    }
}

/// A relative of `of`: same heritage, and the family surname when `family_surname`.
pub(super) fn relative(rng: &mut Rng, of: &Name, female: bool, family_surname: bool) -> Name {
    name_in(rng, of.group, female, family_surname.then_some(of.last))
}
