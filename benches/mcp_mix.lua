-- wrk script: the question mix of answer_mix.lua, sent either to
-- POST /api/answer (MODE=api) or as an MCP `tools/call` of `answer_question`
-- at the Streamable HTTP endpoint (MODE=mcp), so the
-- two latencies differ only by the transport.
-- The questions of answer_mix.lua (wrk runs scripts from the repository root).
dofile("benches/answer_mix.lua")
local mode = os.getenv("MODE") or "api"
local i = 0
request = function()
  i = i + 1
  local question = questions[(i % #questions) + 1]
  if mode == "mcp" then
    local body = '{"jsonrpc":"2.0","id":' .. i .. ',"method":"tools/call","params":'
      .. '{"name":"answer_question","arguments":{"question":"' .. question .. '"}}}'
    return wrk.format("POST", "/mcp", {
      ["Content-Type"] = "application/json",
      ["Accept"] = "application/json, text/event-stream",
      ["Mcp-Protocol-Version"] = "2025-06-18",
    }, body)
  end
  local body = '{"question": "' .. question .. '"}'
  return wrk.format("POST", "/api/answer", { ["Content-Type"] = "application/json" }, body)
end
