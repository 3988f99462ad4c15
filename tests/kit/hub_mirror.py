"""A local HTTP server that answers like the Hugging Face Hub for one model repository.

Enough of the Hub's API for huggingface_hub and transformers to download a repository:
HEAD/GET ``/{repo}/resolve/{rev}/{file}`` with the Hub's headers (X-Repo-Commit, ETag,
X-Linked-Size), ``/api/models/{repo}``, its ``/revision/{rev}`` and ``/tree/{rev}`` listings, and the Hub's
404 for a missing file (X-Error-Code: EntryNotFound). Bound to 127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlparse

from kit.network import LocalServer

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def oid(path: Path) -> str:
    """A file's id in a listing (the Hub's is git's; any digest of the content will do)."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha1").hexdigest()


class HubMirror(LocalServer):
    def __init__(self, repo_id: str, folder: Path):
        self.repo_id, self.folder = repo_id, folder
        self.requests: list[str] = []
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_HEAD(self):
                mirror.answer(self, body=False)

            def do_GET(self):
                mirror.answer(self, body=True)

        super().__init__(Handler)

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.is_file())

    def answer(self, handler: BaseHTTPRequestHandler, body: bool) -> None:
        path = unquote(urlparse(handler.path).path)
        self.requests.append(f"{handler.command} {path}")
        resolve = f"/{self.repo_id}/resolve/"
        api = f"/api/models/{self.repo_id}"
        if path.startswith(resolve):
            _revision, _, name = path[len(resolve) :].partition("/")
            self.send_file(handler, name, body)
        elif path.startswith(api + "/tree/"):
            _revision, _, folder = path[len(api + "/tree/") :].partition("/")
            if folder:  # the repository is flat: no sub-folder exists
                self.send(handler, 404, b"entry not found", {"X-Error-Code": "EntryNotFound"}, body)
            else:
                listing = [  # snapshot_download reads each file's oid
                    {"type": "file", "path": p.name, "size": p.stat().st_size, "oid": oid(p)}
                    for p in self.files()
                ]
                self.send(
                    handler,
                    200,
                    json.dumps(listing).encode(),
                    {"Content-Type": "application/json"},
                    body,
                )
        elif path == api or path.startswith(api + "/revision/"):
            info = {
                "id": self.repo_id,
                "modelId": self.repo_id,
                "sha": COMMIT,
                "siblings": [{"rfilename": p.name} for p in self.files()],
            }
            self.send(
                handler, 200, json.dumps(info).encode(), {"Content-Type": "application/json"}, body
            )
        else:
            self.send(handler, 404, b"not found", {"X-Error-Code": "RepoNotFound"}, body)

    def send_file(self, handler, name: str, body: bool) -> None:
        path = self.folder / name
        if not path.is_file():
            headers = {"X-Error-Code": "EntryNotFound", "X-Repo-Commit": COMMIT}
            self.send(handler, 404, b"entry not found", headers, body)
            return
        data = path.read_bytes()
        etag = hashlib.sha256(data).hexdigest()
        headers = {
            "X-Repo-Commit": COMMIT,
            "ETag": f'"{etag}"',
            "X-Linked-Size": str(len(data)),
            "Content-Type": "application/octet-stream",
        }
        self.send(handler, 200, data, headers, body)

    @staticmethod
    def send(handler, status: int, data: bytes, headers: dict[str, str], body: bool) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if body:
            handler.wfile.write(data)
