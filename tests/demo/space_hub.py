"""A local HTTP server answering like the Hugging Face Hub for Space uploads, on 127.0.0.1.

Enough of the API for ``huggingface_hub``'s ``create_repo(..., repo_type="space")`` and
``upload_folder``: ``POST /api/repos/create``, ``POST /api/validate-yaml`` (a README's front
matter: a Space's must name its ``sdk``), ``POST /api/spaces/{repo}/preupload/{rev}``
(every file goes as a regular git blob) and ``POST /api/spaces/{repo}/commit/{rev}`` (the
NDJSON commit; its files are kept in ``spaces``). Every request's Authorization header is
recorded, and one without the expected token is refused as the Hub refuses it (401).
"""

from __future__ import annotations

import base64
import hashlib
import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlparse

import yaml
from kit.network import LocalServer


class SpaceHub(LocalServer):
    def __init__(self, token: str) -> None:
        self.token = token
        self.spaces: dict[str, dict[str, bytes]] = {}  # repo id -> {path: content}
        self.created: list[dict] = []  # create_repo payloads
        self.commits: list[dict] = []  # commit headers
        self.validated: list[dict] = []  # validate-yaml payloads (the README)
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                hub.answer(self)

            def do_GET(self):
                hub.answer(self)

        super().__init__(Handler)

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = unquote(urlparse(handler.path).path)
        self.requests.append(f"{handler.command} {path}")
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            self.send(handler, 401, {"error": "Invalid credentials in Authorization header"})
            return
        if handler.command == "POST" and path == "/api/repos/create":
            payload = json.loads(body)
            self.created.append(payload)
            repo = f"{payload['organization']}/{payload['name']}"
            url = f"{self.url}/spaces/{repo}"
            if repo in self.spaces:  # the Hub's answer names the existing repository
                self.send(
                    handler, 409, {"error": "You already created this space repo", "url": url}
                )
                return
            self.spaces[repo] = {}
            self.send(handler, 200, {"url": url, "name": repo})
            return
        if handler.command == "POST" and path == "/api/validate-yaml":
            payload = json.loads(body)
            self.validated.append(payload)
            front = yaml.safe_load(payload["content"].split("---")[1]) or {}
            if payload["repoType"] == "space" and "sdk" not in front:
                self.send(handler, 400, {"errors": [{"message": '"sdk" is required'}]})
            else:
                self.send(handler, 200, {"errors": [], "warnings": []})
            return
        if handler.command == "POST" and path.startswith("/api/spaces/"):
            repo, _, _revision = path[len("/api/spaces/") :].rpartition("/")
            repo, _, verb = repo.rpartition("/")  # {repo}/{verb}/{revision}
            if repo not in self.spaces:
                self.send(
                    handler,
                    404,
                    {"error": "Repository not found"},
                    {"X-Error-Code": "RepoNotFound"},
                )
                return
            if verb == "preupload":
                files = json.loads(body)["files"]
                listing = [
                    {"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                    for f in files
                ]
                self.send(handler, 200, {"files": listing})
                return
            if verb == "commit":
                lines = [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
                self.commits.append(lines[0]["value"])
                for line in lines[1:]:
                    if line["key"] == "file":
                        value = line["value"]
                        self.spaces[repo][value["path"]] = base64.b64decode(value["content"])
                oid = hashlib.sha1(body).hexdigest()
                self.send(
                    handler,
                    200,
                    {"commitUrl": f"{self.url}/spaces/{repo}/commit/{oid}", "commitOid": oid},
                )
                return
        self.send(handler, 404, {"error": "not found"})

    @staticmethod
    def send(handler, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
