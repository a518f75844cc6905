//! The command line itself: help, version, and usage errors (exit 2).

mod common;

use common::{example, leadrules};

#[test]
fn help_documents_commands_and_exit_codes() {
    for args in [&["--help"][..], &["-h"], &["help"], &["help", "help"]] {
        let run = leadrules(args, b"");
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        for needle in [
            "leadrules check",
            "leadrules decide",
            "leadrules explain",
            "exit codes:",
            "\n  0 ",
            "\n  1 ",
            "\n  2 ",
        ] {
            assert!(
                run.stdout.contains(needle),
                "{args:?}: {needle:?} missing:\n{}",
                run.stdout
            );
        }
    }
}

/// Each command's `--help` (and `help COMMAND`) is its own: its usage
/// line, its options and its exit codes, and no other command's usage.
#[test]
fn every_command_prints_its_own_help() {
    let config = example("company.json");
    let commands = ["check", "decide", "explain"];
    for command in commands {
        let usage = format!("usage: leadrules {command} ");
        for args in [
            vec![command, "--help"],
            vec![command, "-h"],
            vec!["help", command],
            vec![command, config.as_str(), "--help"],
        ] {
            let run = leadrules(&args, b"");
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
            let first = run.stdout.lines().next().unwrap_or_default();
            assert!(
                first.starts_with(&format!("leadrules {command}: ")),
                "{args:?}: first line {first:?}"
            );
            for needle in [
                usage.as_str(),
                "options:",
                "--help",
                "exit codes:",
                "\n  0 ",
                "\n  2 ",
            ] {
                assert!(
                    run.stdout.contains(needle),
                    "{args:?}: {needle:?} missing:\n{}",
                    run.stdout
                );
            }
            for other in commands.iter().filter(|other| **other != command) {
                assert!(
                    !run.stdout.contains(&format!("usage: leadrules {other}")),
                    "{args:?}: the help of `{other}` too:\n{}",
                    run.stdout
                );
            }
        }
    }
    let check = leadrules(&["check", "--help"], b"");
    assert!(check.stdout.contains("--strict") && check.stdout.contains("--json"));
}

#[test]
fn version_names_the_tool_core_and_protocol() {
    let run = leadrules(&["--version"], b"");
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!(
            "leadrules {} (core {}, protocol version 1)\n",
            env!("CARGO_PKG_VERSION"),
            leadrules::VERSION
        )
    );
}

#[test]
fn usage_errors_print_the_usage_on_standard_error_and_exit_2() {
    let config = example("company.json");
    let cases: [&[&str]; 10] = [
        &[],
        &["frobnicate"],
        &["--frobnicate"],
        &["check"],
        &["check", &config, "extra"],
        &["check", "--loose", &config],
        &["decide", "--strict", &config],
        &["decide", "-", "-"],
        &["explain", &config, "a", "b"],
        &["help", "me"],
    ];
    for args in cases {
        let run = leadrules(args, b"");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(run.stderr.starts_with("leadrules: "), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("usage: leadrules check"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
