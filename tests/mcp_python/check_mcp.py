"""An independent MCP client against docdesk: the official MCP Python SDK.

Connects to `docdesk mcp` over stdio and to `/mcp` of a running server over
Streamable HTTP, lists tools and resources, calls every tool, and checks each
answer against the HTTP API's answer for the same input, over the shared
evaluation cases (tests/eval/*.jsonl). Run by the Rust test
`mcp::python_sdk_client_agrees_with_the_api`, which starts the server.

Usage: check_mcp.py URL DOCDESK_BINARY CONTENT_DIR DATA_DIR EVAL_DIR
(DATA_DIR is the server's, so checklists written through stdio are read back
through the HTTP API.) Exits non-zero on the first disagreement.
"""

import glob
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

TOOLS = sorted(
    ["search_docs", "answer_question", "check_compatibility", "create_checklist", "get_checklist", "update_step"]
)


class Checker:
    def __init__(self, base, eval_dir):
        self.base = base
        self.eval_dir = eval_dir
        self.checks = 0

    def api(self, method, path, body=None):
        """The HTTP API's status and JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def expect(self, condition, message):
        self.checks += 1
        if not condition:
            raise AssertionError(message)

    def cases(self, prefix):
        for path in sorted(glob.glob(os.path.join(self.eval_dir, prefix + "*.jsonl"))):
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        yield os.path.basename(path), json.loads(line)

    async def call(self, session, tool, arguments):
        result = await session.call_tool(tool, arguments)
        text = result.content[0].text if result.content else ""
        return result, text

    async def same(self, session, label, tool, arguments, status, expected, volatile=()):
        """A tool call answers as the API did: equal JSON, or a tool error where the API refused."""
        result, text = await self.call(session, tool, arguments)
        if status == 200:
            self.expect(not result.is_error, f"{label}: {tool} {arguments} failed: {text}")
            got = dict(result.structured_content)
            want = dict(expected)
            for key in volatile:
                got.pop(key, None)
                want.pop(key, None)
            self.expect(got == want, f"{label}: {tool} {arguments}\n  mcp:  {got}\n  http: {want}")
            self.expect(json.loads(text) == result.structured_content, f"{label}: text differs from structure")
        else:
            self.expect(result.is_error, f"{label}: {tool} {arguments} should fail as HTTP {status} did")
            field = expected["error"].get("field")
            if field:
                self.expect(f"`{field}`" in text, f"{label}: {text!r} does not name {field}")

    async def run(self, session, label, shares_data):
        await session.initialize()
        tools = (await session.list_tools()).tools
        self.expect(sorted(t.name for t in tools) == TOOLS, f"{label}: tools {[t.name for t in tools]}")
        for tool in tools:
            self.expect(tool.output_schema is not None, f"{label}: {tool.name} has no output schema")
            self.expect("citation" in tool.description or tool.name not in ("answer_question", "check_compatibility"),
                        f"{label}: {tool.name} does not ask for citations")

        resources = (await session.list_resources()).resources
        self.expect(len(resources) > 0, f"{label}: no resources")
        for resource in resources:
            self.expect(str(resource.uri).startswith("docdesk://docs/"), f"{label}: {resource.uri}")
            contents = (await session.read_resource(resource.uri)).contents
            self.expect(contents[0].text.startswith("#"), f"{label}: {resource.uri} is not a Markdown section")
            self.expect(contents[0].mime_type == "text/markdown", f"{label}: {resource.uri} mime type")

        for source, case in self.cases("search"):
            limit = case.get("top", 10)
            query = urllib.parse.urlencode({"q": case["q"], "lang": case["lang"], "limit": limit})
            status, expected = self.api("GET", "/api/search?" + query)
            arguments = {"q": case["q"], "lang": case["lang"], "limit": limit}
            await self.same(session, f"{label} {source} {case['id']}", "search_docs", arguments, status, expected,
                            volatile=("took_ms",))

        for source, case in self.cases("answers"):
            case_label = f"{label} {source} {case['id']}"
            if "compat" in case:
                params = dict(case["compat"], lang=case["lang"])
                status, expected = self.api("GET", "/api/compat?" + urllib.parse.urlencode(params))
                await self.same(session, case_label, "check_compatibility", params, status, expected)
            else:
                body = {"question": case["q"], "lang": case["lang"]}
                status, expected = self.api("POST", "/api/answer", body)
                await self.same(session, case_label, "answer_question", body, status, expected)

        # Bad arguments: the same refusals as the API, naming the argument.
        status, expected = self.api("GET", "/api/search?q=x&limit=0")
        await self.same(session, label, "search_docs", {"q": "x", "limit": 0}, status, expected)
        status, expected = self.api("GET", "/api/compat?admin_os=windows-7")
        await self.same(session, label, "check_compatibility", {"admin_os": "windows-7"}, status, expected)
        status, expected = self.api("POST", "/api/answer", {"question": " "})
        await self.same(session, label, "answer_question", {"question": " "}, status, expected)

        # Checklists: what one side writes, the other reads back.
        params = {"cluster_type": "ccr", "active_node": "MBX1", "passive_nodes": ["MBX2"],
                  "target": "SP1", "cluster_os": "windows-server-2003"}
        result, text = await self.call(session, "create_checklist",
                                       {"template": "cms-upgrade", "lang": "pt-BR", "params": params})
        self.expect(not result.is_error, f"{label}: create_checklist failed: {text}")
        run = result.structured_content
        if shares_data:
            status, expected = self.api("GET", f"/api/checklists/{run['id']}")
            self.expect(status == 200 and expected == run, f"{label}: the API reads another run")
            await self.same(session, label, "get_checklist", {"id": run["id"], "lang": "en"}, *self.api(
                "GET", f"/api/checklists/{run['id']}?lang=en"))
        step = run["steps"][1]["id"]
        result, text = await self.call(session, "update_step",
                                       {"id": run["id"], "step": step, "skipped": True, "reason": "done by hand"})
        self.expect(not result.is_error, f"{label}: update_step failed: {text}")
        self.expect(result.structured_content["progress"]["skipped"] == 1, f"{label}: skip not counted")
        if shares_data:
            status, expected = self.api("GET", f"/api/checklists/{run['id']}")
            self.expect(expected == result.structured_content, f"{label}: the API sees another state")
        status, expected = self.api("PATCH", f"/api/checklists/{run['id']}/steps/{step}", {"skipped": True})
        await self.same(session, label, "update_step", {"id": run["id"], "step": step, "skipped": True},
                        status, expected)


async def main():
    base, binary, content, data_dir, eval_dir = sys.argv[1:6]
    checker = Checker(base, eval_dir)

    async with streamable_http_client(base + "/mcp") as (read, write):
        async with ClientSession(read, write) as session:
            await checker.run(session, "http", shares_data=True)
    http_checks = checker.checks

    server = StdioServerParameters(
        command=binary,
        args=["mcp", "--content", content, "--data-dir", data_dir],
        env={"RUST_LOG": "warn"},
    )
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            await checker.run(session, "stdio", shares_data=True)

    print(f"MCP Python SDK: {http_checks} checks over HTTP, {checker.checks - http_checks} over stdio, all agree")


if __name__ == "__main__":
    anyio.run(main)
