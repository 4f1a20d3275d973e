"""Carta for Python: read identity documents on the device.

A thin layer over the generated uniffi module (``carta._ffi``, made by ``scripts/bindings``)::

    from carta import Carta
    sdk = Carta()                                  # on-device only
    result = sdk.scan("passport.jpg")              # a path, bytes or a camera frame
    print(result.document_type, result.json)

Errors are ``CartaError`` subclasses (``CartaError.InvalidInput``, ``.Models``, ``.Offload``,
``.Cancelled``, ``.Internal``); their messages never hold a field value.
"""

from __future__ import annotations

import asyncio
import os
from typing import Optional, Union

from ._ffi import (  # noqa: F401  (re-exported)
    CameraFrame,
    CancelToken,
    CartaError,
    CartaSdk,
    EgressReceipt,
    FrameFormat,
    KeyStoreCallback,
    Offload,
    Pairing,
    Privacy,
    ScanIssue,
    ScanObserver,
    ScanResult,
    ScanStage,
    ScannedField,
    SdkConfig,
    Target,
    version,
)

Image = Union[bytes, bytearray, str, "os.PathLike[str]"]


def _bytes(image: Image) -> bytes:
    if isinstance(image, (bytes, bytearray)):
        return bytes(image)
    with open(image, "rb") as f:
        return f.read()


class Carta:
    """The SDK. Create one and reuse it: the OCR models load on the first image scan."""

    def __init__(
        self,
        *,
        offload: Offload = Offload.OFF,
        privacy: Privacy = Privacy.PSEUDONYMISE,
        models_dir: Optional[str] = None,
        profile: str = "default",
        key_store: Optional[KeyStoreCallback] = None,
    ) -> None:
        config = SdkConfig(
            models_dir=models_dir,
            model_set=None,
            profile=profile,
            offload=offload,
            privacy=privacy,
        )
        self._sdk = CartaSdk(config, key_store)

    def scan(
        self,
        image: Union[Image, CameraFrame],
        *,
        cancel: Optional[CancelToken] = None,
        observer: Optional[ScanObserver] = None,
    ) -> ScanResult:
        """Scans a photo (JPEG, PNG, WebP: path or bytes), a scanned PDF or a camera frame."""
        if isinstance(image, CameraFrame):
            return self._sdk.scan_frame(image, cancel, observer)
        return self._sdk.scan(_bytes(image), cancel, observer)

    def scan_pages(self, document: Image, *, cancel: Optional[CancelToken] = None) -> "list[ScanResult]":
        """Scans a document file: one result for a photo, one per page for a PDF."""
        return self._sdk.scan_pages(_bytes(document), cancel, None)

    async def scan_async(
        self,
        image: Union[Image, CameraFrame],
        *,
        cancel: Optional[CancelToken] = None,
        observer: Optional[ScanObserver] = None,
    ) -> ScanResult:
        """``scan`` on a thread of its own, awaitable. Cancelling the awaiting task cancels
        ``cancel`` (a fresh token unless one is given)."""
        token = cancel or CancelToken()
        try:
            if isinstance(image, CameraFrame):
                return await self._sdk.scan_frame_async(image, token, observer)
            return await self._sdk.scan_async(_bytes(image), token, observer)
        except asyncio.CancelledError:
            token.cancel()
            raise

    def scan_text(self, text: str, *, cancel: Optional[CancelToken] = None) -> ScanResult:
        """Reads a document's OCR text (plain lines or an OCR page JSON)."""
        return self._sdk.scan_text(text, cancel)

    def extract(self, text: str, schema_json: str) -> Optional[str]:
        """Asks the paired servers for an answer of a JSON Schema; ``None`` if none answered."""
        return self._sdk.extract(text, schema_json)

    def set_offload(self, offload: Offload, privacy: Privacy = Privacy.PSEUDONYMISE) -> None:
        """Changes where a model may complete the reading, for the scans that start from now on."""
        self._sdk.set_offload(offload, privacy)

    def pair(self, uri: str, target: Target = Target.EDGE, device_name: str = "carta-python") -> Pairing:
        """Pairs with an edge box (or enrols with the cloud) from its ``carta://pair`` URI."""
        return self._sdk.pair(uri, target, device_name)

    def unpair(self, target: Target = Target.EDGE) -> bool:
        """Forgets a pairing (key, certificate, CA); whether there was one."""
        return self._sdk.unpair(target)

    def paired(self, target: Target = Target.EDGE) -> Optional[Pairing]:
        """The pairing with ``target``, if any."""
        return self._sdk.paired(target)
