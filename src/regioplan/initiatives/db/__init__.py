"""The shared registry in a database, from the command line (:mod:`.cli`).

A package of its own so that ``regioplan initiatives ...`` stays light: the commands load
:mod:`regioplan.registry` (and with it the placement service) only when they run.
"""
