"""The nightly batch job: ``summarize batch INPUT... --out DIR``.

Modules, in the order a run uses them:

* :mod:`.inputs`: files, directories, globs and manifests → report jobs with safe names;
* :mod:`.cache`: the SQLite database (chunk answers, finished reports, modes, provider batches);
* :mod:`.runner`: the asyncio run (one extractor, one throttle), resume and Ctrl-C;
* :mod:`.outputs`: per-report files and the roll-ups, written atomically;
* :mod:`.progress`: a rich bar on a terminal, log lines under cron;
* :mod:`.provider`: OpenAI Batch API / vLLM ``run-batch`` submit and collect;
* :mod:`.cli`: argument parsing and exit codes.

Nothing here imports openai or instructor: request bodies and answer parsing
live in :mod:`summarizer.extract.batch_api`. See ``README.md`` in this directory.
"""
