-- wrk script: cycles through a fixed mix of pt-BR and en searches.
local queries = {
  "lang=pt-BR&q=atualizacao", "lang=pt-BR&q=servidro%20de%20caixas%20de%20correio",
  "lang=pt-BR&q=Setup.com", "lang=pt-BR&q=n%C3%B3s%20passivos", "lang=pt-BR&q=pr%C3%A9-requisitos",
  "lang=pt-BR&q=inativ", "lang=en&q=update%20rollup%20removal", "lang=en&q=Windows%20Vista%20remote%20management",
  "lang=en&q=clustr", "lang=en&q=Move-Mailbox",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?" .. queries[(i % #queries) + 1])
end
