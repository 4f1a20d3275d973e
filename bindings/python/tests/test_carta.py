"""The Python bindings against the real library and models (run by scripts/bindings)."""

import asyncio
import json
import os
import pathlib

import pytest

from carta import (
    CancelToken,
    Carta,
    CartaError,
    CameraFrame,
    FrameFormat,
    KeyStoreCallback,
    Offload,
    Privacy,
    ScanObserver,
    ScanStage,
    Target,
)

ROOT = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "samples" / "sample-passport.jpg"
EXPECTED = os.environ.get("CARTA_EXPECTED_JSON")


def canonical(text: str) -> dict:
    value = json.loads(text)
    value.pop("timings_ms", None)
    return value


@pytest.fixture(scope="module")
def sdk() -> Carta:
    return Carta(profile="python-tests")


def test_the_sample_scan_is_the_same_json_as_the_cli(sdk):
    assert EXPECTED, "CARTA_EXPECTED_JSON names the CLI's output (scripts/bindings sets it)"
    result = sdk.scan(SAMPLE)
    expected = canonical(pathlib.Path(EXPECTED).read_text())
    assert canonical(result.json) == expected
    assert result.document_type == expected["document_type"]
    assert {f.name: f.value for f in result.fields} == {
        k: v["value"] for k, v in expected["fields"].items()
    }


def test_async_scan_and_observer_report_the_stages_in_order(sdk):
    class Stages(ScanObserver):
        def __init__(self):
            self.seen = []

        def on_stage(self, stage):
            self.seen.append(stage)

    stages = Stages()
    result = asyncio.run(sdk.scan_async(SAMPLE.read_bytes(), observer=stages))
    assert result.document_type == "passport"
    assert stages.seen == [ScanStage.DECODED, ScanStage.TEXT_READ, ScanStage.PARSED, ScanStage.DONE]


def test_a_text_pdf_gives_one_result_per_page(sdk):
    lines = ["Cognome: ROSSI", "Nome: MARIO"]
    pages = []
    for text in lines:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        pages.append(stream)
    pdf = minimal_pdf(pages)
    results = sdk.scan_pages(pdf)
    assert len(results) == 2
    assert all(json.loads(r.json)["provenance"]["ocr"] == "pdf-text-layer" for r in results)


def minimal_pdf(streams):
    """A PDF with one page per content stream and a Helvetica font (for the text layer)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for stream in streams:
        page_id = len(objects) + 1
        kids.append(f"{page_id} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_id + 1} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_a_cancelled_scan_raises_cancelled(sdk):
    token = CancelToken()
    token.cancel()
    with pytest.raises(CartaError.Cancelled):
        sdk.scan(SAMPLE, cancel=token)
    with pytest.raises(CartaError.Cancelled):
        asyncio.run(sdk.scan_async(SAMPLE, cancel=token))


def test_cancelling_the_awaiting_task_mid_scan_cancels_the_scans_token(sdk):
    token = CancelToken()

    async def main():
        decoded = asyncio.Event()
        loop = asyncio.get_running_loop()

        class Observer(ScanObserver):
            def on_stage(self, stage):
                if stage == ScanStage.DECODED:
                    loop.call_soon_threadsafe(decoded.set)

        task = asyncio.create_task(sdk.scan_async(SAMPLE, cancel=token, observer=Observer()))
        await decoded.wait()
        assert not token.is_cancelled()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert token.is_cancelled()


def test_bad_input_is_a_typed_error_without_content(sdk):
    secret = b"ROSSI MARIO 14.05.1987 RSSMRA87E14H501Z"
    with pytest.raises(CartaError.InvalidInput) as bad:
        sdk.scan(secret)
    assert "ROSSI" not in str(bad.value) and "RSSMRA" not in str(bad.value)
    with pytest.raises(CartaError.InvalidInput):
        sdk.scan(CameraFrame(data=b"\x00" * 10, width=100, height=100, stride=400, format=FrameFormat.RGBA))
    with pytest.raises(CartaError.InvalidInput) as frame_text:
        sdk.scan_text('{"lines": "ROSSI"}')
    assert "ROSSI" not in str(frame_text.value)


def test_text_scans_read_fields(sdk):
    result = sdk.scan_text("Cognome: ROSSI\nNome: MARIO\nData di nascita: 14/05/1987")
    fields = {f.name: f.value for f in result.fields}
    assert fields["surname"] == "ROSSI" and fields["birth_date"] == "1987-05-14"
    assert result.egress == [] and result.offload is None


def test_offload_settings_change_at_run_time_and_without_a_pairing_nothing_leaves():
    sdk = Carta(profile="python-offload")
    sdk.set_offload(Offload.AUTO, Privacy.MINIMAL)
    result = sdk.scan_text("Cognome: ROSSI\nNome: MARIO")
    assert result.offload is None and result.egress == []
    assert json.loads(result.json)["provenance"]["offload"] is None
    sdk.set_offload(Offload.OFF)


def test_an_app_key_store_is_used_and_its_errors_are_typed():
    class Store(KeyStoreCallback):
        def __init__(self):
            self.calls = []

        def load(self, account):
            self.calls.append(("load", account))
            return None

        def save(self, account, secret):
            raise CartaError.Offload("the keystore is locked")

        def delete(self, account):
            self.calls.append(("delete", account))
            return False

        def create_key(self, alias):
            return None

        def public_key(self, alias):
            return None

        def sign(self, alias, message):
            raise CartaError.Offload("no key")

        def delete_key(self, alias):
            pass

    store = Store()
    sdk = Carta(key_store=store)
    assert sdk.paired(Target.EDGE) is None
    assert sdk.unpair(Target.CLOUD) is False
    assert ("load", "edge") in store.calls and ("load", "cloud") in store.calls
    with pytest.raises(CartaError.Offload) as bad_uri:
        sdk.pair("carta://pair?host=127.0.0.1&fp=sha256:00&token=SECRET123")
    assert "SECRET123" not in str(bad_uri.value)


def test_pairing_and_offload_through_an_app_key_store_with_the_real_server(tmp_path):
    """From Python: pair with a real carta-server, keep the pairing in the app's key store, and
    have a scan completed by it, with its egress receipt."""
    import subprocess

    server_bin = os.environ["CARTA_TEST_SERVER"]
    state = tmp_path / "state"
    subprocess.run([server_bin, "init", "--state", state, "--host", "127.0.0.1"], check=True,
                   capture_output=True)
    config = tmp_path / "server.toml"
    config.write_text('listen = "127.0.0.1:0"\npair_listen = "127.0.0.1:0"\n')
    server = subprocess.Popen([server_bin, "serve", "--state", state, "--config", config],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        addresses = dict(w.split("=", 1) for w in line.split()[1:])
        uri = subprocess.run([server_bin, "pair", "--state", state, "--config", config,
                              "--host", addresses["pair"], "--no-qr"],
                             check=True, capture_output=True, text=True).stdout.strip()

        class Store(KeyStoreCallback):
            def __init__(self):
                self.secrets = {}

            def load(self, account):
                return self.secrets.get(account)

            def save(self, account, secret):
                self.secrets[account] = secret

            def delete(self, account):
                return self.secrets.pop(account, None) is not None

            def create_key(self, alias):
                return None  # no secure hardware: the SDK makes a software key

            def public_key(self, alias):
                return None

            def sign(self, alias, message):
                raise CartaError.Offload("no hardware key")

            def delete_key(self, alias):
                pass

        store = Store()
        sdk = Carta(key_store=store, offload=Offload.EDGE, privacy=Privacy.PSEUDONYMISE)
        pairing = sdk.pair(uri, Target.EDGE, "python-test")
        assert pairing.api == addresses["api"] and not pairing.hardware_key
        assert list(store.secrets) == ["edge"]
        result = sdk.scan_text("Cognome: QUAGLIARELLA\nNome: ZEBEDEO\nData di nascita: 14/05/1987")
        assert result.offload == f"edge:{addresses['api']}"
        assert len(result.egress) == 1 and result.egress[0].policy == "pseudonymise"
        assert len(result.egress[0].sha256) == 64
        assert json.loads(result.json)["egress"][0]["bytes"] == result.egress[0].bytes
        assert sdk.unpair(Target.EDGE) and store.secrets == {}
    finally:
        server.terminate()
        server.wait(timeout=10)
