-- wrk script: durable step updates on one run (RUN_ID from the environment),
-- alternating done=true/false over its steps, as several people ticking would.
local run = os.getenv("RUN_ID")
local steps = { "windows-2003-sp2", "update-rollups", "confirm-passive-ex2", "move-groups-ex2",
                "upgrade-passive-ex2", "take-cms-offline", "bring-cms-online", "upgrade-original-active" }
local i = 0
request = function()
  i = i + 1
  local step = steps[(i % #steps) + 1]
  local done = (math.floor(i / #steps) % 2 == 0) and "true" or "false"
  return wrk.format("PATCH", "/api/checklists/" .. run .. "/steps/" .. step,
    { ["Content-Type"] = "application/json" }, '{"done": ' .. done .. ', "by": "wrk"}')
end
