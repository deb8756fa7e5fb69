//! A person whose name has an emoji in it: their downtime pack prints the emoji from the
//! embedded fallback font (no empty boxes), and the font is in the file.

use crate::helpers::*;
use crate::packs::poppler;
use lantern_app::packs;
use lantern_core::EntityKind;
use lantern_store::Actor;

#[tokio::test]
async fn a_name_with_an_emoji_prints_in_the_pack() {
    let app = spawn_app().await;
    let now = *app.clock.lock().unwrap();
    let id = app.first_in(EntityKind::Person, "residential").await;
    let person = app.store.get(EntityKind::Person, id).await.unwrap();
    let service = person.service_id.unwrap();
    let mut renamed = person.record.clone();
    renamed.set("full_name", lantern_core::Val::Text("Joy 🌻 Smith".into()));
    app.store
        .update(id, &renamed, None, &Actor::system("test"), now)
        .await
        .unwrap();
    let built = packs::build(
        &app.store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now,
    )
    .await
    .unwrap();
    if let Ok(path) = std::env::var("LANTERN_EMOJI_PACK_PDF") {
        std::fs::write(path, &built.pdf).unwrap();
    }
    let Some(text) = poppler("pdftotext", &built.pdf, &[]) else {
        return;
    };
    assert!(text.contains("Joy 🌻 Smith"), "the name as typed, emoji and all");
    let Some(fonts) = poppler("pdffonts", &built.pdf, &[]) else {
        return;
    };
    let emoji = fonts
        .lines()
        .find(|l| l.contains("NotoEmoji"))
        .unwrap_or_else(|| panic!("no emoji font in the pack:\n{fonts}"));
    let cols: Vec<&str> = emoji.split_whitespace().collect();
    assert_eq!(cols[cols.len() - 5], "yes", "emoji font not embedded: {emoji}");
}
