"""The RESP parser and encoder: every reply type, replies cut short, and garbage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporters.sentinel.resp import Incomplete, ProtocolError, Reply, RespError, encode, parse


@pytest.mark.parametrize(
    ("wire", "reply"),
    [
        (b"+OK\r\n", "OK"),
        (b":42\r\n", 42),
        (b"$5\r\nhello\r\n", "hello"),
        (b"$0\r\n\r\n", ""),
        (b"$-1\r\n", None),
        (b"*-1\r\n", None),
        (b"*2\r\n$1\r\na\r\n:1\r\n", ["a", 1]),
        (b"*2\r\n*1\r\n+x\r\n*0\r\n", [["x"], []]),
        (b"$4\r\na\r\nb\r\n", "a\r\nb"),
    ],
    ids=["simple", "integer", "bulk", "empty-bulk", "nil-bulk", "nil-array", "array", "nested", "bulk-with-crlf"],
)
def test_parse_reply_types(wire: bytes, reply: Reply) -> None:
    assert parse(wire) == (reply, len(wire))


def test_error_reply_is_a_value_not_an_exception() -> None:
    wire = b"-NOQUORUM 1 usable Sentinels\r\n+OK\r\n"
    reply, used = parse(wire)
    assert isinstance(reply, RespError) and str(reply) == "NOQUORUM 1 usable Sentinels"
    assert parse(wire, used) == ("OK", len(wire))


@pytest.mark.parametrize(
    "wire",
    [b"", b"+OK", b"$5\r\nhel", b"$5\r\nhello", b"*2\r\n:1\r\n", b"*1\r\n$3\r\nab"],
    ids=["empty", "no-crlf", "short-bulk", "bulk-without-crlf", "short-array", "short-nested"],
)
def test_incomplete_replies_ask_for_more(wire: bytes) -> None:
    with pytest.raises(Incomplete):
        parse(wire)


@pytest.mark.parametrize("wire", [b"!3\r\nabc\r\n", b"$x\r\n", b":\r\n"], ids=["type-byte", "bad-length", "empty-int"])
def test_garbage_is_a_protocol_error(wire: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse(wire)


def test_encode_is_a_bulk_string_array() -> None:
    assert encode(["SENTINEL", "CKQUORUM", "my master"]) == (
        b"*3\r\n$8\r\nSENTINEL\r\n$8\r\nCKQUORUM\r\n$9\r\nmy master\r\n"
    )


@given(st.lists(st.text(), max_size=6))
def test_an_encoded_command_parses_back(args: list[str]) -> None:
    wire = encode(args)
    assert parse(wire) == (args, len(wire))
