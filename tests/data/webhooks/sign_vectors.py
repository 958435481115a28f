#!/usr/bin/env python3
"""Generate vectors.json (beside this script): Svix-scheme webhook signatures computed
independently of the Rust code, with Python's standard library only.

Scheme: HMAC-SHA256 over b"{id}.{timestamp}.{body}", keyed with the
base64-decoded part of the secret after its `whsec_` / `fwhsec_` prefix (a
secret without a prefix is the base64 key itself); the header entry is
"v1," + base64(tag).

Run from the crate root:  python3 scripts/sign_vectors.py
"""

import base64
import hashlib
import hmac
import json
import pathlib

PREFIXES = ("whsec_", "fwhsec_")


def key_of(secret: str) -> bytes:
    for prefix in PREFIXES:
        if secret.startswith(prefix):
            secret = secret[len(prefix):]
            break
    return base64.b64decode(secret, validate=True)


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    content = msg_id.encode() + b"." + str(timestamp).encode() + b"." + body
    tag = hmac.new(key_of(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(tag).decode("ascii")


# A fixed 32-byte key, so the file is reproducible.
KEY_32 = base64.b64encode(bytes(range(32))).decode("ascii")

ENVELOPE = (
    b'{"event_id": "evt_01HZX4Q9K7", "event_type": "payment.succeeded", '
    b'"event_dt": 1714000000, "object": {"id": "pay_123", "amount": 4200}}'
)
# Raw bytes as received: pretty-printed, non-ASCII, trailing newline.
PRETTY = (
    '{\n  "event_id": "evt_\u00e9\u00e8",\n  "event_type": "refund.created",\n'
    '  "event_dt": 1714000123,\n  "object": {"note": "caf\u00e9 \u2713"}\n}\n'
).encode("utf-8")

# A delivery as Flex's docs show it: a completed checkout session, the object itself under
# `object`, with a field the spec does not name.
CHECKOUT_COMPLETED = (
    b'{"event_id":"evt_01J0CHK","event_type":"checkout.session.completed",'
    b'"event_dt":1714000500,"object":{"checkout_session_id":"fcs_01HACMPD",'
    b'"status":"complete","amount_total":4200,"loyalty_tier":"gold"},"test_mode":true}'
)
# An event type the spec does not list (yet).
UNLISTED = (
    b'{"event_id":"evt_01J0NEW","event_type":"account.updated",'
    b'"event_dt":1714000600,"object":{"account":{"id":"facct_1"}}}'
)

CASES = [
    # name, secret, id, timestamp, body
    ("whsec_prefix", "whsec_" + KEY_32, "msg_2Ka9Xw1", 1714000000, ENVELOPE),
    (
        "fwhsec_prefix_docs_secret",
        "fwhsec_Y2NhZDczMDYtNDEyYi0xMWVlLTg5MTItNGY4Y2E5ZmU1MmI4",
        "msg_flex_docs_example",
        1700000000,
        ENVELOPE,
    ),
    ("no_prefix", KEY_32, "msg_no_prefix", 1714000456, PRETTY),
    ("empty_body", "whsec_" + KEY_32, "msg_empty", 1714000789, b""),
    ("checkout_session_completed", "whsec_" + KEY_32, "msg_checkout", 1714000500, CHECKOUT_COMPLETED),
    ("unlisted_event_type", "whsec_" + KEY_32, "msg_unlisted", 1714000600, UNLISTED),
    (
        "svix_published_vector",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        b'{"test": 2432232314}',
    ),
]

# Published in svix/svix-webhooks (python/tests/test_webhooks.py,
# test_sign_function): cross-checks this script itself.
SVIX_PUBLISHED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def main() -> None:
    vectors = []
    for name, secret, msg_id, ts, body in CASES:
        sig = sign(secret, msg_id, ts, body)
        vectors.append(
            {
                "name": name,
                "secret": secret,
                "id": msg_id,
                "timestamp": ts,
                "body": body.decode("utf-8"),
                "signature": sig,
                "signature_header": sig,
            }
        )
    assert vectors[-1]["signature"] == SVIX_PUBLISHED, vectors[-1]["signature"]

    # A header with several entries, only one of them valid: another key's
    # v1 signature, an unknown-version entry carrying the right bytes, then
    # the valid one.
    name, secret, msg_id, ts, body = CASES[0]
    right = sign(secret, msg_id, ts, body)
    other = sign("whsec_" + base64.b64encode(b"\x01" * 32).decode(), msg_id, ts, body)
    vectors.append(
        {
            "name": "several_entries_one_valid",
            "secret": secret,
            "id": msg_id,
            "timestamp": ts,
            "body": body.decode("utf-8"),
            "signature": right,
            "signature_header": " ".join([other, "v2," + right[3:], right]),
        }
    )

    out = pathlib.Path(__file__).resolve().parent / "vectors.json"
    out.write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(vectors)} vectors to {out}")


if __name__ == "__main__":
    main()
