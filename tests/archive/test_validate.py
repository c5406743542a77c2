"""`crawler warc validate` and `crawler warc repair` on files damaged by hand."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from crawler.archive.validate import repair_open_file, validate_file
from crawler.archive.writer import RotatingWarcWriter
from tests.archive.test_writer import WARCINFO, exchange
from tests.crawling import run_crawler


def closed_warc(directory: Path, exchanges: int = 3) -> Path:
    with RotatingWarcWriter(directory, "t", 10**9, WARCINFO, hostname="h") as writer:
        for number in range(exchanges):
            writer.write_exchange(*exchange(f"/page{number}", body=b"<p>%d</p>" % number))
    (path,) = writer.closed_files
    return path


def test_a_good_file_passes(tmp_path: Path) -> None:
    report = validate_file(closed_warc(tmp_path))
    assert report.ok, report.faults
    assert report.records == 7


def test_truncated_last_member_is_a_fault_and_repair_trims_it(tmp_path: Path) -> None:
    good = closed_warc(tmp_path / "good")
    data = good.read_bytes()
    damaged = tmp_path / "run" / "warc" / (good.name + ".open")
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(data[:-40])
    faults = validate_file(damaged).faults
    assert any("truncated gzip member" in f for f in faults)
    assert any("never closed" in f for f in faults)
    result = repair_open_file(damaged)
    assert result.repaired_path == damaged.with_name(good.name)
    report = validate_file(result.repaired_path)
    assert report.ok, report.faults
    # The last exchange lost its request record, so its response went too: 2 exchanges left.
    assert report.records == 5
    assert data.startswith(result.repaired_path.read_bytes())


def test_a_response_without_its_request_is_a_fault(tmp_path: Path) -> None:
    good = closed_warc(tmp_path)
    with good.open("ab") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        record = writer.create_warc_record(
            "http://example.test/x", "response", payload=io.BytesIO(b"HTTP/1.1 200 OK\r\n\r\nx")
        )
        writer.write_record(record)
    faults = validate_file(good).faults
    assert any("response with 0 request records" in f for f in faults)


def test_a_wrong_payload_digest_is_a_fault(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, WARCINFO))
        record = writer.create_warc_record(
            "http://example.test/x",
            "resource",
            payload=io.BytesIO(b"hello"),
            length=5,
            warc_headers_dict={"WARC-Payload-Digest": "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        )
        writer.write_record(record)
    faults = validate_file(path).faults
    assert any("payload digest failed" in f for f in faults), faults


def test_a_file_without_warcinfo_is_a_fault(tmp_path: Path) -> None:
    path = tmp_path / "noinfo.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        writer.write_record(
            writer.create_warc_record("http://example.test/x", "resource", payload=io.BytesIO(b"x"))
        )
    assert "first record is not warcinfo" in validate_file(path).faults


def test_a_file_still_being_written_is_not_repaired(tmp_path: Path) -> None:
    writer = RotatingWarcWriter(tmp_path, "t", 10**9, WARCINFO, hostname="h")
    writer.write_exchange(*exchange())
    (open_file,) = tmp_path.glob("*.open")
    result = repair_open_file(open_file)
    assert result.repaired_path is None
    assert result.skipped == "being written by a running crawl"
    assert open_file.exists()
    writer.close()


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_validate_command_exits_non_zero_on_a_fault(tmp_path: Path, damage: str) -> None:
    good = closed_warc(tmp_path / "good")
    ok = run_crawler("warc", "validate", str(good))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 files, 0 faults" in ok.stdout
    bad = tmp_path / "bad.warc.gz"
    shutil.copy(good, bad)
    data = bytearray(bad.read_bytes())
    if damage == "truncate":
        del data[-10:]
    else:
        data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    done = run_crawler("warc", "validate", str(bad))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAULTY" in done.stdout


def test_repair_command_closes_open_files_in_a_folder(tmp_path: Path) -> None:
    good = closed_warc(tmp_path / "good")
    warc_dir = tmp_path / "run" / "warc"
    warc_dir.mkdir(parents=True)
    (warc_dir / (good.name + ".open")).write_bytes(good.read_bytes()[:-7])
    done = run_crawler("warc", "repair", str(tmp_path / "run"))
    assert done.returncode == 0, done.stderr
    assert (warc_dir / good.name).exists()
    assert (tmp_path / "run" / "indexes" / good.name.replace(".warc.gz", ".cdxj")).exists()
    assert run_crawler("warc", "validate", str(tmp_path / "run")).returncode == 0
