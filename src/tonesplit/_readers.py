"""Reading documents from one file or stream: text, JSON Lines, CSV/TSV, with an encoding fallback."""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

from ._inputs import _check_choice
from ._results import ReadError

_FORMATS = ("auto", "text", "jsonl", "csv", "tsv")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}
_MAGIC = set("*?[")


def _format_of(path: str, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    name = path[:-3] if path.lower().endswith(".gz") else path
    return _SUFFIX_FORMATS.get(os.path.splitext(name)[1].lower(), "text")


def _open_binary(path: str):
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _id_of(rel: str) -> str:
    rel = rel.replace(os.sep, "/")
    if rel.lower().endswith(".gz"):
        rel = rel[:-3]
    return rel.removesuffix(".txt")


def _decode(data: bytes, encoding: str, fallback: str | None) -> str:
    """Bytes to text: BOM first, then ``encoding``, then ``fallback``.

    Raises UnicodeDecodeError (with both attempts in the message) when
    neither fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as first:
        if fallback is None or b"\x00" in data:
            raise
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            raise UnicodeDecodeError(
                first.encoding, first.object, first.start, first.end,
                f"{first.reason}; the fallback {fallback} does not fit either",
            ) from None


def _decode_reason(err: UnicodeDecodeError, encoding: str, fallback: str | None) -> str:
    byte = err.object[err.start:err.start + 1].hex()
    also = f" nor {fallback}" if fallback else " (no fallback_encoding)"
    return (f"cannot decode: not {encoding} (byte 0x{byte} at offset {err.start}){also}; "
            "pass encoding= or fallback_encoding=")


def _os_reason(err: OSError) -> str:
    return f"{type(err).__name__}: {err.strerror or err}"


def _read_text_file(path: str, doc_id, encoding, fallback, max_bytes):
    try:
        if path.lower().endswith(".gz"):
            with _open_binary(path) as f:
                data = f.read() if max_bytes is None else f.read(max_bytes + 1)
        else:
            # Plain descriptor calls: a file object and its buffer would cost
            # as much again as reading a short article.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                size = os.fstat(fd).st_size
                if max_bytes is not None and size > max_bytes:
                    return ReadError(doc_id, f"file has {size:,} bytes, more than max_bytes="
                                     f"{max_bytes:,}", path=path)
                data = _read_fd(fd, size, max_bytes)
            finally:
                os.close(fd)
        if max_bytes is not None and len(data) > max_bytes:
            return ReadError(doc_id, f"file has more than max_bytes={max_bytes:,} bytes",
                             path=path)
        return _decode(data, encoding, fallback)
    except UnicodeDecodeError as err:
        return ReadError(doc_id, _decode_reason(err, encoding, fallback), path=path)
    except (OSError, EOFError) as err:  # EOFError: truncated gzip
        return ReadError(doc_id, _os_reason(err) if isinstance(err, OSError)
                         else f"cannot read: {err}", path=path)


def _read_fd(fd: int, size: int, max_bytes: int | None) -> bytes:
    """Read ``fd`` to its end, or to ``max_bytes + 1`` bytes (then it is too big).

    ``size`` (from ``fstat``) is asked for first, and one byte more, so that a
    file read whole takes one call; a file that grew meanwhile, or a pipe
    (size 0), is read on in 64 KiB blocks.
    """
    parts, got, want = [], 0, size + 1
    while max_bytes is None or got <= max_bytes:
        block = os.read(fd, want if max_bytes is None else min(want, max_bytes + 1 - got))
        if not block:
            break
        parts.append(block)
        got += len(block)
        want = 1 << 16
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _read_jsonl(stream, path, file_id, text_field, id_field, encoding, fallback):
    lineno = 0
    try:
        for lineno, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            fallback_id = f"{file_id}:{lineno}"
            try:
                line = _decode(raw, encoding, fallback)
            except UnicodeDecodeError as err:
                yield fallback_id, ReadError(fallback_id, _decode_reason(err, encoding, fallback),
                                             path=path, line=lineno)
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield fallback_id, ReadError(fallback_id, f"invalid JSON: {err.msg} "
                                             f"(column {err.colno})", path=path, line=lineno)
                continue
            if not isinstance(record, dict):
                yield fallback_id, ReadError(
                    fallback_id, f"expected a JSON object, got {type(record).__name__}",
                    path=path, line=lineno)
                continue
            doc_id = record.get(id_field, fallback_id) if id_field else fallback_id
            if isinstance(doc_id, (dict, list)) or doc_id is None:
                doc_id = fallback_id
            if text_field not in record:
                yield doc_id, ReadError(doc_id, f"no field {text_field!r} (fields: "
                                        f"{', '.join(map(str, list(record)[:10]))})",
                                        path=path, line=lineno)
            elif not isinstance(record[text_field], str):
                yield doc_id, ReadError(doc_id, f"field {text_field!r} is "
                                        f"{type(record[text_field]).__name__}, not a string",
                                        path=path, line=lineno)
            else:
                yield doc_id, record[text_field]
    except (OSError, EOFError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else f"cannot read: {err}"
        yield file_id, ReadError(file_id, f"{reason} (after line {lineno})", path=path)


def _sniff_encoding(path: str, encoding: str, fallback: str | None) -> str:
    """The encoding a whole file decodes with, read in blocks (flat memory)."""
    with _open_binary(path) as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        dec = codecs.getincrementaldecoder(encoding)()
        block = head
        offset = 0
        try:
            while block:
                dec.decode(block)
                offset += len(block)
                block = f.read(1 << 20)
            dec.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError as err:
            if fallback is None:
                raise UnicodeDecodeError(err.encoding, err.object, err.start, err.end,
                                         err.reason) from None
    codecs.lookup(fallback)
    with _open_binary(path) as f:
        dec = codecs.getincrementaldecoder(fallback)()
        for block in iter(lambda: f.read(1 << 20), b""):
            dec.decode(block)
        dec.decode(b"", final=True)
    return fallback


def _read_csv(path, file_id, delimiter, text_field, id_field, encoding, fallback):
    try:
        enc = _sniff_encoding(path, encoding, fallback)
    except UnicodeDecodeError as err:
        yield file_id, ReadError(file_id, _decode_reason(err, encoding, fallback), path=path)
        return
    except (OSError, EOFError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else f"cannot read: {err}"
        yield file_id, ReadError(file_id, reason, path=path)
        return
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        f = opener(path, "rt", encoding=enc, newline="")
    except OSError as err:
        yield file_id, ReadError(file_id, _os_reason(err), path=path)
        return
    with f:
        yield from _csv_records(f, path, file_id, delimiter, text_field, id_field)


def _csv_records(f, path, file_id, delimiter, text_field, id_field):
    """``(doc_id, text or ReadError)`` of the rows of an open text stream."""
    _raise_csv_field_limit()
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    row_no = 0
    try:
        reader = csv.reader(f, delimiter=delimiter, quoting=quoting)
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip().lstrip("\ufeff") for h in header]
        if text_field not in header:
            yield file_id, ReadError(
                file_id, f"no column {text_field!r} (columns: {', '.join(header[:20])})",
                path=path)
            return
        t = header.index(text_field)
        k = header.index(id_field) if id_field and id_field in header else None
        for row_no, row in enumerate(reader, 1):
            if not row:
                continue
            fallback_id = f"{file_id}:{row_no}"
            doc_id = row[k] if k is not None and k < len(row) and row[k] else fallback_id
            if len(row) != len(header):
                yield doc_id, ReadError(
                    doc_id, f"row has {len(row)} fields, the header {len(header)}",
                    path=path, line=reader.line_num)
                continue
            yield doc_id, row[t]
    except csv.Error as err:
        doc_id = f"{file_id}:{row_no + 1}"
        yield doc_id, ReadError(doc_id, f"CSV error, rest of file skipped: {err}", path=path,
                                line=row_no + 1)
    except UnicodeDecodeError as err:
        yield file_id, ReadError(file_id, f"cannot decode after row {row_no}: {err}",
                                 path=path)
    except (OSError, EOFError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else f"cannot read: {err}"
        yield file_id, ReadError(file_id, f"{reason} (after row {row_no})", path=path)


def _read_stream(stream, name: str, fmt: str = "text", *, text_field: str = "text",
                 id_field: str | None = "id", encoding: str = "utf-8",
                 fallback_encoding: str | None = "cp1252"):
    """``(doc_id, text or ReadError)`` from an open binary stream (e.g. stdin).

    ``"text"`` (or ``"auto"``) reads it whole as one document called ``name``;
    ``"jsonl"`` streams records; ``"csv"``/``"tsv"`` stream rows, which must be
    in ``encoding`` (no fallback: the stream cannot be read twice).
    """
    fmt = _check_choice(fmt, "format", _FORMATS)
    if fmt in ("auto", "text"):
        try:
            data = stream.read()
            yield name, _decode(data, encoding, fallback_encoding)
        except UnicodeDecodeError as err:
            yield name, ReadError(name, _decode_reason(err, encoding, fallback_encoding),
                                  path=name)
    elif fmt == "jsonl":
        yield from _read_jsonl(stream, name, name, text_field, id_field, encoding,
                               fallback_encoding)
    else:
        import io

        f = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            yield from _csv_records(f, name, name, "\t" if fmt == "tsv" else ",",
                                    text_field, id_field)
        finally:
            f.detach()


def _raise_csv_field_limit() -> None:
    # Articles are longer than csv's default 128 KiB field limit.
    limit = min(sys.maxsize, 2**31 - 1)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _read_file(path, file_id, fmt, opts) -> Iterator[tuple[Any, Any]]:
    fmt = _format_of(path, fmt)
    if fmt == "text":
        yield file_id, _read_text_file(path, file_id, opts["encoding"], opts["fallback"],
                                       opts["max_bytes"])
    elif fmt == "jsonl":
        try:
            stream = _open_binary(path)
        except OSError as err:
            yield file_id, ReadError(file_id, _os_reason(err), path=path)
            return
        with stream:
            yield from _read_jsonl(stream, path, file_id, opts["text_field"], opts["id_field"],
                                   opts["encoding"], opts["fallback"])
    else:
        yield from _read_csv(path, file_id, "\t" if fmt == "tsv" else ",", opts["text_field"],
                             opts["id_field"], opts["encoding"], opts["fallback"])
