//! The business-hours fixture the hours bench and the instruction driver
//! share: an engine with one calendar (Europe/Berlin, Monday to Friday
//! 09:00–12:30 and 13:30–18:00, seven holidays) and a template counting
//! its open time (pending PT72H, accepted PT240H), a year of start
//! instants (both DST weekends among them), and a book of partner leads
//! as columns naming that template.

use chrono::TimeDelta;
use leadrules::hours::{Calendar, Pause};
use leadrules::{Engine, Timestamp, NO_TIME};
use serde_json::json;

/// How many start instants the per-call cases cycle through.
pub const STARTS: usize = 256;
/// Rows of the swept book.
pub const ROWS: usize = 1_000_000;
/// 2026-01-01T00:00:00Z.
pub const YEAR_START: i64 = 1_767_225_600;
/// 2025-11-20T09:00:00Z, the first lead's creation.
pub const T0: i64 = 1_763_629_200;
/// When the book is swept: some leads are due, most are not.
pub const SWEEP_NOW: i64 = T0 + 30 * 86_400;

/// The engine, the calendar's starts and the book.
pub struct HoursFixture {
    /// One calendar `office`, one template `office_sla` counting it.
    pub engine: Engine,
    /// Instants spread over 2026 at every hour of the day, the DST
    /// weekends (2026-03-28/29, 2026-10-24/25) included.
    pub starts: Vec<Timestamp>,
}

impl HoursFixture {
    /// The fixture; an error if the config no longer loads.
    pub fn new() -> Result<HoursFixture, leadrules::Error> {
        let split = json!([["09:00", "12:30"], ["13:30", "18:00"]]);
        let config = json!({"policy": {
            "calendars": {"office": {
                "time_zone": "Europe/Berlin",
                "hours": {"mon": split, "tue": split, "wed": split, "thu": split, "fri": split},
                "holidays": ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01",
                             "2026-10-03", "2026-12-25", "2026-12-26"]}},
            "templates": {"office_sla": {"calendar": "office", "pending": "PT72H", "accepted": "PT240H"}}}});
        let engine = Engine::from_value(&config)?;
        let mut starts: Vec<Timestamp> = Vec::with_capacity(STARTS);
        // Friday 23:00 in Berlin before each DST weekend of 2026.
        let weekend = |i: i64| {
            if i % 2 == 0 {
                1_774_648_800_i64
            } else {
                1_792_792_800
            }
        };
        for i in 0..STARTS as i64 {
            // Every 34 hours and 17 minutes (all hours of the day, every
            // weekday), and every eighth start on a DST weekend.
            let at = if i % 8 == 0 {
                weekend(i / 8) + (i / 16) * 10_837
            } else {
                YEAR_START + i * 123_420
            };
            starts.push(
                chrono::DateTime::from_timestamp(at, 0)
                    .unwrap_or_default()
                    .fixed_offset(),
            );
        }
        Ok(HoursFixture { engine, starts })
    }

    /// The calendar `office`.
    pub fn calendar(&self) -> Option<Calendar<'_>> {
        self.engine.calendar("office").ok()
    }

    /// The start of the `i`th call (cycling).
    pub fn start(&self, i: usize) -> Timestamp {
        self.starts.get(i % STARTS).copied().unwrap_or_default()
    }
}

/// 72 business hours.
pub fn target() -> TimeDelta {
    TimeDelta::hours(72)
}

/// The `sla` call: PT72H from `start`, asked five days later, paused for
/// three hours the next day and for four hours the day after.
pub fn sla(fixture: &HoursFixture, start: Timestamp) -> Option<i64> {
    let s = start.timestamp();
    let pauses = [
        Pause {
            from: s + 86_400,
            to: Some(s + 86_400 + 3 * 3_600),
        },
        Pause {
            from: s + 2 * 86_400 + 2 * 3_600,
            to: Some(s + 2 * 86_400 + 6 * 3_600),
        },
    ];
    let answer = fixture
        .engine
        .sla("office", s, 72 * 3_600, s + 5 * 86_400, &pauses)
        .ok()?;
    answer.due_at
}

/// The book as columns: 60 % pending (from creation), 30 % accepted, 10 %
/// closed, creations 13 seconds apart, all naming `office_sla`.
pub struct Book {
    /// Stage codes of `partner_lead`.
    pub stages: Vec<u32>,
    /// Creation times.
    pub created: Vec<i64>,
    /// Acceptance times ([`NO_TIME`] where none).
    pub accepted: Vec<i64>,
    /// The template code of `office_sla`, every row.
    pub templates: Vec<u32>,
}

/// The book of [`ROWS`] leads.
pub fn book(engine: &Engine) -> Book {
    let pending = engine.stage_code("partner_lead", "pending").unwrap_or(0);
    let accepted = engine.stage_code("partner_lead", "accepted").unwrap_or(1);
    let closed = engine.stage_code("partner_lead", "closed_converted").unwrap_or(4);
    let code = engine.template_code("office_sla").unwrap_or(0);
    let mut book = Book {
        stages: Vec::with_capacity(ROWS),
        created: Vec::with_capacity(ROWS),
        accepted: Vec::with_capacity(ROWS),
        templates: vec![code; ROWS],
    };
    for i in 0..ROWS {
        let spread = i64::try_from(i).unwrap_or(0) * 13;
        let (stage, accepted_at) = match i % 10 {
            0..=5 => (pending, NO_TIME),
            6..=8 => (accepted, T0 + spread + 3_600),
            _ => (closed, NO_TIME),
        };
        book.stages.push(stage);
        book.created.push(T0 + spread);
        book.accepted.push(accepted_at);
    }
    book
}

/// The columns of a book.
pub fn columns(book: &Book) -> leadrules::LeadColumns<'_> {
    leadrules::LeadColumns {
        stages: &book.stages,
        created_at: &book.created,
        expires_at: None,
        accepted_at: Some(&book.accepted),
        reassigned_at: None,
        templates: Some(&book.templates),
    }
}
