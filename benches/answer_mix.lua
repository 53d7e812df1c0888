-- wrk script: POSTs a fixed mix of pt-BR and en questions to /api/answer.
questions = {
  "Can the SP2 tools on Windows XP manage a clustered mailbox server on Windows Server 2008?",
  "dá pra gerenciar o cluster do 2008 pelo XP?",
  "Which operating systems can I use to manage a clustered mailbox server running SP2 on Windows Server 2003?",
  "Can the RTM management tools manage an SP1 clustered mailbox server?",
  "Preciso remover os pacotes cumulativos de atualizações antes de instalar o SP2?",
  "Como instalo as ferramentas de gerenciamento de cluster no Windows Server 2008?",
}
local i = 0
request = function()
  i = i + 1
  local body = '{"question": "' .. questions[(i % #questions) + 1] .. '"}'
  return wrk.format("POST", "/api/answer", { ["Content-Type"] = "application/json" }, body)
end
