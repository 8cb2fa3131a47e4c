"""The ``kg`` command line (:mod:`.main`), one module per group of commands."""
