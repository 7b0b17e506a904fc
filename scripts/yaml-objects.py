"""Reads YAML documents (what helm template prints) on standard input; writes them as one JSON array, empty ones left out.

Run with the project's virtualenv Python (.local/venv/bin/python, which has PyYAML with cfn-lint): the chart render
check and the API server stage read rendered charts through it.
"""
import json
import sys

import yaml

json.dump([document for document in yaml.safe_load_all(sys.stdin) if document], sys.stdout)
