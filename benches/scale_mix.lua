-- wrk script: distinct searches over a generated corpus (see benches/gen_corpus.rs).
-- QUERIES names the file with one query string per line.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do
  queries[#queries + 1] = line
end
local i = math.random(#queries)
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?" .. queries[(i % #queries) + 1])
end
