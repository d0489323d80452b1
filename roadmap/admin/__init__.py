"""Admin for roadmap content: a roadmap with its parts inline (roadmap.py), what a learner studies
in a step (learning.py), and what they share (base.py). Importing the modules registers them."""

from . import learning, roadmap  # noqa: F401
