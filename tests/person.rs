//! Who is ready, per person: one person's skills, topics and duties, and each key-person
//! risk present on hand-made data and gone once it is fixed; the person view on the demo,
//! opened from Staffing, scrolled, and left for the topic chosen in it.

mod common;

use botdash::app::detail::{Pane, sections};
use botdash::app::place::RecordRef;
use botdash::app::{App, Overlay, ReadinessTab, Screen};
use botdash::model::person::{PersonReadiness, RiskKind, TopicRole, person_readiness};
use botdash::model::*;
use botdash::store::edit::Table;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    day("2026-06-15")
}

fn person(id: &str, state: PersonState) -> Person {
    Person { id: id.into(), ..Person::new(None, id.into(), state) }
}

fn skill(id: &str, required_level: u8, criticality: u8) -> Skill {
    Skill {
        id: id.into(),
        name: id.into(),
        category: String::new(),
        required_level,
        min_holders: 2,
        criticality,
    }
}

fn rating(person: &str, skill: &str, level: u8) -> SkillRating {
    SkillRating { person_id: person.into(), skill_id: skill.into(), level, assessed_at: None }
}

/// Anna holds the critical skill "incident" at level 3, alone (Ben is at 2), and is
/// accountable for the critical duty "on-call", which needs it, due 2026-09-01. She takes the
/// topic "runbooks", due 2026-08-01, from Jo of the contractor, who stays until 2026-07-15.
fn engagement() -> EngagementData {
    let mut data = EngagementData::new(Engagement {
        id: "e".into(),
        slug: "e".into(),
        client: "Client".into(),
        name: "Name".into(),
        start_date: None,
        planned_transfer_date: None,
        current_phase: Phase::Operate,
        readiness_threshold: 80,
        weights: None,
        weights_problem: None,
        archived: false,
        currency: "EUR".into(),
    });
    data.people = vec![person("anna", PersonState::Independent), person("ben", PersonState::Hired)];
    data.skills = vec![skill("incident", 3, CRITICAL), skill("billing", 2, 1)];
    data.ratings = vec![
        rating("anna", "incident", 3),
        rating("ben", "incident", 2),
        rating("anna", "billing", 2),
    ];
    data.responsibilities = vec![Responsibility {
        id: "on-call".into(),
        activity: "on-call".into(),
        criticality: CRITICAL,
        owner: Owner::ReverseShadowing,
        target_date: Some(day("2026-09-01")),
        accountable_id: Some("anna".into()),
        verifier_id: Some("ben".into()),
        signer_id: None,
        skill_id: Some("incident".into()),
    }];
    data.kt_topics = vec![KtTopic {
        id: "runbooks".into(),
        skill_id: Some("incident".into()),
        title: "runbooks".into(),
        status: KtStatus::Shadowing,
        due_date: Some(day("2026-08-01")),
        signed_off_at: None,
        trainer_id: Some("jo".into()),
        signed_off_by_id: None,
    }];
    data.kt_trainees = vec![KtTrainee { topic_id: "runbooks".into(), person_id: "anna".into() }];
    data.contractor_staff = vec![ContractorPerson {
        id: "jo".into(),
        name: "Jo".into(),
        role: "Lead engineer".into(),
        on_from: Some(day("2026-01-01")),
        until: Some(day("2026-07-15")),
    }];
    data
}

fn view(data: &EngagementData, id: &str) -> PersonReadiness {
    person_readiness(data, id, today()).expect("the person is there")
}

/// The kinds of risk of `id`, each with the record it is about.
fn risks(data: &EngagementData, id: &str) -> Vec<(RiskKind, RecordId)> {
    view(data, id).risks.into_iter().map(|r| (r.kind, r.about)).collect()
}

#[test]
fn a_persons_skills_stand_against_the_required_levels_with_the_only_holder_marked() {
    let data = engagement();
    let anna = view(&data, "anna");
    let incident = &anna.skills[0];
    assert_eq!((incident.rated, incident.required, incident.gap), (3, 3, 0));
    assert!(incident.only_holder && incident.critical);
    let ben = view(&data, "ben");
    assert_eq!((ben.skills[0].rated, ben.skills[0].gap, ben.skills[0].only_holder), (2, 1, false));
    assert_eq!((ben.skills[1].rated, ben.skills[1].gap), (0, 2), "not rated is level 0");
    assert_eq!(anna.topics[0].roles, [TopicRole::Trainee]);
    assert_eq!(anna.duties[0].activity, "on-call");
    assert_eq!(ben.duties[0].roles.iter().map(|r| r.label()).collect::<Vec<_>>(), ["verifies"]);
    assert!(person_readiness(&data, "nobody", today()).is_none());
    assert!(!anna.topics[0].late && !anna.duties[0].late, "both due after today");
    let mut late = data.clone();
    late.kt_topics[0].due_date = Some(day("2026-06-01"));
    late.responsibilities[0].target_date = Some(day("2026-06-01"));
    let anna = view(&late, "anna");
    assert!(anna.topics[0].late && anna.duties[0].late, "as the header counts them");
}

#[test]
fn the_only_holder_of_a_critical_skill_is_a_key_person_until_a_second_one_is_trained() {
    let mut data = engagement();
    let only = (RiskKind::OnlyHolder, RecordId::Skill("incident".into()));
    assert!(risks(&data, "anna").contains(&only));
    let text = &view(&data, "anna").risks[0].text;
    assert!(text.contains("'incident'") && text.contains("train a second person"), "{text}");
    // Anna is the only holder of "billing" too, but it is not critical: no risk.
    assert!(
        !risks(&data, "anna").iter().any(|(_, about)| *about == RecordId::Skill("billing".into()))
    );

    data.people[1].state = PersonState::Left;
    data.ratings[1].level = 3;
    assert!(risks(&data, "anna").contains(&only), "someone who left holds nothing");
    data.people[1].state = PersonState::Hired;
    assert!(!risks(&data, "anna").contains(&only));
    assert!(!view(&data, "anna").skills[0].only_holder);
}

#[test]
fn accountable_for_a_critical_duty_without_a_stand_in_is_a_key_person_risk() {
    let mut data = engagement();
    let no_stand_in = (RiskKind::NoStandIn, RecordId::Responsibility("on-call".into()));
    assert!(risks(&data, "anna").contains(&no_stand_in));
    assert!(!risks(&data, "ben").contains(&no_stand_in), "Ben only verifies it");

    data.ratings[1].level = 3;
    assert!(!risks(&data, "anna").contains(&no_stand_in), "Ben can stand in now");
    data.ratings[1].level = 2;
    data.responsibilities[0].criticality = 2;
    assert!(!risks(&data, "anna").contains(&no_stand_in), "not a critical duty");
}

#[test]
fn leaving_before_a_duty_or_a_topic_is_due_is_a_key_person_risk() {
    let mut data = engagement();
    let duty = (RiskKind::LeavesBefore, RecordId::Responsibility("on-call".into()));
    let topic = (RiskKind::LeavesBefore, RecordId::KtTopic("runbooks".into()));
    assert!(!risks(&data, "anna").contains(&duty), "no leaving date, no risk");

    data.people[0].left_at = Some(day("2026-08-15"));
    assert_eq!(view(&data, "anna").dates.last(), Some(&("leaves", day("2026-08-15"))));
    assert!(risks(&data, "anna").contains(&duty), "leaves before the duty's target");
    assert!(!risks(&data, "anna").contains(&topic), "leaves after the topic's due date");
    let text = view(&data, "anna").risks.last().unwrap().text.clone();
    assert!(text.starts_with("Leaves on 2026-08-15") && text.contains("(accountable)"), "{text}");
    data.responsibilities[0].target_date = Some(day("2026-08-01"));
    assert!(!risks(&data, "anna").contains(&duty), "the duty is due before she leaves");

    // The contractor's trainer leaves on 2026-07-15, before the topic is due.
    let jo = view(&data, "jo");
    assert_eq!((jo.state.as_str(), jo.leaves), ("contractor", Some(day("2026-07-15"))));
    assert_eq!(jo.topics[0].roles, [TopicRole::Trainer]);
    assert!(risks(&data, "jo").contains(&topic));
    assert!(jo.risks[0].text.contains("name another trainer"), "{}", jo.risks[0].text);
    data.kt_topics[0].status = KtStatus::SignedOff;
    assert!(!risks(&data, "jo").contains(&topic), "a signed-off topic is done");
}

/// The demo app with the engagement in Operate open on the Staffing view, the cursor on the
/// first of its client people who takes a KT topic and has a key-person risk.
fn on_a_trainee() -> (App, String) {
    let mut app = common::demo_app();
    common::keys(&mut app, "/nordw\r\r3");
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let trainee = data.people.iter().find(|p| {
        let view = view(&data, &p.id);
        !view.topics.is_empty() && !view.risks.is_empty()
    });
    let id = trainee.expect("the demo has a trainee at risk").id.clone();
    assert!(app.state.go_to_record(&RecordRef::new(Table::Person, &id)));
    (app, id)
}

/// Whether `screen` counts the lines scrolled away beyond `arrow`: "↓ 25 more".
fn counted(screen: &str, arrow: char) -> bool {
    let after = screen.split(arrow).skip(1);
    after.into_iter().any(|rest| {
        rest.strip_prefix(' ').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[test]
fn enter_on_a_person_opens_their_view_and_enter_on_a_topic_goes_to_it() {
    let (mut app, id) = on_a_trainee();
    common::keys(&mut app, "\r");
    let person = app.state.shown_person().expect("the person's view is open");
    assert_eq!(person.record, RecordId::Person(id));
    let rows: Vec<RecordRef> =
        sections(&person).into_iter().flat_map(|s| s.rows).map(|r| r.target).collect();
    let topic = rows.iter().position(|r| r.table == Table::KtTopic).unwrap();
    common::keys(&mut app, &"j".repeat(topic));
    common::keys(&mut app, "\r");
    assert!(app.state.detail.is_none(), "the view closes");
    assert_eq!(
        (app.state.screen, app.state.screens.readiness.tab),
        (Screen::Readiness, ReadinessTab::Kt)
    );
    assert_eq!(app.state.selected_record(), Some(rows[topic].clone()));
}

#[test]
fn the_view_says_the_persons_risks_scrolls_with_counts_and_esc_closes_it_while_enter_on_a_role_edits()
 {
    let (mut app, _) = on_a_trainee();
    common::keys(&mut app, "\r");
    let risk = app.state.shown_person().unwrap().risks[0].text.clone();
    let terminal = common::draw(&mut app, 80, 24);
    let screen: String = terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    let start: String = risk.chars().take(30).collect();
    assert!(screen.contains(&format!("! {start}")), "{screen}");
    assert!(counted(&screen, '↓') && !counted(&screen, '↑'), "below is counted: {screen}");
    common::keys(&mut app, "G");
    let last = app.state.shown_person().unwrap().duties.last().unwrap().activity.clone();
    let terminal = common::draw(&mut app, 80, 24);
    let screen: String = terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains(&last) && counted(&screen, '↑'), "at the last duty: {screen}");
    common::keys(&mut app, "\x1b");
    assert!(app.state.detail.is_none());

    common::keys(&mut app, "g\r");
    assert_eq!(app.state.selected_record().unwrap().table, Table::Role);
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))), "a role is edited");
}

#[test]
fn a_contractors_person_shows_what_they_teach_and_until_when_but_no_skills_or_duties() {
    let data = engagement();
    let jo = view(&data, "jo");
    assert_eq!(jo.dates, [("on from", day("2026-01-01")), ("until", day("2026-07-15"))]);
    let titles: Vec<&str> = sections(&jo).iter().map(|s| s.title).collect();
    assert_eq!(titles, ["Key-person risk", "Knowledge transfer"]);
    let anna: Vec<&str> = sections(&view(&data, "anna")).iter().map(|s| s.title).collect();
    assert_eq!(anna, ["Key-person risk", "Skills", "Knowledge transfer", "Responsibilities"]);
}

/// The person view's risks about a duty's stand-in, a missing holder and a person gone, and
/// the findings say the same of `data`: each such risk has its finding about the same record,
/// and each such finding its risk in the view of someone.
fn agree(data: &EngagementData) {
    let found = findings(data, today());
    let ids = data.people.iter().map(|p| &p.id).chain(data.contractor_staff.iter().map(|c| &c.id));
    let risks: Vec<(RiskKind, RecordId)> = ids.flat_map(|id| risks(data, id)).collect();
    let pairs = [
        (RiskKind::NoStandIn, FindingKind::NoStandIn),
        (RiskKind::NoHolder, FindingKind::NoClientHolder),
        (RiskKind::LeftButNamed, FindingKind::LeftButNamed),
    ];
    for (risk, finding) in pairs {
        for (_, about) in risks.iter().filter(|(kind, _)| *kind == risk) {
            assert!(found.iter().any(|f| f.kind == finding && f.about == *about), "{about:?}");
        }
        for f in found.iter().filter(|f| f.kind == finding) {
            let accountable = match &f.about {
                RecordId::Responsibility(id) => data
                    .responsibilities
                    .iter()
                    .find(|r| r.id == *id)
                    .unwrap()
                    .accountable_id
                    .clone(),
                _ => None,
            };
            if finding == FindingKind::NoClientHolder && accountable.is_none() {
                continue;
            }
            assert!(risks.contains(&(risk, f.about.clone())), "no risk for: {}", f.finding);
        }
    }
}

/// Felix is rated 2 in Incident response (level 3), which nobody holds, and is accountable for
/// the critical duty On-call with the client: what is true is that nobody holds it.
#[test]
fn accountable_for_a_duty_nobody_can_do_is_no_missing_stand_in() {
    let mut data = engagement();
    data.ratings[0].level = 2;
    data.responsibilities[0].owner = Owner::Client;
    let anna = view(&data, "anna");
    let duty = RecordId::Responsibility("on-call".into());
    assert!(!risks(&data, "anna").contains(&(RiskKind::NoStandIn, duty.clone())));
    let risk = anna.risks.iter().find(|r| r.kind == RiskKind::NoHolder).expect("nobody holds it");
    assert_eq!(risk.about, duty);
    assert_eq!(
        risk.text,
        "Accountable for 'on-call', which is with the client, though nobody on the client's team \
         holds 'incident' at level 3 (rated 2 here): train someone to that level or keep it with \
         the contractor."
    );
    agree(&data);

    // Still with the contractor: no risk about who can do it yet.
    data.responsibilities[0].owner = Owner::Contractor;
    assert!(
        risks(&data, "anna").iter().all(|(_, about)| *about != duty),
        "{:?}",
        risks(&data, "anna")
    );
    // Anna the only holder, the duty with the contractor: nothing rests on her yet.
    data.ratings[0].level = 3;
    assert!(!risks(&data, "anna").contains(&(RiskKind::NoStandIn, duty.clone())));
    data.responsibilities[0].owner = Owner::Client;
    assert!(risks(&data, "anna").contains(&(RiskKind::NoStandIn, duty)));
    agree(&data);
}

#[test]
fn someone_gone_who_still_trains_or_is_accountable_is_told_to_hand_it_on() {
    // Jo of the contractor stayed until 2026-06-01; the topic he trains is not signed off.
    let mut data = engagement();
    data.contractor_staff[0].until = Some(day("2026-06-01"));
    let jo = view(&data, "jo");
    let topic = RecordId::KtTopic("runbooks".into());
    let [risk] = &jo.risks[..] else { panic!("{:?}", jo.risks) };
    assert_eq!((risk.kind, &risk.about), (RiskKind::LeftButNamed, &topic));
    assert_eq!(
        risk.text,
        "Left on 2026-06-01 but still trains the KT topic 'runbooks' (at shadowing, due \
         2026-08-01): name a new trainer."
    );
    agree(&data);

    data.people[0].left_at = Some(day("2026-06-01"));
    assert_eq!(view(&data, "anna").dates.last(), Some(&("left", day("2026-06-01"))));
    data.people[0].left_at = None;

    // Anna left undated while accountable for the critical duty, now with the client.
    data.people[0].state = PersonState::Left;
    data.responsibilities[0].owner = Owner::Client;
    let anna = view(&data, "anna");
    let risk = anna.risks.iter().find(|r| r.kind == RiskKind::LeftButNamed).expect("a risk");
    assert_eq!(
        risk.text,
        "Has left but is still accountable for the critical duty 'on-call', which is with the \
         client: name who takes it over."
    );
    assert!(!anna.risks.iter().any(|r| r.kind == RiskKind::OnlyHolder), "she holds nothing");
    agree(&data);
}

#[test]
fn the_person_views_and_the_findings_agree_on_every_sample_engagement() {
    let mut store = botdash::store::Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    for engagement in store.engagements().unwrap() {
        agree(&store.load(engagement).unwrap());
    }
}

#[test]
fn o_on_a_persons_view_shows_their_whole_record_and_o_again_closes_it() {
    let (mut app, id) = on_a_trainee();
    common::keys(&mut app, "\r");
    assert!(app.state.shown_person().is_some());
    common::keys(&mut app, "o");
    assert!(app.state.shown_person().is_none(), "the view gave way to the record");
    assert_eq!(app.state.detail.as_ref().map(|d| &d.pane), Some(&Pane::Record));
    assert_eq!(app.state.selected_record(), Some(RecordRef::new(Table::Person, &id)));
    common::keys(&mut app, "o");
    assert!(app.state.detail.is_none());
}
