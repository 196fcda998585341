//! Hostile input never panics a parser: every file in `tests/corpus/` and thousands of generated
//! inputs go through the protocol decoder, the routine-file loader, the duration and clock-time
//! parsers and the history reader, which must each answer with a value or an error.

use std::path::Path;

use proptest::prelude::*;
use unhunch::core::catalogue::{SourceFile, load, parse_document};
use unhunch::core::history::parse_history_bytes;
use unhunch::core::routine::Origin;
use unhunch::core::units::{parse_clock_time, parse_duration};
use unhunch::protocol::decode_request;

fn corpus(kind: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(kind);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    files
}

/// Every routine-file text: parsed alone, and loaded with the built-ins (validation included).
fn load_text(text: &str) {
    let _ = parse_document(text);
    let mut files = unhunch::core::builtin::sources();
    files.push(SourceFile { path: "hostile.ron".to_owned(), origin: Origin::User, text: text.to_owned() });
    let loaded = load(&files);
    assert!(loaded.catalogue.routines.contains_key("posture-reset"), "the built-ins still load");
}

#[test]
fn every_corpus_file_gets_an_answer_not_a_panic() {
    for (_, bytes) in corpus("protocol") {
        let _ = decode_request(&String::from_utf8_lossy(&bytes));
    }
    for (_, bytes) in corpus("ron") {
        load_text(&String::from_utf8_lossy(&bytes));
    }
    for (_, bytes) in corpus("duration") {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_duration(&text);
        let _ = parse_clock_time(&text);
    }
    for (name, bytes) in corpus("history") {
        let (entries, bad) = parse_history_bytes(&bytes);
        assert!(entries.len() + bad.len() <= 1, "{name}: one line, one answer");
        for e in entries {
            let _ = e.time();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_protocol_decoder_answers_anything(line in ".{0,300}") {
        let _ = decode_request(&line);
    }

    #[test]
    fn the_protocol_decoder_answers_anything_shaped_like_a_request(
        id in any::<u64>(), kind in "[a-z_]{0,20}", until in any::<u64>(), extra in ".{0,40}"
    ) {
        let line = format!(r#"{{"v":1,"id":{id},"cmd":{{"type":"{kind}","until":{until},"text":{extra:?}}}}}"#);
        let _ = decode_request(&line);
    }

    #[test]
    fn the_routine_loader_answers_anything(text in ".{0,400}") {
        load_text(&text);
    }

    #[test]
    fn the_routine_loader_answers_mangled_real_files(cut in 0usize..4000, insert in ".{0,8}") {
        let source = &unhunch::core::builtin::sources()[0].text;
        let at = source.char_indices().map(|(i, _)| i).nth(cut % source.chars().count()).unwrap_or(0);
        let mangled = format!("{}{insert}{}", &source[..at], &source[at..]);
        load_text(&mangled);
    }

    #[test]
    fn the_duration_and_clock_parsers_answer_anything(text in ".{0,40}") {
        let _ = parse_duration(&text);
        let _ = parse_clock_time(&text);
    }

    #[test]
    fn the_history_reader_answers_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_history_bytes(&bytes);
    }
}
