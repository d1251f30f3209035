/**
 * Why each remaining difference on the Python peer suites is what it is, keyed by
 * `suite|file|code` (the line's code without its comment), so that a reordered peer file keeps its
 * reasons. A difference without one is printed as UNEXPLAINED and fails the run.
 */
const FLOW = 'deliberate: the module binds the name twice (to an httpx.Client, then to an int further down) and the use is in a function, which may run after either; async-lint reads the order of statements only within the use\'s own scope (blocking-call docs)';

const OPENED_HERE = 'deliberate: the coroutine opened the file itself (`f = open(...)`, `with open(...) as f`), and that open() is reported, its message saying the reads and writes block too: one finding per file (blocking-call docs; the fixture runs only ASYNC232, so the open() is not one of its cases)';

export const PYTHON_DIFFERENCES: Record<string, string> = {
  'ruff-flake8-async|ASYNC240.py|os.path.abspath(file)':
    'deliberate: abspath only joins the working directory to a string (no file is read); like normpath and relpath it is not reported (blocking-call docs)',
  'flake8-async-blocking|async210.py|request.urlopen()': 'deliberate: `request` is never imported or bound in the file; async-lint takes an unimported name as a module only when it is one (`urllib`, `subprocess`, ...), and `request` alone is not',
  'flake8-async-blocking|async210.py|urlopen()': 'deliberate: `urlopen` is never imported or bound in the file, so nothing says which function it is',
  'flake8-async-blocking|async212.py|glob_client.send()': FLOW,
  'flake8-async-blocking|async232_asyncio.py|f.read()': OPENED_HERE,
  'flake8-async-blocking|async232_asyncio.py|ff.read()': OPENED_HERE,
  'flake8-async-blocking|async212.py|client.send()': 'the peer marks this case `# not implemented`: `client: Client = Client()` with `from httpx import Client` is a sync httpx client, which async-lint follows through the import',
  'flake8-async-blocking|async211.py|foo.request()': 'deliberate: `foo` is a urllib3.PoolManager, whose request() always does HTTP; the peer cannot tell the type and reports only calls whose first argument is an HTTP verb (blocking-call docs)',
  'flake8-async-ASYNC103-in-coroutine|async104.py|except BaseException:': 'deliberate: the handler `return`s on every path; swallowed-cancellation counts `return` and `break` as leaving on purpose (flake8-async reports them, as ASYNC103 and ASYNC104) (swallowed-cancellation docs)',
  'flake8-async-ASYNC103-in-coroutine|async103_104_py311.py|except* BaseException:': 'deliberate: the handler `return`s on every path; swallowed-cancellation counts `return` and `break` as leaving on purpose (swallowed-cancellation docs)',
  'flake8-async-ASYNC300|async300.py|create_task(*args)': 'the peer says of this case "function-local imports aren\'t tracked": `from asyncio import create_task` inside the function is followed by async-lint, and the task is dropped',
};

/** The reason for a difference, or UNEXPLAINED; `code` is the line as the runner lists it. */
export function pythonDifference(suite: string, file: string, code: string): string {
  const bare = code.replace(/\s+#.*$/, '').trim();
  const generic = bare.replace(/^(foo\.request)\(.*\)$/, '$1()');
  return PYTHON_DIFFERENCES[`${suite}|${file}|${bare}`] ?? PYTHON_DIFFERENCES[`${suite}|${file}|${generic}`] ?? 'UNEXPLAINED';
}
