//! Staff scope (issue 11): liaison-station staff see and handle the messages of every station
//! of the township, whatever station their account belongs to (api/README.md, "Who may do
//! what"): one backend serves one township, whose stations triage into one list of deputies and
//! departments, and a message addressed to a station is still handled by the township's deputies
//! and departments. What staff of one station do is what staff of another may do.

mod common;
mod msgsupport;

use common::*;
use msgsupport::*;
use serde_json::{json, Value};

fn id_of(m: &Value) -> String {
    m["id"].as_str().expect("id").to_owned()
}

/// A staff account of the station of 何美玲 (not the centre station, where 黄丽 works).
fn other_station_staff(app: &TestApp) -> (String, String) {
    let station: String = app
        .db
        .with_conn(|c| c.query_row("SELECT station_id FROM deputies WHERE id = ?1", [HE], |r| r.get(0)))
        .expect("station");
    assert_ne!(station, server::demo::STATION_CENTER);
    app.db
        .with_conn(|c| {
            c.execute(
                "INSERT INTO users (id, phone, display_name, roles, station_id, created_at) \
                 VALUES ('u_staff_other', '13700000009', '周敏', 'staff', ?1, ?2)",
                server::params![station, NOW],
            )
        })
        .expect("user");
    (app.token_for("u_staff_other"), station)
}

#[tokio::test]
async fn staff_of_any_station_see_and_handle_every_station_s_messages() {
    let (app, u) = setup();
    let (zhou, station) = other_station_staff(&app);
    // private messages: to a deputy of the centre station, and to the other station itself
    let to_chen = create(&app, &u.wang, "k-1", &new_message("村口路灯不亮了", false)).await;
    let mut body = new_message("社区广场晚上太吵", false);
    body["recipient"] = json!({"kind": "station", "id": station});
    let to_station = create(&app, &u.li, "k-2", &body).await;
    let mut body = new_message("中心站门口积水", false);
    body["recipient"] = json!({"kind": "station", "id": server::demo::STATION_CENTER});
    let to_centre = create(&app, &u.li, "k-3", &body).await;
    let all = [id_of(&to_chen), id_of(&to_station), id_of(&to_centre)];

    // both staff have the same triage queue, counts and full view
    for token in [&u.huang, &zhou] {
        let mut queue = ids(&list(&app, "/api/v1/triage", Some(token)).await);
        queue.sort();
        let mut expected = all.to_vec();
        expected.sort();
        assert_eq!(queue, expected);
        for id in &all {
            let m = read(&app, Some(token), id, 200).await;
            assert_eq!(m["can"]["triage"], true, "{id}");
            assert!(m.get("location").is_some(), "the full view: {id}");
        }
    }
    let s1 = checked(&get(&app, "/api/v1/work/summary", Some(&u.huang)).await, "get", "/api/v1/work/summary", 200);
    let s2 = checked(&get(&app, "/api/v1/work/summary", Some(&zhou)).await, "get", "/api/v1/work/summary", 200);
    assert_eq!(s1, s2);

    // staff of the other station triage a message of the centre station's deputy, and staff of
    // the centre station one addressed to the other station
    let m = triage(&app, &zhou, &to_chen, "fast", ("deputy", CHEN)).await;
    assert_eq!(m["status"], "assigned");
    let m = triage(&app, &u.huang, &to_station, "fast", ("deputy", HE)).await;
    assert_eq!(m["handler"]["id"], HE);
    // and act as handlers on each other's, like staff of one station do
    let m = read(&app, Some(&zhou), &id_of(&to_chen), 200).await;
    assert_eq!(m["can"]["reply"], true);
    act(&app, Some(&zhou), &id_of(&to_chen), "notes", Some("n-1"), &json!({"body": "我站已电话回访"}), 201).await;
    // deputies stay limited to what they handle: 何美玲 does not see 陈志强's private message
    read(&app, Some(&u.he), &id_of(&to_chen), 404).await;
    read(&app, Some(&u.chen), &id_of(&to_station), 404).await;
}
