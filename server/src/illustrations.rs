//! Flat demo illustrations, one per theme, as small self-contained SVGs (16:9,
//! `viewBox="0 0 640 360"`, no text, no external references). Served at
//! `/media/illustrations/<theme>.svg`; an unknown theme gets a neutral picture.

/// Width and height of every illustration.
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;

/// The themes the demo content may use.
pub const THEMES: [&str; 16] = [
    "meeting",
    "village",
    "farmland",
    "river",
    "road",
    "school",
    "clinic",
    "market",
    "station",
    "training",
    "mountain",
    "factory",
    "elderly",
    "youth",
    "law",
    "environment",
];

/// The URL path of a theme's illustration.
pub fn url(theme: &str) -> String {
    format!("/media/illustrations/{theme}.svg")
}

macro_rules! svg {
    ($($part:expr),* $(,)?) => {
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360">"#,
            $($part,)*
            "</svg>"
        )
    };
}

/// The SVG of a theme (the fallback picture for unknown themes).
pub fn svg(theme: &str) -> &'static str {
    match theme {
        "meeting" => MEETING,
        "village" => VILLAGE,
        "farmland" => FARMLAND,
        "river" => RIVER,
        "road" => ROAD,
        "school" => SCHOOL,
        "clinic" => CLINIC,
        "market" => MARKET,
        "station" => STATION,
        "training" => TRAINING,
        "mountain" => MOUNTAIN,
        "factory" => FACTORY,
        "elderly" => ELDERLY,
        "youth" => YOUTH,
        "law" => LAW,
        "environment" => ENVIRONMENT,
        _ => FALLBACK,
    }
}

/// Whether `theme` has its own illustration.
pub fn is_known(theme: &str) -> bool {
    THEMES.contains(&theme)
}

/// A meeting hall: red valance, emblem, a presidium behind a long table.
const MEETING: &str = svg!(
    r##"<rect width="640" height="360" fill="#f5ede0"/>"##,
    r##"<rect width="640" height="58" fill="#b3262e"/>"##,
    r##"<path d="M0 58q40 26 80 0t80 0 80 0 80 0 80 0 80 0 80 0 80 0v-8H0z" fill="#c8323a"/>"##,
    r##"<circle cx="320" cy="128" r="34" fill="#e8b64c"/><circle cx="320" cy="128" r="22" fill="#c8323a"/>"##,
    r##"<path d="M320 112l5 11h12l-10 7 4 12-11-7-11 7 4-12-10-7h12z" fill="#f3d27a"/>"##,
    r##"<path d="M120 70v150M520 70v150" stroke="#8a6a45" stroke-width="4"/>"##,
    r##"<path d="M122 72h54l-10 18 10 18h-54zM518 72h-54l10 18-10 18h54z" fill="#d8343c"/>"##,
    r##"<g fill="#3b3f4a"><circle cx="170" cy="196" r="17"/><circle cx="245" cy="192" r="17"/><circle cx="320" cy="190" r="17"/><circle cx="395" cy="192" r="17"/><circle cx="470" cy="196" r="17"/></g>"##,
    r##"<g fill="#2f4b7c"><rect x="146" y="212" width="48" height="40" rx="14"/><rect x="221" y="208" width="48" height="44" rx="14"/><rect x="296" y="206" width="48" height="46" rx="14"/><rect x="371" y="208" width="48" height="44" rx="14"/><rect x="446" y="212" width="48" height="40" rx="14"/></g>"##,
    r##"<rect x="70" y="236" width="500" height="20" rx="4" fill="#8a5a3b"/><rect x="80" y="256" width="480" height="104" fill="#6f4630"/>"##,
    r##"<path d="M80 256h480v10H80z" fill="#5c3a27"/>"##,
    r##"<g fill="#f7f3ea"><rect x="158" y="228" width="24" height="10" rx="2"/><rect x="308" y="228" width="24" height="10" rx="2"/><rect x="458" y="228" width="24" height="10" rx="2"/></g>"##,
    r##"<circle cx="300" cy="300" r="12" fill="#e94b5a"/><circle cx="320" cy="292" r="13" fill="#f6c453"/><circle cx="340" cy="300" r="12" fill="#e94b5a"/><rect x="296" y="306" width="48" height="30" rx="6" fill="#3f7d5c"/>"##,
);

/// Whitewashed village houses with dark gable roofs among green hills.
const VILLAGE: &str = svg!(
    r##"<rect width="640" height="360" fill="#e3f0f7"/>"##,
    r##"<circle cx="540" cy="70" r="30" fill="#f8d77c"/>"##,
    r##"<path d="M0 200q120-80 250-30t230-40 160 20v210H0z" fill="#b9d8b0"/>"##,
    r##"<path d="M0 250q160-50 330-10t310-20v140H0z" fill="#8cc084"/>"##,
    r##"<path d="M300 360q20-60 90-110" stroke="#e6d3a8" stroke-width="26" fill="none"/>"##,
    r##"<g fill="#fbf8f2"><rect x="110" y="190" width="120" height="80"/><rect x="270" y="176" width="100" height="74"/><rect x="420" y="196" width="110" height="72"/></g>"##,
    r##"<g fill="#5b6770"><path d="M98 194l72-46 72 46z"/><path d="M258 180l62-42 62 42z"/><path d="M408 200l67-44 67 44z"/></g>"##,
    r##"<g fill="#8a5a3b"><rect x="158" y="228" width="24" height="42"/><rect x="308" y="212" width="22" height="38"/><rect x="462" y="228" width="24" height="40"/></g>"##,
    r##"<g fill="#9fb7c9"><rect x="122" y="208" width="24" height="20"/><rect x="196" y="208" width="24" height="20"/><rect x="282" y="192" width="18" height="16"/><rect x="342" y="192" width="18" height="16"/><rect x="432" y="214" width="22" height="18"/><rect x="498" y="214" width="22" height="18"/></g>"##,
    r##"<rect x="580" y="214" width="8" height="44" fill="#7a5538"/><circle cx="584" cy="200" r="30" fill="#5e9c5a"/>"##,
    r##"<rect x="52" y="222" width="8" height="40" fill="#7a5538"/><circle cx="56" cy="210" r="24" fill="#6aa866"/>"##,
);

/// Terraced fields in the sun.
const FARMLAND: &str = svg!(
    r##"<rect width="640" height="360" fill="#eef6fb"/>"##,
    r##"<circle cx="110" cy="78" r="34" fill="#f6c453"/>"##,
    r##"<path d="M0 160q160-40 320-10t320-14v30H0z" fill="#8fbf7a"/>"##,
    r##"<path d="M0 170q160-30 320-6t320-10v40H0z" fill="#b8d98a"/>"##,
    r##"<path d="M0 200q170-24 320-2t320-8v50H0z" fill="#e9cf7a"/>"##,
    r##"<path d="M0 236q170-20 320 0t320-6v60H0z" fill="#9acb6b"/>"##,
    r##"<path d="M0 282q170-16 320 4t320-8v82H0z" fill="#7cb35a"/>"##,
    r##"<g stroke="#6a9c4c" stroke-width="3" fill="none"><path d="M20 310q150-14 300 6t300-6"/><path d="M20 334q150-12 300 6t300-6"/></g>"##,
    r##"<g stroke="#d4b35c" stroke-width="2" fill="none"><path d="M30 222q150-16 290 0t290-4"/></g>"##,
    r##"<path d="M420 360q10-80 80-120t140-40v30q-80 10-120 50t-50 80z" fill="#8fc3e0"/>"##,
    r##"<rect x="470" y="128" width="60" height="36" fill="#fbf8f2"/><path d="M462 130l38-24 38 24z" fill="#b5483b"/><rect x="492" y="144" width="14" height="20" fill="#8a5a3b"/>"##,
);

/// A winding river with a stone arch bridge and a small boat.
const RIVER: &str = svg!(
    r##"<rect width="640" height="360" fill="#e6f1f8"/>"##,
    r##"<path d="M0 150q100-50 200-10t220-30 220 20v60H0z" fill="#a9cfa0"/>"##,
    r##"<path d="M0 170h640v190H0z" fill="#8cc084"/>"##,
    r##"<path d="M300 170q-40 40 20 70t-60 120h260q-120-60-60-110t-90-80z" fill="#7fb8de"/>"##,
    r##"<g stroke="#cfe6f4" stroke-width="3" stroke-linecap="round"><path d="M330 260h40M300 300h60M360 330h50M340 200h24"/></g>"##,
    r##"<path d="M230 226h220v16H230z" fill="#c9c2b5"/><path d="M250 242h180v14q-30-34-90-34t-90 34z" fill="#b3ab9c"/>"##,
    r##"<path d="M240 226v-8h200v8z" fill="#a39a8a"/>"##,
    r##"<path d="M392 300h56l-10 14h-36z" fill="#8a5a3b"/><path d="M418 300v-30l18 24z" fill="#f7f3ea"/>"##,
    r##"<g fill="#5e9c5a"><circle cx="90" cy="200" r="26"/><circle cx="130" cy="214" r="20"/><circle cx="560" cy="206" r="28"/><circle cx="600" cy="220" r="18"/></g>"##,
    r##"<g fill="#7a5538"><rect x="86" y="222" width="8" height="26"/><rect x="556" y="230" width="8" height="26"/></g>"##,
);

/// A new village road running to the hills.
const ROAD: &str = svg!(
    r##"<rect width="640" height="360" fill="#e8f2f9"/>"##,
    r##"<path d="M0 170q110-60 220-20t200-30 220 10v40H0z" fill="#a7c9a0"/>"##,
    r##"<rect y="168" width="640" height="192" fill="#9acb6b"/>"##,
    r##"<path d="M306 168h28l186 192H120z" fill="#6f7780"/>"##,
    r##"<path d="M306 168h4L150 360h-30zM334 168h-4l160 192h30z" fill="#e9e4d6"/>"##,
    r##"<g fill="#f4f1e6"><path d="M318 180h4l1 12h-6z"/><path d="M316 210h8l2 22h-12z"/><path d="M313 256h14l3 34h-20z"/><path d="M309 318h22l3 42h-28z"/></g>"##,
    r##"<g fill="#5e9c5a"><circle cx="80" cy="210" r="24"/><circle cx="190" cy="184" r="14"/><circle cx="470" cy="186" r="15"/><circle cx="575" cy="214" r="26"/></g>"##,
    r##"<g fill="#7a5538"><rect x="76" y="230" width="8" height="30"/><rect x="187" y="196" width="6" height="14"/><rect x="467" y="198" width="6" height="14"/><rect x="571" y="236" width="8" height="30"/></g>"##,
    r##"<g stroke="#4a525b" stroke-width="4" fill="none"><path d="M520 330V240h-22M420 240v-50h-14"/></g>"##,
    r##"<circle cx="496" cy="242" r="5" fill="#f6c453"/><circle cx="404" cy="192" r="4" fill="#f6c453"/>"##,
);

/// A school building with a flagpole and a running track.
const SCHOOL: &str = svg!(
    r##"<rect width="640" height="360" fill="#e6f1f8"/>"##,
    r##"<rect y="250" width="640" height="110" fill="#8cc084"/>"##,
    r##"<rect x="150" y="110" width="340" height="150" fill="#f2e6d0"/><rect x="140" y="98" width="360" height="16" fill="#c8473d"/>"##,
    r##"<rect x="290" y="72" width="60" height="30" fill="#f2e6d0"/><rect x="284" y="66" width="72" height="8" fill="#c8473d"/><circle cx="320" cy="88" r="9" fill="#e8b64c"/>"##,
    r##"<g fill="#9cc3dc"><rect x="170" y="130" width="36" height="28"/><rect x="222" y="130" width="36" height="28"/><rect x="382" y="130" width="36" height="28"/><rect x="434" y="130" width="36" height="28"/><rect x="170" y="180" width="36" height="28"/><rect x="222" y="180" width="36" height="28"/><rect x="382" y="180" width="36" height="28"/><rect x="434" y="180" width="36" height="28"/></g>"##,
    r##"<rect x="292" y="196" width="56" height="64" fill="#8a5a3b"/><rect x="318" y="196" width="4" height="64" fill="#6f4630"/>"##,
    r##"<path d="M560 270V80" stroke="#8c949c" stroke-width="5"/><path d="M562 82h52v34h-52z" fill="#d8343c"/>"##,
    r##"<ellipse cx="320" cy="318" rx="260" ry="34" fill="#d9775a"/><ellipse cx="320" cy="318" rx="226" ry="20" fill="#9acb6b"/>"##,
    r##"<ellipse cx="320" cy="318" rx="243" ry="27" fill="none" stroke="#f4e3d9" stroke-width="2"/>"##,
);

/// A village clinic with a green cross.
const CLINIC: &str = svg!(
    r##"<rect width="640" height="360" fill="#e9f4f6"/>"##,
    r##"<rect y="270" width="640" height="90" fill="#a9d3a0"/>"##,
    r##"<rect x="160" y="120" width="320" height="150" fill="#fdfcf9"/><rect x="150" y="108" width="340" height="18" fill="#3a9d8f"/>"##,
    r##"<circle cx="320" cy="76" r="34" fill="#ffffff" stroke="#3a9d8f" stroke-width="5"/>"##,
    r##"<path d="M310 54h20v12h12v20h-12v12h-20V86h-12V66h12z" fill="#2e9e5b"/>"##,
    r##"<g fill="#a8d4de"><rect x="180" y="146" width="44" height="34" rx="3"/><rect x="240" y="146" width="44" height="34" rx="3"/><rect x="356" y="146" width="44" height="34" rx="3"/><rect x="416" y="146" width="44" height="34" rx="3"/></g>"##,
    r##"<rect x="286" y="196" width="68" height="74" fill="#cfe8ea"/><rect x="318" y="196" width="4" height="74" fill="#9fc6cb"/>"##,
    r##"<path d="M270 192h100l-10-14h-80z" fill="#3a9d8f"/>"##,
    r##"<rect x="190" y="214" width="70" height="8" rx="3" fill="#8a5a3b"/><rect x="196" y="222" width="6" height="18" fill="#6f4630"/><rect x="248" y="222" width="6" height="18" fill="#6f4630"/>"##,
    r##"<rect x="546" y="220" width="10" height="56" fill="#7a5538"/><circle cx="551" cy="200" r="36" fill="#5e9c5a"/><circle cx="90" cy="246" r="22" fill="#6aa866"/>"##,
);

/// Market stalls under striped awnings.
const MARKET: &str = svg!(
    r##"<defs><pattern id="s1" width="40" height="10" patternUnits="userSpaceOnUse"><rect width="20" height="10" fill="#d8343c"/><rect x="20" width="20" height="10" fill="#fbf3e6"/></pattern>"##,
    r##"<pattern id="s2" width="40" height="10" patternUnits="userSpaceOnUse"><rect width="20" height="10" fill="#3f8f5c"/><rect x="20" width="20" height="10" fill="#fbf3e6"/></pattern>"##,
    r##"<pattern id="s3" width="40" height="10" patternUnits="userSpaceOnUse"><rect width="20" height="10" fill="#e58a2e"/><rect x="20" width="20" height="10" fill="#fbf3e6"/></pattern></defs>"##,
    r##"<rect width="640" height="360" fill="#f1ede4"/><rect y="290" width="640" height="70" fill="#d7cbb4"/>"##,
    r##"<path d="M20 120h200l-10 50H30z" fill="url(#s1)"/><path d="M220 100h200l-10 50H230z" fill="url(#s2)"/><path d="M420 120h200l-10 50H430z" fill="url(#s3)"/>"##,
    r##"<g fill="#8a6a45"><rect x="36" y="170" width="6" height="130"/><rect x="198" y="170" width="6" height="130"/><rect x="236" y="150" width="6" height="150"/><rect x="398" y="150" width="6" height="150"/><rect x="436" y="170" width="6" height="130"/><rect x="598" y="170" width="6" height="130"/></g>"##,
    r##"<g fill="#b7895b"><rect x="30" y="236" width="180" height="56"/><rect x="230" y="236" width="180" height="56"/><rect x="430" y="236" width="180" height="56"/></g>"##,
    r##"<g fill="#e94b5a"><circle cx="60" cy="228" r="12"/><circle cx="84" cy="228" r="12"/><circle cx="72" cy="214" r="12"/></g>"##,
    r##"<g fill="#f6c453"><circle cx="150" cy="228" r="12"/><circle cx="174" cy="228" r="12"/><circle cx="162" cy="214" r="12"/></g>"##,
    r##"<g fill="#6aa866"><ellipse cx="270" cy="226" rx="22" ry="12"/><ellipse cx="310" cy="226" rx="22" ry="12"/><ellipse cx="290" cy="212" rx="22" ry="12"/></g>"##,
    r##"<g fill="#e58a2e"><circle cx="370" cy="228" r="11"/><circle cx="348" cy="228" r="11"/><circle cx="359" cy="214" r="11"/></g>"##,
    r##"<g fill="#9b59b6"><circle cx="470" cy="228" r="10"/><circle cx="490" cy="228" r="10"/></g><g fill="#c0d86a"><ellipse cx="560" cy="226" rx="28" ry="13"/></g>"##,
);

/// A deputies' liaison station: a plaque, an open door, a notice board and a bench.
const STATION: &str = svg!(
    r##"<rect width="640" height="360" fill="#edf3f8"/><rect y="280" width="640" height="80" fill="#d9d2c3"/>"##,
    r##"<rect x="120" y="100" width="400" height="180" fill="#f8f4ec"/><path d="M100 104l220-50 220 50z" fill="#9a4034"/>"##,
    r##"<rect x="250" y="112" width="140" height="30" rx="3" fill="#c8323a"/><rect x="262" y="122" width="116" height="10" rx="2" fill="#e8b64c"/>"##,
    r##"<rect x="270" y="170" width="100" height="110" fill="#bcd9e8"/><rect x="318" y="170" width="4" height="110" fill="#8fb3c7"/>"##,
    r##"<rect x="146" y="170" width="96" height="70" fill="#8a5a3b"/><rect x="152" y="176" width="84" height="58" fill="#f3ead6"/>"##,
    r##"<g fill="#ffffff"><rect x="160" y="184" width="30" height="20"/><rect x="198" y="184" width="30" height="36"/><rect x="160" y="210" width="30" height="18"/></g>"##,
    r##"<g fill="#c8323a"><circle cx="175" cy="184" r="3"/><circle cx="213" cy="184" r="3"/><circle cx="175" cy="210" r="3"/></g>"##,
    r##"<rect x="400" y="170" width="96" height="60" fill="#bcd9e8"/><rect x="446" y="170" width="4" height="60" fill="#8fb3c7"/>"##,
    r##"<circle cx="312" cy="208" r="13" fill="#3b3f4a"/><rect x="298" y="222" width="28" height="58" rx="12" fill="#2f4b7c"/>"##,
    r##"<circle cx="348" cy="212" r="12" fill="#6b5b4b"/><rect x="335" y="225" width="26" height="55" rx="11" fill="#c8703c"/>"##,
    r##"<rect x="540" y="250" width="22" height="30" fill="#b5483b"/><circle cx="551" cy="236" r="20" fill="#5e9c5a"/><rect x="74" y="250" width="22" height="30" fill="#b5483b"/><circle cx="85" cy="236" r="20" fill="#5e9c5a"/>"##,
);

/// A training session: a screen with charts, a presenter and an audience.
const TRAINING: &str = svg!(
    r##"<rect width="640" height="360" fill="#f3efe7"/><rect y="270" width="640" height="90" fill="#d8c8ae"/>"##,
    r##"<rect x="150" y="40" width="340" height="190" rx="6" fill="#2f4b7c"/><rect x="162" y="52" width="316" height="166" fill="#f7f9fb"/>"##,
    r##"<g fill="#7fb8de"><rect x="186" y="150" width="26" height="50"/><rect x="224" y="126" width="26" height="74"/><rect x="262" y="104" width="26" height="96"/></g>"##,
    r##"<path d="M316 180l40-30 34 16 40-56 34 20" stroke="#d8343c" stroke-width="5" fill="none" stroke-linejoin="round"/>"##,
    r##"<path d="M180 204h284" stroke="#9aa5b1" stroke-width="2"/>"##,
    r##"<circle cx="548" cy="150" r="17" fill="#3b3f4a"/><rect x="530" y="168" width="36" height="70" rx="14" fill="#3f7d5c"/>"##,
    r##"<path d="M534 184l-50-30" stroke="#6b5b4b" stroke-width="4" stroke-linecap="round"/>"##,
    r##"<rect x="536" y="236" width="10" height="40" fill="#3b3f4a"/><rect x="552" y="236" width="10" height="40" fill="#3b3f4a"/>"##,
    r##"<g fill="#4a4f5c"><circle cx="110" cy="292" r="22"/><circle cx="220" cy="296" r="22"/><circle cx="330" cy="292" r="22"/><circle cx="440" cy="296" r="22"/></g>"##,
    r##"<g fill="#c8703c"><rect x="80" y="312" width="60" height="48" rx="18"/><rect x="300" y="312" width="60" height="48" rx="18"/></g>"##,
    r##"<g fill="#2f4b7c"><rect x="190" y="316" width="60" height="44" rx="18"/><rect x="410" y="316" width="60" height="44" rx="18"/></g>"##,
);

/// Layered mountains in the morning mist, pines in front.
const MOUNTAIN: &str = svg!(
    r##"<rect width="640" height="360" fill="#eef4f8"/><rect y="120" width="640" height="240" fill="#e3edf3"/>"##,
    r##"<circle cx="470" cy="86" r="30" fill="#f8d77c"/>"##,
    r##"<path d="M0 200l110-100 70 50 90-90 120 110 80-60 170 120v170H0z" fill="#a7c4d9"/>"##,
    r##"<ellipse cx="240" cy="196" rx="160" ry="14" fill="#ffffff" opacity=".6"/>"##,
    r##"<path d="M0 240l140-80 100 60 120-100 140 110 140-60v190H0z" fill="#7fa8c4"/>"##,
    r##"<ellipse cx="470" cy="244" rx="150" ry="12" fill="#ffffff" opacity=".5"/>"##,
    r##"<path d="M0 290l120-50 130 40 150-70 120 60 120-30v120H0z" fill="#5b8aa8"/>"##,
    r##"<g fill="#3f7d5c"><path d="M60 330l26-70 26 70z"/><path d="M100 340l30-86 30 86z"/><path d="M520 336l26-72 26 72z"/><path d="M560 346l24-60 24 60z"/></g>"##,
    r##"<rect y="334" width="640" height="26" fill="#4e8f5a"/>"##,
);

/// A clean light-industry workshop with solar panels.
const FACTORY: &str = svg!(
    r##"<rect width="640" height="360" fill="#e9f1f7"/><rect y="270" width="640" height="90" fill="#b9d8a0"/>"##,
    r##"<rect x="470" y="70" width="30" height="130" fill="#b34a3c"/><rect x="470" y="86" width="30" height="10" fill="#f1ede4"/>"##,
    r##"<g fill="#ffffff"><circle cx="492" cy="54" r="16"/><circle cx="514" cy="40" r="14"/><circle cx="538" cy="34" r="11"/></g>"##,
    r##"<path d="M120 170l60-40v40l60-40v40l60-40v40l60-40v40l60-40v140H120z" fill="#9aa5b1"/>"##,
    r##"<rect x="120" y="170" width="300" height="100" fill="#d7dde3"/>"##,
    r##"<g fill="#8fb3c7"><rect x="140" y="190" width="50" height="30"/><rect x="210" y="190" width="50" height="30"/><rect x="280" y="190" width="50" height="30"/><rect x="350" y="190" width="50" height="30"/></g>"##,
    r##"<rect x="230" y="232" width="80" height="38" fill="#6f7780"/>"##,
    r##"<g fill="#2f5d8a"><path d="M440 300l20-30h70l-20 30z"/><path d="M520 300l20-30h70l-20 30z"/></g>"##,
    r##"<g stroke="#9cc3dc" stroke-width="2"><path d="M455 285h60M535 285h60"/></g>"##,
    r##"<rect x="56" y="226" width="8" height="46" fill="#7a5538"/><circle cx="60" cy="212" r="28" fill="#5e9c5a"/>"##,
);

/// Two elderly people resting on a bench under a tree at sunset.
const ELDERLY: &str = svg!(
    r##"<rect width="640" height="360" fill="#fbe9d7"/><circle cx="470" cy="150" r="48" fill="#f4b36b"/>"##,
    r##"<path d="M0 250q200-30 400 0t240-10v120H0z" fill="#b9d8a0"/>"##,
    r##"<rect x="130" y="120" width="20" height="160" fill="#7a5538"/><circle cx="140" cy="100" r="70" fill="#6aa866"/><circle cx="90" cy="130" r="40" fill="#5e9c5a"/><circle cx="196" cy="126" r="42" fill="#5e9c5a"/>"##,
    r##"<rect x="230" y="250" width="200" height="12" rx="3" fill="#8a5a3b"/><rect x="230" y="222" width="200" height="10" rx="3" fill="#8a5a3b"/>"##,
    r##"<g fill="#6f4630"><rect x="244" y="262" width="8" height="34"/><rect x="408" y="262" width="8" height="34"/></g>"##,
    r##"<circle cx="290" cy="186" r="17" fill="#f0d3b4"/><path d="M273 182a17 17 0 0 1 34 0z" fill="#d0d0d0"/>"##,
    r##"<rect x="272" y="204" width="38" height="50" rx="14" fill="#7a6aa8"/>"##,
    r##"<circle cx="372" cy="184" r="17" fill="#f0d3b4"/><path d="M355 180a17 17 0 0 1 34 0z" fill="#e4e4e4"/>"##,
    r##"<rect x="354" y="202" width="38" height="52" rx="14" fill="#3f7d5c"/>"##,
    r##"<path d="M404 220l14 76" stroke="#5c3a27" stroke-width="5" stroke-linecap="round"/>"##,
    r##"<g fill="#4a4f5c"><rect x="278" y="254" width="10" height="40"/><rect x="296" y="254" width="10" height="40"/><rect x="360" y="254" width="10" height="40"/><rect x="378" y="254" width="10" height="40"/></g>"##,
);

/// Young people flying a kite in a park.
const YOUTH: &str = svg!(
    r##"<rect width="640" height="360" fill="#e3f1fb"/><path d="M0 260q160-40 320-10t320-10v120H0z" fill="#9acb6b"/>"##,
    r##"<path d="M470 50l40 40-40 50-40-50z" fill="#e94b5a"/><path d="M470 50v90M430 90h80" stroke="#fbe3e6" stroke-width="3"/>"##,
    r##"<path d="M470 140q-20 30 0 50t-10 50" stroke="#e58a2e" stroke-width="3" fill="none"/>"##,
    r##"<path d="M470 140L300 230" stroke="#8c949c" stroke-width="1.5"/>"##,
    r##"<circle cx="290" cy="206" r="15" fill="#3b3f4a"/><rect x="276" y="222" width="30" height="48" rx="12" fill="#e58a2e"/>"##,
    r##"<path d="M300 232l14-10M280 232l-14 14M284 268l-8 34M298 268l10 34" stroke="#3b3f4a" stroke-width="7" stroke-linecap="round"/>"##,
    r##"<circle cx="200" cy="226" r="14" fill="#4a3b32"/><rect x="187" y="241" width="28" height="44" rx="12" fill="#2f8fb0"/>"##,
    r##"<path d="M193 282l-6 28M209 282l8 28M190 250l-14 14M212 250l14-16" stroke="#4a3b32" stroke-width="7" stroke-linecap="round"/>"##,
    r##"<circle cx="140" cy="300" r="14" fill="#f6c453"/><path d="M126 300h28M140 286v28" stroke="#e58a2e" stroke-width="2"/>"##,
    r##"<rect x="560" y="214" width="10" height="50" fill="#7a5538"/><circle cx="565" cy="196" r="34" fill="#5e9c5a"/><rect x="56" y="224" width="8" height="40" fill="#7a5538"/><circle cx="60" cy="210" r="26" fill="#6aa866"/>"##,
);

/// The scales of justice before a columned court building.
const LAW: &str = svg!(
    r##"<rect width="640" height="360" fill="#eef1f6"/>"##,
    r##"<path d="M140 110l180-60 180 60z" fill="#c9cfda"/><rect x="140" y="110" width="360" height="16" fill="#b7bfcc"/>"##,
    r##"<g fill="#dde2ea"><rect x="164" y="126" width="30" height="150"/><rect x="234" y="126" width="30" height="150"/><rect x="376" y="126" width="30" height="150"/><rect x="446" y="126" width="30" height="150"/></g>"##,
    r##"<rect x="120" y="276" width="400" height="18" fill="#b7bfcc"/><rect x="100" y="294" width="440" height="66" fill="#c9cfda"/>"##,
    r##"<rect x="316" y="120" width="8" height="160" fill="#a87d2c"/><rect x="290" y="276" width="60" height="12" rx="3" fill="#a87d2c"/>"##,
    r##"<path d="M230 140h180" stroke="#c99a3b" stroke-width="8" stroke-linecap="round"/><circle cx="320" cy="132" r="12" fill="#c99a3b"/>"##,
    r##"<path d="M236 142l-26 70M236 142l26 70M404 142l-26 70M404 142l26 70" stroke="#a87d2c" stroke-width="2"/>"##,
    r##"<path d="M200 212h72q-6 24-36 24t-36-24zM368 212h72q-6 24-36 24t-36-24z" fill="#c99a3b"/>"##,
    r##"<path d="M140 340l70-14 70 14-70 8z" fill="#2f4b7c"/><path d="M140 340v8l70 8 70-8v-8l-70 8z" fill="#f7f3ea"/>"##,
);

/// Wind turbines, green hills and a clear stream.
const ENVIRONMENT: &str = svg!(
    r##"<rect width="640" height="360" fill="#e6f4f1"/><circle cx="110" cy="80" r="32" fill="#f8d77c"/>"##,
    r##"<path d="M0 220q140-80 300-30t340-40v210H0z" fill="#9fd08e"/>"##,
    r##"<path d="M0 270q200-50 380-10t260-20v120H0z" fill="#6fb36a"/>"##,
    r##"<path d="M250 360q40-50 140-70t250-20v30q-120 0-210 20t-120 40z" fill="#7fc4e4"/>"##,
    r##"<g stroke="#ffffff" stroke-linecap="round"><path d="M420 220V100" stroke-width="6"/><path d="M540 200V110" stroke-width="5"/></g>"##,
    r##"<g fill="#ffffff"><path d="M420 100l-6-58 12 0z"/><path d="M420 100l52 26-6 10z"/><path d="M420 100l-52 26 6 10z"/><circle cx="420" cy="100" r="7"/></g>"##,
    r##"<g fill="#ffffff"><path d="M540 110l-5-46 10 0z"/><path d="M540 110l40 22-5 8z"/><path d="M540 110l-40 22 5 8z"/><circle cx="540" cy="110" r="6"/></g>"##,
    r##"<path d="M120 300q10-70 90-80-10 76-90 80z" fill="#3f8f5c"/><path d="M122 298l70-64" stroke="#2f6e46" stroke-width="3"/>"##,
    r##"<g fill="#4e8f5a"><circle cx="300" cy="230" r="18"/><circle cx="330" cy="238" r="14"/></g>"##,
    r##"<g stroke="#5b6770" stroke-width="2.5" fill="none" stroke-linecap="round"><path d="M220 70l10 8 10-8M250 92l8 6 8-6"/></g>"##,
);

/// Neutral picture for unknown themes: soft hills under a pale sun.
const FALLBACK: &str = svg!(
    r##"<rect width="640" height="360" fill="#eef2f5"/><circle cx="440" cy="120" r="44" fill="#dfe6ec"/>"##,
    r##"<path d="M0 250q160-70 320-20t320-30v160H0z" fill="#d3dce4"/>"##,
    r##"<path d="M0 290q200-40 380-4t260-16v90H0z" fill="#c2ceda"/>"##,
    r##"<rect x="250" y="140" width="140" height="90" rx="10" fill="none" stroke="#b3c0cc" stroke-width="6"/>"##,
    r##"<circle cx="286" cy="172" r="12" fill="#b3c0cc"/><path d="M262 222l40-36 28 22 22-16 30 30z" fill="#b3c0cc"/>"##,
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that the markup is balanced XML-ish: every `<tag>` closed in order.
    fn balanced(svg: &str) -> bool {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let Some(end) = rest[start..].find('>') else {
                return false;
            };
            let tag = &rest[start + 1..start + end];
            rest = &rest[start + end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name.trim()) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap_or(""));
            }
        }
        stack.is_empty()
    }

    #[test]
    fn every_theme_has_a_distinct_wellformed_picture() {
        let mut seen = std::collections::HashSet::new();
        for theme in THEMES.iter().copied().chain(["unknown-theme"]) {
            let s = svg(theme);
            assert!(
                s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\""),
                "{theme}"
            );
            assert!(s.ends_with("</svg>"), "{theme}");
            assert!(balanced(s), "{theme} is not balanced");
            assert!(
                !s.contains("<text") && !s.contains("href") && !s.contains("<script"),
                "{theme}"
            );
            assert_eq!(
                s.matches("http").count(),
                1,
                "{theme}: only the namespace may be a URL"
            );
            assert!(
                (400..=2600).contains(&s.len()),
                "{theme}: {} bytes",
                s.len()
            );
            assert!(seen.insert(s), "{theme} is a duplicate");
        }
        assert_eq!(svg("nope"), FALLBACK);
    }
}
