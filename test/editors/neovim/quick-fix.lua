-- Drives async-lint's language server from headless Neovim 0.7+ (the built-in LSP client, no
-- plugins), on the file Neovim was started with:
--   nvim --headless --clean -u NONE -c 'luafile quick-fix.lua' FILE
-- 1. starts `node bin/async-lint.mjs lsp --stdio` with vim.lsp.start_client and attaches the buffer;
-- 2. waits for pushed diagnostics with a sequential-awaits finding;
-- 3. requests textDocument/codeAction for it and applies the Promise.all fix's workspace edit;
-- 4. waits for the diagnostics of the new text, without sequential-awaits;
-- and writes what happened as JSON to $ASYNC_LINT_RESULT, then quits (exit code 0, or 1 on failure).
local result_file = assert(vim.env.ASYNC_LINT_RESULT, 'ASYNC_LINT_RESULT is not set')
local timeout_ms = tonumber(vim.env.ASYNC_LINT_TIMEOUT_MS or '60000')
local bufnr = vim.api.nvim_get_current_buf()
local result = { steps = {}, published = {} }

local function finish(ok, message)
  result.ok = ok
  result.message = message
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
  local file = assert(io.open(result_file, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
  vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

local function step(name) table.insert(result.steps, name) end

local ok, err = pcall(function()
  -- No filetype plugins here (-u NONE): say what the buffer is, it becomes the languageId.
  vim.bo[bufnr].filetype = 'typescript'
  local publishes = {} -- every publishDiagnostics for this buffer, in order
  local client_id = vim.lsp.start_client({
    name = 'async-lint',
    cmd = { vim.env.ASYNC_LINT_NODE or 'node', assert(vim.env.ASYNC_LINT_BIN, 'ASYNC_LINT_BIN is not set'), 'lsp', '--stdio' },
    root_dir = vim.env.ASYNC_LINT_ROOT,
    settings = { asyncLint = {} },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        if params and params.uri == vim.uri_from_bufnr(bufnr) then
          local codes = {}
          for _, d in ipairs(params.diagnostics) do table.insert(codes, d.code) end
          table.insert(publishes, params.diagnostics)
          table.insert(result.published, codes)
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
  })
  assert(client_id, 'vim.lsp.start_client returned nothing')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')
  step('started')

  local function find(diagnostics, code)
    for _, d in ipairs(diagnostics) do if d.code == code then return d end end
  end

  -- 2. the finding, pushed by the server
  local sequential
  assert(vim.wait(timeout_ms, function()
    sequential = publishes[#publishes] and find(publishes[#publishes], 'sequential-awaits')
    return sequential ~= nil
  end, 20), 'no sequential-awaits diagnostic within ' .. timeout_ms .. ' ms')
  step('diagnostics')

  -- 3. the quick fix
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = sequential.range,
    context = { diagnostics = { sequential }, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout_ms)
  assert(responses, 'no answer to textDocument/codeAction within ' .. timeout_ms .. ' ms')
  local action
  result.titles = {}
  for _, response in pairs(responses) do
    assert(not response.err, 'textDocument/codeAction failed: ' .. vim.inspect(response.err))
    for _, a in ipairs(response.result or {}) do
      table.insert(result.titles, a.title)
      if not action and a.title:find('Promise.all', 1, true) then action = a end
    end
  end
  assert(action, 'no Promise.all code action among: ' .. table.concat(result.titles, ' | '))
  assert(action.edit, 'the Promise.all code action has no edit')
  local before = #publishes
  vim.lsp.util.apply_workspace_edit(action.edit, vim.lsp.get_client_by_id(client_id).offset_encoding)
  step('applied')

  -- 4. the server re-lints the changed buffer (didChange) and publishes without the finding
  assert(vim.wait(timeout_ms, function()
    return #publishes > before and find(publishes[#publishes], 'sequential-awaits') == nil
  end, 20), 'sequential-awaits still reported ' .. timeout_ms .. ' ms after the fix')
  step('cleared')
end)

if ok then finish(true, 'ok') else finish(false, tostring(err)) end
