-- wrk script: distinct searches over a generated corpus (see benches/gen_corpus.rs).
-- QUERIES names the file with one query string per line.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do
  queries[#queries + 1] = line
end

-- Each thread has its own copy of this script; without an offset of its own
-- every thread would send the same sequence, and a query would be repeated
-- as many times as there are threads.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local i
request = function()
  i = (i or (id or 0) * 104729) + 1
  return wrk.format("GET", "/api/search?" .. queries[(i % #queries) + 1])
end
