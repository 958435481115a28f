//! The `Send` check (emit phase): `src/operations/send_check.rs`, built by `cargo test` only.
//! Written as text ([`Writer`]): a function a line or three per operation.

use super::method::arguments;
use crate::emit::names::Scope;
use crate::emit::writer::{MARGIN, Writer, code, file_text};
use crate::ir::{Api, SuccessResponse};

/// `src/operations/send_check.rs`, compiled by `cargo test` only: one function per operation
/// that hands its future to `is_send`, so that a future that cannot cross threads (and so
/// cannot be `tokio::spawn`ed) fails the crate's tests at compile time, naming the operation.
pub(crate) fn send_check_file(api: &Api, scope: &Scope<'_>) -> String {
    let mut checks = Writer::default();
    checks.line(0, "fn is_send<T: Send>(_: T) {}");
    for op in &api.operations {
        let (params, args) = arguments(op, scope);
        let mut params: Vec<String> = params.iter().map(code).collect();
        params.insert(0, "client: &crate::Client".to_owned());
        let args: Vec<String> = args.iter().map(code).collect();
        checks.signature(0, &format!("fn {}", op.name), &params, " {");
        is_send(&mut checks, &op.name, &args);
        if let SuccessResponse::List {
            pagination: Some(pagination),
            ..
        } = &op.response
        {
            let mut args: Vec<String> = op.path_params.iter().map(|p| p.name.clone()).collect();
            args.push("params".to_owned());
            is_send(&mut checks, &pagination.stream_method, &args);
        }
        checks.line(0, "}");
    }
    file_text(
        &[
            "//! Every operation's future is `Send` (a compile-time check, built by `cargo test` only).",
            "#![allow(dead_code)]",
        ],
        scope,
        &checks.finish(),
    )
}

/// `is_send(client.{method}({args}));`, the arguments a line each when it does not fit.
fn is_send(w: &mut Writer, method: &str, args: &[String]) {
    let one_line = format!("is_send(client.{method}({}));", args.join(", "));
    if 4 + one_line.len() <= MARGIN {
        w.line(1, &one_line);
        return;
    }
    w.line(1, &format!("is_send(client.{method}("));
    for arg in args {
        w.line(2, &format!("{arg},"));
    }
    w.line(1, "));");
}
