//! Running the worker: one process per document, a few at a time, each watched from outside
//! (wall time, resident memory) and killed when it passes a limit.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The limits a worker runs under.
#[derive(Clone, Copy)]
pub struct Limits {
    /// Killed after this long: the document "hangs".
    pub time: Duration,
    /// Killed above this resident memory, in KiB.
    pub memory_kb: u64,
}

/// What became of one document under one generator.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Generated: the worker's report (`warnings`, `lines`, ...).
    Generated(Value),
    /// Refused with typed errors (ours) or an error message (progenitor): the worker's report.
    Refused(Value),
    /// The generator panicked, and caught it itself (progenitor's `catch_unwind`).
    Panicked(String),
    /// The process died: a panic that was not caught, a signal (a stack overflow is SIGSEGV or
    /// SIGABRT), or output that is not a report.
    Crashed(String),
    /// Killed at the time limit.
    TimedOut,
    /// Killed at the memory limit.
    OverMemory,
}

/// One document's run.
#[derive(Clone, Debug)]
pub struct Run {
    pub outcome: Outcome,
    /// Wall time of the process, as seen from outside.
    pub seconds: f64,
    /// The highest resident memory seen, in KiB (the worker's own `VmHWM` when it reports).
    pub peak_kb: u64,
}

/// Runs `worker ENGINE FILE` for every file, `jobs` at a time; results in the files' order.
pub fn run_all(
    worker: &Path,
    engine: &str,
    files: &[PathBuf],
    jobs: usize,
    limits: Limits,
    progress: &(dyn Fn(usize, &Run) + Sync),
) -> Vec<Run> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Run>>> = Mutex::new(vec![None; files.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let run = run_one(worker, engine, file, limits);
                    progress(i, &run);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(run);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|run| {
            run.unwrap_or(Run {
                outcome: Outcome::Crashed("no result".to_owned()),
                seconds: 0.0,
                peak_kb: 0,
            })
        })
        .collect()
}

fn run_one(worker: &Path, engine: &str, file: &Path, limits: Limits) -> Run {
    let start = Instant::now();
    let child = Command::new(worker)
        .arg(engine)
        .arg(file)
        // The worker's allocator (mimalloc) keeps the memory it frees instead of handing it back
        // to the system and faulting it in again: a quarter of a large document's time otherwise.
        .env("MIMALLOC_PURGE_DELAY", "-1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return Run {
                outcome: Outcome::Crashed(format!("cannot start the worker: {e}")),
                seconds: 0.0,
                peak_kb: 0,
            };
        }
    };
    // Read both pipes on their own threads, so that a worker with a long report never blocks.
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());
    let mut peak_kb = 0;
    let mut killed = None;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {}
            Err(_) => break None,
        }
        peak_kb = peak_kb.max(resident_kb(&child).unwrap_or(0));
        if start.elapsed() > limits.time {
            killed = Some(Outcome::TimedOut);
        } else if peak_kb > limits.memory_kb {
            killed = Some(Outcome::OverMemory);
        }
        if killed.is_some() {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let seconds = start.elapsed().as_secs_f64();
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if let Some(outcome) = killed {
        return Run {
            outcome,
            seconds,
            peak_kb,
        };
    }
    let report: Option<Value> = stdout
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok());
    let outcome = match (status, report) {
        (Some(status), Some(report)) if status.success() => {
            if let Some(kb) = report["peak_kb"].as_u64() {
                peak_kb = peak_kb.max(kb);
            }
            match report["outcome"].as_str() {
                Some("generated") => Outcome::Generated(report),
                Some("refused") => Outcome::Refused(report),
                Some("panicked") => {
                    Outcome::Panicked(report["message"].as_str().unwrap_or("").to_owned())
                }
                _ => Outcome::Crashed(format!("unknown report {report}")),
            }
        }
        (status, _) => Outcome::Crashed(describe_death(status, &stderr)),
    };
    Run {
        outcome,
        seconds,
        peak_kb,
    }
}

fn reader<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// The child's resident memory now, in KiB (Linux's `/proc`; elsewhere unknown).
fn resident_kb(child: &Child) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// How a worker that gave no report died: its signal or exit status, and the last line it
/// wrote to stderr (a panic's message).
fn describe_death(status: Option<std::process::ExitStatus>, stderr: &str) -> String {
    let how = match status {
        None => "could not be waited for".to_owned(),
        Some(status) => {
            #[cfg(unix)]
            {
                use std::os::unix::process::ExitStatusExt;
                match status.signal() {
                    Some(signal) => format!("killed by signal {signal}"),
                    None => format!("exited with {status}"),
                }
            }
            #[cfg(not(unix))]
            {
                format!("exited with {status}")
            }
        }
    };
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with("note:"))
        .unwrap_or("")
        .trim();
    let last: String = last.chars().take(300).collect();
    if last.is_empty() {
        how
    } else {
        format!("{how}: {last}")
    }
}
