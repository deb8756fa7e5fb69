use super::*;
use jiff::civil::date;

const SERVICE: i64 = 1;
const OTHER_SERVICE: i64 = 2;

fn phishing() -> Course {
    Course {
        id: 10,
        name: "Phishing awareness".into(),
        validity_months: 12,
        roles: Vec::new(),
    }
}

fn member(id: i64, name: &str, started: Option<Date>, left: Option<Date>) -> Member {
    Member {
        id,
        name: name.into(),
        role: "care_worker".into(),
        services: vec![SERVICE],
        started,
        left,
    }
}

fn done(staff_id: i64, course_id: i64, on: Date) -> Completion {
    Completion {
        staff_id,
        course_id,
        completed_on: on,
    }
}

/// The case: over a year one carer joins (in June) and another leaves (in September);
/// each is counted only while on the staff, and a completion counts for twelve months.
#[test]
fn coverage_follows_a_staff_member_joining_and_another_leaving_mid_year() {
    let staff = [
        member(1, "Amira Khan", Some(date(2025, 1, 6)), None),
        member(2, "Ben Lowe", Some(date(2026, 6, 1)), None),
        member(3, "Cara Doyle", None, Some(date(2026, 9, 1))),
        member(4, "Dev Patel", None, None),
    ];
    let completions = [
        done(1, 10, date(2026, 2, 1)),
        done(2, 10, date(2026, 6, 15)),
        // Cara's ran out on 1 March 2026 and was never renewed.
        done(3, 10, date(2025, 3, 1)),
    ];
    let policy = TrainingPolicy::default();
    let on = |day: Date| cell(SERVICE, &phishing(), &policy, &staff, &completions, day);

    // May: Ben has not joined; Cara is overdue, Dev never trained.
    let may = on(date(2026, 5, 1));
    assert_eq!((may.covered, may.counted, may.percent), (1, 3, Some(33)));
    assert!(!may.meets_threshold);
    let names: Vec<&str> = may.needing_action().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Cara Doyle", "Dev Patel"]);
    assert_eq!(
        may.staff[0].standing,
        Standing::Overdue {
            completed_on: date(2025, 3, 1),
            expired: date(2026, 3, 1)
        }
    );
    assert_eq!(may.staff[1].standing, Standing::Never);

    // The day Ben joins he counts, untrained; a fortnight later he is covered.
    let joined = on(date(2026, 6, 1));
    assert_eq!((joined.covered, joined.counted), (1, 4));
    let july = on(date(2026, 7, 1));
    assert_eq!((july.covered, july.counted, july.percent), (2, 4, Some(50)));

    // The last day before Cara leaves she still counts; from the day she is marked as left she
    // does not.
    assert_eq!(on(date(2026, 8, 31)).counted, 4);
    let october = on(date(2026, 10, 1));
    assert_eq!((october.covered, october.counted, october.percent), (2, 3, Some(66)));
    assert!(october.staff.iter().all(|e| e.staff_id != 3));

    // Amira's completion runs out on 1 February 2027: due in January, still covered; overdue
    // from that day.
    let january = on(date(2027, 1, 15));
    assert_eq!(january.covered, 2);
    assert!(matches!(
        january.staff.iter().find(|e| e.staff_id == 1).unwrap().standing,
        Standing::Due { expires, .. } if expires == date(2027, 2, 1)
    ));
    let february = on(date(2027, 2, 1));
    assert_eq!(february.covered, 1);

    // A completion after the day does not count for it (Cara's of 2025 still does then).
    let before = on(date(2026, 1, 31));
    assert_eq!(before.covered, 1);
    assert_eq!(
        before.staff.iter().find(|e| e.staff_id == 1).unwrap().standing,
        Standing::Never
    );
}

#[test]
fn the_threshold_is_met_at_exactly_95_percent_and_never_rounded_up() {
    let staff: Vec<Member> = (1..=20)
        .map(|i| member(i, &format!("Staff {i:02}"), None, None))
        .collect();
    let day = date(2026, 12, 1);
    let policy = TrainingPolicy::default();
    let trained = |n: i64| -> Vec<Completion> { (1..=n).map(|i| done(i, 10, date(2026, 10, 1))).collect() };
    let nineteen = cell(SERVICE, &phishing(), &policy, &staff, &trained(19), day);
    assert_eq!(
        (nineteen.covered, nineteen.counted, nineteen.percent),
        (19, 20, Some(95))
    );
    assert!(nineteen.meets_threshold);
    let eighteen = cell(SERVICE, &phishing(), &policy, &staff, &trained(18), day);
    assert!(!eighteen.meets_threshold);

    // 18 of 19 is 94.7%: shown as 94 and below the line.
    let nineteen_staff = &staff[..19];
    let c = cell(SERVICE, &phishing(), &policy, nineteen_staff, &trained(18), day);
    assert_eq!((c.percent, c.meets_threshold), (Some(94), false));

    // A lower threshold set by the organisation.
    let lower = TrainingPolicy {
        threshold_percent: 90,
        ..policy
    };
    assert!(cell(SERVICE, &phishing(), &lower, &staff, &trained(18), day).meets_threshold);
}

#[test]
fn the_shorter_of_the_course_validity_and_the_policy_window_counts() {
    let staff = [member(1, "Amira Khan", None, None)];
    let completions = [done(1, 10, date(2025, 6, 1))];
    let day = date(2026, 7, 1);
    let two_year = Course {
        validity_months: 24,
        ..phishing()
    };
    // The course is valid for 24 months, but the policy only counts the last 12.
    let policy = TrainingPolicy::default();
    assert_eq!(cell(SERVICE, &two_year, &policy, &staff, &completions, day).covered, 0);
    let long_window = TrainingPolicy {
        window_months: 36,
        ..policy
    };
    assert_eq!(
        cell(SERVICE, &two_year, &long_window, &staff, &completions, day).covered,
        1
    );
    let six_month = Course {
        validity_months: 6,
        ..phishing()
    };
    assert_eq!(
        cell(SERVICE, &six_month, &long_window, &staff, &completions, day).covered,
        0
    );
}

#[test]
fn a_course_for_some_roles_counts_only_them_and_services_are_apart() {
    let mut nurse = member(1, "Nia Jones", None, None);
    nurse.role = "nurse".into();
    let carer = member(2, "Ola Smith", None, None);
    let mut elsewhere = member(3, "Pat Reed", None, None);
    elsewhere.services = vec![OTHER_SERVICE];
    let staff = [nurse, carer, elsewhere];
    let paper_mar = Course {
        id: 11,
        name: "Paper MAR".into(),
        validity_months: 12,
        roles: vec!["nurse".into(), "senior_carer".into()],
    };
    let policy = TrainingPolicy::default();
    let day = date(2026, 12, 1);
    let cells = coverage(
        &[SERVICE, OTHER_SERVICE],
        &[phishing(), paper_mar],
        &policy,
        &staff,
        &[],
        day,
    );
    let counted: Vec<(i64, i64, usize)> = cells.iter().map(|c| (c.service_id, c.course_id, c.counted)).collect();
    assert_eq!(counted, [(1, 10, 2), (1, 11, 1), (2, 10, 1), (2, 11, 0)]);
    // Nobody to train: no percentage, and nothing to flag.
    assert_eq!((cells[3].percent, cells[3].meets_threshold), (None, true));
}

/// The demo's year of training has the gaps its story needs: the home-care branch below the
/// line on phishing awareness, every other service at or above it, and someone never trained.
#[test]
fn the_demo_has_one_service_below_the_line_on_phishing_awareness() {
    let today = date(2026, 12, 3);
    let org = crate::demo::generate(&crate::demo::DemoParams::default(), today);
    let of = |kind: crate::EntityKind| {
        org.records
            .iter()
            .filter(move |(k, _)| *k == kind)
            .enumerate()
            .map(|(i, (_, r))| (i as i64 + 1, r))
    };
    let courses: Vec<Course> = of(crate::EntityKind::Course)
        .filter_map(|(id, r)| Course::from_record(id, r))
        .collect();
    let staff: Vec<Member> = of(crate::EntityKind::Staff)
        .map(|(id, r)| Member::from_record(id, r, None))
        .collect();
    let completions: Vec<Completion> = of(crate::EntityKind::TrainingRecord)
        .filter_map(|(_, r)| Completion::from_record(r))
        .collect();
    let services: Vec<(i64, &str)> = of(crate::EntityKind::Service)
        .map(|(id, r)| (id, r.text("service_type")))
        .collect();
    let ids: Vec<i64> = services.iter().map(|(id, _)| *id).collect();
    let cells = coverage(&ids, &courses, &TrainingPolicy::default(), &staff, &completions, today);
    let phishing = courses.iter().find(|c| c.name == "Phishing awareness").unwrap().id;
    for (id, kind) in &services {
        let c = cells
            .iter()
            .find(|c| c.service_id == *id && c.course_id == phishing)
            .unwrap();
        assert_eq!(
            c.meets_threshold,
            *kind != "home_care",
            "{kind}: {} of {}",
            c.covered,
            c.counted
        );
    }
    assert!(
        cells
            .iter()
            .flat_map(|c| &c.staff)
            .any(|e| e.standing == Standing::Never)
    );
    assert!(
        cells
            .iter()
            .flat_map(|c| &c.staff)
            .any(|e| matches!(e.standing, Standing::Due { .. }))
    );
    assert!(staff.iter().any(|m| m.started.is_some_and(|s| s > date(2026, 6, 1))));
}
